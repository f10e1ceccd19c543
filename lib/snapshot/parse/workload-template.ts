// Workload controllers (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob): the pod template they would
// create, read with the Pod parser. A manifest repository holds these rather than pods; the snapshot turns a
// template into a predicted pod only when the source has no pod of that controller (see predictPods).
import { z } from 'zod';
import type { Pod } from '../types';
import { fail, ok, parseMeta, parseWith, type ParseContext, type ParseResult, type RawObject } from './common';
import { parsePod } from './core';

export interface WorkloadTemplate {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** The pod the template describes, named after the controller. */
  readonly pod: Pod;
  /** spec.replicas; null when absent (defaults to 1) or not applicable (DaemonSet, Job). */
  readonly replicas: number | null;
  /** A controller managed by another (a Deployment's ReplicaSet, a CronJob's Job): the parent is the workload. */
  readonly managed: boolean;
}

const templateSchema = z.object({
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  spec: z.record(z.string(), z.unknown()),
});

const specSchema = z.object({
  replicas: z.number().int().min(0).nullable().optional(),
  template: templateSchema.optional(),
  jobTemplate: z.object({ spec: z.object({ template: templateSchema }) }).optional(),
});

export function parseWorkloadTemplate(raw: RawObject, ctx: ParseContext): ParseResult<WorkloadTemplate> {
  const meta = parseMeta(raw, ctx);
  if (!meta.ok) return meta;
  const kind = String(raw['kind']);
  const spec = parseWith(specSchema, raw['spec'], 'spec');
  if (!spec.ok) return spec;
  const template = kind === 'CronJob' ? spec.value.jobTemplate?.spec.template : spec.value.template;
  if (!template) return fail(kind === 'CronJob' ? 'spec.jobTemplate.spec.template: missing' : 'spec.template: missing');
  const templateMeta = template.metadata ?? {};
  // The predicted pod carries the template's labels and annotations (what selectors and the injector see) under
  // the controller's name, namespace and creation time.
  const pod = parsePod(
    {
      metadata: {
        ...templateMeta,
        name: meta.value.name,
        namespace: meta.value.namespace,
        creationTimestamp: meta.value.creationTimestamp,
      },
      spec: template.spec,
    },
    ctx,
  );
  if (!pod.ok) return fail(pod.reason.replace(/^spec\./, `spec.${kind === 'CronJob' ? 'jobTemplate.spec.template' : 'template'}.spec.`));
  const owners = (raw['metadata'] as RawObject | undefined)?.['ownerReferences'];
  return ok({
    kind,
    name: meta.value.name,
    namespace: meta.value.namespace,
    pod: { ...pod.value, predictedFrom: { kind, name: meta.value.name } },
    replicas: spec.value.replicas ?? null,
    managed: Array.isArray(owners) && owners.length > 0,
  });
}

/** Whether a real pod was created by this controller (directly, or through its ReplicaSet or Job). */
function ownsPod(t: WorkloadTemplate, pod: Pod): boolean {
  const owner = pod.owner;
  if (!owner || pod.meta.namespace !== t.namespace) return false;
  if (owner.kind === t.kind && owner.name === t.name) return true;
  const generated = (childKind: string) => owner.kind === childKind && owner.name.startsWith(`${t.name}-`) && /^[a-z0-9]+$/.test(owner.name.slice(t.name.length + 1));
  return (t.kind === 'Deployment' && generated('ReplicaSet')) || (t.kind === 'CronJob' && generated('Job'));
}

/**
 * The pods to predict: one per controller that runs pods (replicas not 0), is not managed by another controller,
 * and has no pod of its own in the source.
 */
export function predictPods(templates: readonly WorkloadTemplate[], pods: readonly Pod[]): Pod[] {
  const podsByNamespace = new Map<string, Pod[]>();
  for (const p of pods) {
    const list = podsByNamespace.get(p.meta.namespace);
    if (list) list.push(p);
    else podsByNamespace.set(p.meta.namespace, [p]);
  }
  return templates
    .filter((t) => !t.managed && t.replicas !== 0 && !(podsByNamespace.get(t.namespace) ?? []).some((p) => ownsPod(t, p)))
    .map((t) => t.pod);
}
