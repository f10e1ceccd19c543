// The predicted pods (predictPods: a workload template with no pod of its own) of a snapshot kept up to date as pods
// and templates come and go, namespace by namespace: a pod event judges again only its own namespace's templates,
// not every template against every pod (a template and the pods it owns are always in the same namespace).
import { predictPods, type WorkloadTemplate } from './parse/workload-template';
import type { Pod } from './types';

const NONE: ReadonlySet<Pod> = new Set();

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

export class PredictedPods {
  private readonly podsByNamespace = new Map<string, Set<Pod>>();
  private templatesByNamespace = new Map<string, WorkloadTemplate[]>();
  /** The pods predicted from each namespace's templates (their `pod`). */
  private readonly predictedByNamespace = new Map<string, ReadonlySet<Pod>>();
  /** Namespaces whose pods or templates changed since the last call of `of`. */
  private readonly dirty = new Set<string>();
  private templates: readonly WorkloadTemplate[] = [];
  private predicted: readonly Pod[] = [];

  addPod(pod: Pod): void {
    const ns = pod.meta.namespace;
    const pods = this.podsByNamespace.get(ns);
    if (pods) pods.add(pod);
    else this.podsByNamespace.set(ns, new Set([pod]));
    this.dirty.add(ns);
  }

  removePod(pod: Pod): void {
    const ns = pod.meta.namespace;
    const pods = this.podsByNamespace.get(ns);
    if (pods?.delete(pod) && pods.size === 0) this.podsByNamespace.delete(ns);
    this.dirty.add(ns);
  }

  /** A template was added or removed (either way its namespace is judged again). */
  templateChanged(template: WorkloadTemplate): void {
    this.dirty.add(template.namespace);
  }

  /** Every namespace is judged again at the next call (the templates given meanwhile were not all told). */
  invalidate(): void {
    for (const ns of this.podsByNamespace.keys()) this.dirty.add(ns);
    for (const ns of this.templatesByNamespace.keys()) this.dirty.add(ns);
    for (const ns of this.predictedByNamespace.keys()) this.dirty.add(ns);
  }

  /**
   * predictPods(templates, pods) for the pods added (and not removed) so far and `templates`, every template in
   * order, each added or removed one told through templateChanged. Unchanged, it is the same array as last time.
   */
  of(templates: readonly WorkloadTemplate[]): readonly Pod[] {
    let changed = templates !== this.templates;
    if (changed) {
      const byNamespace = new Map<string, WorkloadTemplate[]>();
      for (const t of templates) {
        const list = byNamespace.get(t.namespace);
        if (list) list.push(t);
        else byNamespace.set(t.namespace, [t]);
      }
      this.templatesByNamespace = byNamespace;
      this.templates = templates;
    }
    for (const ns of this.dirty) {
      const nsTemplates = this.templatesByNamespace.get(ns);
      const pods = this.podsByNamespace.get(ns);
      const next = nsTemplates ? new Set(predictPods(nsTemplates, pods ? [...pods] : [])) : NONE;
      if (!sameSet(this.predictedByNamespace.get(ns) ?? NONE, next)) changed = true;
      if (next.size > 0) this.predictedByNamespace.set(ns, next);
      else this.predictedByNamespace.delete(ns);
    }
    this.dirty.clear();
    if (changed) {
      const predicted: Pod[] = [];
      for (const t of templates) if (this.predictedByNamespace.get(t.namespace)?.has(t.pod)) predicted.push(t.pod);
      if (predicted.length !== this.predicted.length || predicted.some((p, i) => p !== this.predicted[i])) this.predicted = predicted;
    }
    return this.predicted;
  }
}
