import 'server-only';
// The feed's snapshot builder: each object is parsed once, when it arrives (buildSnapshot on that one object,
// remembered by object identity), and a rebuild after one watch event re-parses that object only. What spans
// objects is redone on every build, the same way buildSnapshot does it: the mesh config and root certificates
// (the few kept ConfigMaps, through buildSnapshot with the provenance), and which controllers still need a
// predicted pod (predictPods against the real pods). A relist brings new objects, so it parses everything again.
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import { predictPods, type WorkloadTemplate } from '@/lib/snapshot/parse/workload-template';
import type { CollectionIssue, MeshSnapshot, Pod } from '@/lib/snapshot/types';
import type { KindReading, SnapshotBuilder } from './assemble-snapshot';

const COLLECTIONS = [
  'namespaces',
  'pods',
  'services',
  'serviceAccounts',
  'peerAuthentications',
  'authorizationPolicies',
  'requestAuthentications',
  'destinationRules',
  'envoyFilters',
  'telemetries',
] as const;
type Collection = (typeof COLLECTIONS)[number];

/** One object, parsed: at most one value (a controller's is its predicted pod) and its issues. */
interface Fragment {
  readonly collection: Collection | null;
  readonly value: unknown;
  readonly issues: readonly CollectionIssue[];
}

const FRAGMENT_OPTIONS = { source: 'fragment', asOf: '1970-01-01T00:00:00Z' } as const;

function parseOne(raw: unknown): Fragment {
  const s = buildSnapshot([{ raw }], FRAGMENT_OPTIONS);
  for (const c of COLLECTIONS) {
    const first = s[c][0];
    if (first !== undefined) return { collection: c, value: first, issues: s.issues };
  }
  return { collection: null, value: null, issues: s.issues };
}

/** A template with its predicted pod: replicas and "managed" were already applied when the fragment was parsed. */
function templateOf(pod: Pod): WorkloadTemplate | null {
  if (!pod.predictedFrom) return null;
  return { kind: pod.predictedFrom.kind, name: pod.predictedFrom.name, namespace: pod.meta.namespace, pod, replicas: null, managed: false };
}

export function createIncrementalBuilder(): SnapshotBuilder {
  const fragments = new WeakMap<object, Fragment>();
  const fragmentOf = (raw: unknown): Fragment => {
    if (raw === null || typeof raw !== 'object') return parseOne(raw);
    let f = fragments.get(raw);
    if (!f) fragments.set(raw, (f = parseOne(raw)));
    return f;
  };

  return (readings: readonly KindReading[], base): MeshSnapshot => {
    const configMaps = readings.filter((r) => r.status === 'ok' && r.spec.resource === 'configmaps').flatMap((r) => [...r.objects]);
    const shell = buildSnapshot(configMaps.map((raw) => ({ raw })), base);
    const collections: Record<Collection, unknown[]> = Object.fromEntries(COLLECTIONS.map((c) => [c, []])) as unknown as Record<Collection, unknown[]>;
    const templates: WorkloadTemplate[] = [];
    const issues: CollectionIssue[] = [...shell.issues];
    for (const r of readings) {
      if (r.status !== 'ok' || r.spec.resource === 'configmaps') continue;
      for (const raw of r.objects) {
        const f = fragmentOf(raw);
        issues.push(...f.issues);
        if (f.collection === null) continue;
        const template = f.collection === 'pods' ? templateOf(f.value as Pod) : null;
        if (template) templates.push(template);
        else collections[f.collection].push(f.value);
      }
    }
    const pods = collections.pods as Pod[];
    return {
      ...shell,
      ...(collections as unknown as Pick<MeshSnapshot, Collection>),
      pods: [...pods, ...predictPods(templates, pods)],
      issues,
    };
  };
}
