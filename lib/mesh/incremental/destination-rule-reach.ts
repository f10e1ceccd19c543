// Which namespaces the DestinationRule conflict findings (MP201–MP203, ../findings/destination-rule-checks) can
// depend on, so they are recomputed only when one of them changed. For each (rule, Service) the check reads the
// Service's namespace (its pods), the rule's namespace, the namespaces the rule is exported to by name, and looks for
// a witness client in: those, then the namespaces without rules of their own in order of their first sidecar
// workload, where the first one not yet tried answers for all of them. So beyond the rules' own namespaces, only the
// first few rule-less client namespaces are ever read. DestinationRule changes themselves are full recomputes.
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { MeshIndex } from '../mesh-index';

const EXPORT_KEYWORDS = new Set(['*', '.', '~']);

interface RuleReach {
  /** Namespaces of rules, of the Services their hosts name, and those they are exported to by name. */
  readonly namespaces: ReadonlySet<string>;
  /** How many rule-less client namespaces, in order, may be read. */
  readonly prefix: number;
}

/** null when a rule has a wildcard host (it may name a Service in any namespace). */
function ruleReach(index: MeshIndex): RuleReach | null {
  const namespaces = new Set<string>();
  let named = 0;
  for (const dr of index.snapshot.destinationRules) {
    if (dr.host.includes('*')) return null;
    const host = dr.host.toLowerCase();
    namespaces.add(dr.meta.namespace);
    namespaces.add(host.includes('.') ? (host.split('.')[1] ?? '') : dr.meta.namespace);
    const exported = dr.exportTo.filter((e) => !EXPORT_KEYWORDS.has(e));
    for (const e of exported) namespaces.add(e);
    named = Math.max(named, exported.length);
  }
  // The Service's and the rule's namespace and each named export may be tried before the rule-less ones.
  return { namespaces, prefix: 3 + named };
}

/** The first `count` namespaces, in workload order, with a sidecar workload and no DestinationRule. */
function firstNamespacesWithoutRules(workloads: readonly EvaluatedWorkload[], index: MeshIndex, count: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const w of workloads) {
    if (w.dataplane !== 'sidecar') continue;
    const ns = w.pod.meta.namespace;
    if (seen.has(ns)) continue;
    seen.add(ns);
    if ((index.destinationRulesByNamespace.get(ns) ?? []).length > 0) continue;
    out.push(ns);
    if (out.length >= count) break;
  }
  return out;
}

/**
 * Whether the previous MP201–MP203 findings still hold: no namespace they may depend on (before or after the
 * change) is among the changed ones. Needs the same DestinationRules on both sides (else the change is global).
 */
export function destinationRuleFindingsUnchanged(
  previous: { readonly index: MeshIndex; readonly workloads: readonly EvaluatedWorkload[] },
  next: { readonly index: MeshIndex; readonly workloads: readonly EvaluatedWorkload[] },
  changed: ReadonlySet<string>,
): boolean {
  if (changed.size === 0) return true;
  const reach = ruleReach(next.index);
  if (reach === null) return false;
  if ([...changed].some((ns) => reach.namespaces.has(ns))) return false;
  for (const side of [previous, next]) {
    if (firstNamespacesWithoutRules(side.workloads, side.index, reach.prefix).some((ns) => changed.has(ns))) return false;
  }
  return true;
}
