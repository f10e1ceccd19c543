// The DestinationRule conflict findings (MP201–MP203, ../findings/destination-rule-checks) per Service namespace,
// recomputed only for the Service namespaces whose inputs changed. A finding of Service namespace S reads S (its
// Services and pods), the rule's namespace and those it is exported to, and the client namespaces its witness search
// read (recorded while the check runs). When the search went on to the namespaces taken in order of their first
// sidecar workload (first one without rules, then every one), it also depends on the namespaces without rules and
// on those before the last one read, in that order, before and after the change; and on every client namespace
// when the search may have run out. DestinationRule changes themselves are full recomputes (./snapshot-changes).
import type { DestinationRule } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { FINDING_CHECKS, type FindingContext } from '../findings';
import { kindsReadable } from '../findings/context';
import { witnessSearchObservers } from '../findings/destination-rule-checks';
import type { Finding } from '../model';
import { findingScope } from './finding-scopes';

interface ServiceNamespaceReads {
  readonly namespaces: Set<string>;
  /** Client namespaces read in the ordered part of the search: every namespace before them in that order matters. */
  readonly orderedUpTo: Set<string>;
  /** A search found no witness: it read every candidate, so any client namespace may change that. */
  exhaustive: boolean;
  /** No search found a witness: only a changed namespace that now holds one can change these findings. */
  witnessless: boolean;
}

/** What the MP201–MP203 findings of one computation read, per Service namespace. */
export interface DestinationRuleReads {
  readonly byServiceNamespace: ReadonlyMap<string, ServiceNamespaceReads>;
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

/**
 * Runs the destination-rule checks over `ctx` for the Service namespaces `only` (all when null), recording what
 * each namespace's findings read. Returns the findings of those namespaces and their reads.
 */
export function runDestinationRuleChecks(ctx: FindingContext, only: ReadonlySet<string> | null): { findings: Finding[]; reads: Map<string, ServiceNamespaceReads> } {
  const reads = new Map<string, ServiceNamespaceReads>();
  const rules = only === null ? ctx.index.snapshot.destinationRules : ctx.index.snapshot.destinationRules.filter((dr) => {
    const ns = hostNamespace(dr);
    return ns === null || only.has(ns);
  });
  const scoped: FindingContext = { ...ctx, index: { ...ctx.index, snapshot: { ...ctx.index.snapshot, destinationRules: rules } } };
  // Per (rule, Service) of each Service namespace: whether its search found a witness (else it read every candidate).
  const found = new Map<string, Map<string, boolean>>();
  witnessSearchObservers.set(scoped, (dr, service, ns, witness) => {
    const s = service.meta.namespace;
    if (only !== null && !only.has(s)) return;
    const uses = found.get(s) ?? found.set(s, new Map()).get(s)!;
    const use = `${dr.meta.namespace}/${dr.meta.name}\u0000${service.meta.name}`;
    uses.set(use, (uses.get(use) ?? false) || witness);
    let r = reads.get(s);
    if (!r) reads.set(s, (r = { namespaces: new Set([s]), orderedUpTo: new Set(), exhaustive: false, witnessless: false }));
    r.namespaces.add(ns).add(dr.meta.namespace);
    const named = dr.exportTo.filter((e) => !EXPORT_KEYWORDS.has(e));
    for (const e of named) r.namespaces.add(e);
    if (ns !== s && ns !== dr.meta.namespace && !named.includes(ns)) r.orderedUpTo.add(ns);
  });
  const findings: Finding[] = [];
  const finish = () => {
    for (const [s, uses] of found) {
      const r = reads.get(s);
      if (!r) continue;
      r.exhaustive = [...uses.values()].some((witness) => !witness);
      r.witnessless = [...uses.values()].every((witness) => !witness);
    }
  };
  for (const check of FINDING_CHECKS) {
    if (findingScope(check.code) !== 'destination-rule' || !kindsReadable(scoped, check.requires)) continue;
    for (const f of check.run(scoped)) {
      if (f.code !== check.code) throw new Error(`check ${check.code} produced a ${f.code} finding`);
      if (only === null || (f.namespace !== null && only.has(f.namespace))) findings.push(f);
    }
  }
  finish();
  return { findings, reads };
}

/**
 * The Service namespaces among `services` for which a witness search finds a witness in namespace `ns` (its
 * workloads alone): for findings whose searches found none anywhere, that is the only way a change in `ns` matters.
 */
function witnessesIn(ctx: FindingContext, services: ReadonlySet<string>, ns: string): Set<string> {
  const rules = ctx.index.snapshot.destinationRules.filter((dr) => {
    const target = hostNamespace(dr);
    return target === null || services.has(target);
  });
  const probe: FindingContext = {
    ...ctx,
    workloads: ctx.workloads.filter((w) => w.pod.meta.namespace === ns),
    index: { ...ctx.index, snapshot: { ...ctx.index.snapshot, destinationRules: rules } },
  };
  const out = new Set<string>();
  witnessSearchObservers.set(probe, (_dr, service, examined, witness) => {
    if (witness && examined === ns && services.has(service.meta.namespace)) out.add(service.meta.namespace);
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
  const witnessless = new Set<string>();
  for (const [s, r] of previous.byServiceNamespace) {
    if (affected.has(s)) continue;
    if (r.witnessless) witnessless.add(s);
    else if ([...changed].some((ns) => r.namespaces.has(ns))) affected.add(s);
    // A search that found no witness read every client namespace there was (all in r.namespaces): only a new one may change it.
    else if (r.exhaustive && clients.some((ns) => !previous.order.has(ns))) affected.add(s);
    else if (r.orderedUpTo.size > 0 && clients.length > 0) {
      const reached = [...r.orderedUpTo].some((w) => {
        const at = nextOrder.get(w);
        return at === undefined || at >= firstNext || (previous.order.get(w) ?? Infinity) >= firstPrev;
      });
      // A search that read a namespace without rules read the first untried one: those before it are `reached`;
      // one that read none may now find a client namespace without rules.
      const readRuleLess = [...r.orderedUpTo].some((ns) => !hasRules(ns));
      if (reached || (ruleLess && !readRuleLess)) affected.add(s);
    }
  }
  // Every namespace those searches read gave no witness; unchanged ones still give none, so only a changed one can.
  if (witnessless.size > 0) for (const ns of clients) if (nextOrder.has(ns)) for (const s of witnessesIn(next, witnessless, ns)) affected.add(s);
  return affected;
}
