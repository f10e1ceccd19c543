// The DestinationRule conflict findings (MP201–MP203, ../findings/destination-rule-checks) per Service namespace,
// recomputed only for the Service namespaces whose inputs changed. Each (rule, Service) use reads the Service's
// namespace S (its Services and pods), the rule's namespace and those it is exported to, and the client namespaces
// its witness search read (recorded while the check runs):
// - a search that found a witness depends on what it read and, when it went on to the namespaces taken in order of
//   their first sidecar workload (the first one without rules, then every one), on the namespaces before the last
//   one read in that order, before and after the change, and on namespaces without rules when it read none;
// - a search that found none read every candidate and found nothing: unchanged namespaces still give nothing, so
//   only a changed namespace that now holds a witness matters (probed on that namespace's workloads alone).
// DestinationRule changes themselves are full recomputes (./snapshot-changes).
import type { DestinationRule, Service } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { FINDING_CHECKS, type FindingContext } from '../findings';
import { kindsReadable } from '../findings/context';
import { witnessSearchObservers, type WitnessSearchObserver } from '../findings/destination-rule-checks';
import type { Finding } from '../model';
import { findingScope } from './finding-scopes';

/** What one (rule, Service) witness search read. */
interface UseReads {
  readonly namespaces: Set<string>;
  /** Client namespaces read in the ordered part of the search: every namespace before them in that order matters. */
  readonly orderedUpTo: Set<string>;
  witness: boolean;
}

/** What the MP201–MP203 findings of one computation read, per Service namespace and use. */
export interface DestinationRuleReads {
  readonly byServiceNamespace: ReadonlyMap<string, ReadonlyMap<string, UseReads>>;
  /** Namespace → rank of its first sidecar workload in that computation's workload order. */
  readonly order: ReadonlyMap<string, number>;
}

const EXPORT_KEYWORDS = new Set(['*', '.', '~']);

/** Namespaces in order of their first sidecar workload (the order the witness search takes them in). */
export function clientNamespaceOrder(workloads: readonly EvaluatedWorkload[]): Map<string, number> {
  const order = new Map<string, number>();
  for (const w of workloads) if (w.dataplane === 'sidecar' && !order.has(w.pod.meta.namespace)) order.set(w.pod.meta.namespace, order.size);
  return order;
}

/** The Service namespace a rule's non-wildcard host names (FQDN or short name), as the check resolves it. */
function hostNamespace(dr: DestinationRule): string | null {
  if (dr.host.includes('*')) return null;
  const host = dr.host.toLowerCase();
  return host.includes('.') ? (host.split('.')[1] ?? null) : dr.meta.namespace;
}

const useKey = (dr: DestinationRule, service: Service) => `${dr.meta.namespace}/${dr.meta.name}\u0000${service.meta.name}`;

/** `ctx` with only the rules that may name a Service of `services` (all when null), told each witness search read. */
function observed(ctx: FindingContext, services: ReadonlySet<string> | null, observer: WitnessSearchObserver): FindingContext {
  const rules = services === null ? ctx.index.snapshot.destinationRules : ctx.index.snapshot.destinationRules.filter((dr) => {
    const ns = hostNamespace(dr);
    return ns === null || services.has(ns);
  });
  const scoped: FindingContext = { ...ctx, index: { ...ctx.index, snapshot: { ...ctx.index.snapshot, destinationRules: rules } } };
  witnessSearchObservers.set(scoped, observer);
  return scoped;
}

/**
 * Runs the destination-rule checks over `ctx` for the Service namespaces `only` (all when null), recording what
 * each use read. Returns the findings of those namespaces and their reads.
 */
export function runDestinationRuleChecks(ctx: FindingContext, only: ReadonlySet<string> | null): { findings: Finding[]; reads: Map<string, Map<string, UseReads>> } {
  const reads = new Map<string, Map<string, UseReads>>();
  const scoped = observed(ctx, only, (dr, service, ns, witness) => {
    const s = service.meta.namespace;
    if (only !== null && !only.has(s)) return;
    const uses = reads.get(s) ?? reads.set(s, new Map()).get(s)!;
    const key = useKey(dr, service);
    let r = uses.get(key);
    if (!r) {
      const named = dr.exportTo.filter((e) => !EXPORT_KEYWORDS.has(e));
      uses.set(key, (r = { namespaces: new Set([s, dr.meta.namespace, ...named]), orderedUpTo: new Set(), witness: false }));
    }
    if (!r.namespaces.has(ns)) {
      r.namespaces.add(ns);
      r.orderedUpTo.add(ns);
    }
    r.witness ||= witness;
  });
  const findings: Finding[] = [];
  for (const check of FINDING_CHECKS) {
    if (findingScope(check.code) !== 'destination-rule' || !kindsReadable(scoped, check.requires)) continue;
    for (const f of check.run(scoped)) {
      if (f.code !== check.code) throw new Error(`check ${check.code} produced a ${f.code} finding`);
      if (only === null || (f.namespace !== null && only.has(f.namespace))) findings.push(f);
    }
  }
  return { findings, reads };
}

/**
 * The uses among `uses` (keys by Service namespace) whose witness search finds a witness in namespace `ns`, searching
 * that namespace's workloads alone.
 */
function witnessesIn(ctx: FindingContext, uses: ReadonlyMap<string, ReadonlySet<string>>, ns: string): Set<string> {
  const out = new Set<string>();
  const probe = observed({ ...ctx, workloads: ctx.workloads.filter((w) => w.pod.meta.namespace === ns) }, new Set(uses.keys()), (dr, service, examined, witness) => {
    if (witness && examined === ns && uses.get(service.meta.namespace)?.has(useKey(dr, service))) out.add(service.meta.namespace);
  });
  // One run of a destination-rule check searches for every rule (the three codes share it).
  const check = FINDING_CHECKS.find((c) => findingScope(c.code) === 'destination-rule');
  if (check && kindsReadable(probe, check.requires)) check.run(probe);
  return out;
}

/** The Service namespaces whose MP201–MP203 findings may differ after `changed` namespaces changed. */
export function affectedServiceNamespaces(previous: DestinationRuleReads, next: FindingContext, nextOrder: ReadonlyMap<string, number>, changed: ReadonlySet<string>): Set<string> {
  const affected = new Set<string>(changed);
  const hasRules = (ns: string) => (next.index.destinationRulesByNamespace.get(ns) ?? []).length > 0;
  // Changed namespaces that are (or were) client namespaces: the only ones the ordered search can reach.
  const clients = [...changed].filter((ns) => previous.order.has(ns) || nextOrder.has(ns));
  const ruleLess = clients.some((ns) => nextOrder.has(ns) && !hasRules(ns));
  const firstPrev = Math.min(...clients.map((ns) => previous.order.get(ns) ?? Infinity));
  const firstNext = Math.min(...clients.map((ns) => nextOrder.get(ns) ?? Infinity));
  const dependsOnChange = (r: UseReads): boolean => {
    if ([...changed].some((ns) => r.namespaces.has(ns))) return true;
    if (r.orderedUpTo.size === 0 || clients.length === 0) return false;
    const reached = [...r.orderedUpTo].some((w) => {
      const at = nextOrder.get(w);
      return at === undefined || at >= firstNext || (previous.order.get(w) ?? Infinity) >= firstPrev;
    });
    // A search that read a namespace without rules read the first untried one: those before it are `reached`;
    // one that read none may now find a client namespace without rules.
    return reached || (ruleLess && ![...r.orderedUpTo].some((ns) => !hasRules(ns)));
  };
  const witnessless = new Map<string, Set<string>>();
  for (const [s, uses] of previous.byServiceNamespace) {
    if (affected.has(s)) continue;
    for (const [key, r] of uses) {
      if (!r.witness) (witnessless.get(s) ?? witnessless.set(s, new Set()).get(s)!).add(key);
      else if (dependsOnChange(r)) {
        affected.add(s);
        break;
      }
    }
  }
  for (const s of affected) witnessless.delete(s);
  if (witnessless.size > 0) for (const ns of clients) if (nextOrder.has(ns)) for (const s of witnessesIn(next, witnessless, ns)) affected.add(s);
  return affected;
}
