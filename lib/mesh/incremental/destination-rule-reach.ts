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
import { kindsReadable, provideWorkloadsByNamespace } from '../findings/context';
import { witnessSearchInputs, witnessSearchObservers, type WitnessSearchInputs, type WitnessSearchObserver } from '../findings/destination-rule-checks';
import type { Finding } from '../model';
import { findingScope } from './finding-scopes';
import type { FindingsState } from './findings-state';

/** What one (rule, Service) witness search read. */
interface UseReads {
  readonly namespaces: Set<string>;
  /** Client namespaces read in the ordered part of the search: every namespace before them in that order matters. */
  readonly orderedUpTo: Set<string>;
  witness: boolean;
}

/** What the uses of one Service namespace read, summed up for the dependency test. */
export interface ServiceNamespaceReads {
  /** Namespaces read by the searches that found a witness. */
  readonly read: ReadonlySet<string>;
  /** Those searches that went on to the ordered part. */
  readonly ordered: readonly UseReads[];
  /** Keys of the uses whose search found no witness. */
  readonly witnessless: ReadonlySet<string>;
}

/**
 * What the MP201–MP203 findings of one computation read, per Service namespace; and the client namespaces in the
 * order the witness search takes them (that of their first sidecar workload) in that computation.
 */
export interface DestinationRuleReads {
  readonly byServiceNamespace: Map<string, ServiceNamespaceReads>;
  order: readonly string[];
}

const EXPORT_KEYWORDS = new Set(['*', '.', '~']);

const ranksCache = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/** Namespace → rank in an order of client namespaces (built once per order). */
function ranks(order: readonly string[]): ReadonlyMap<string, number> {
  let map = ranksCache.get(order);
  if (!map) ranksCache.set(order, (map = new Map(order.map((ns, i) => [ns, i] as const))));
  return map;
}

function summed(uses: ReadonlyMap<string, UseReads>): ServiceNamespaceReads {
  const read = new Set<string>();
  const ordered: UseReads[] = [];
  const witnessless = new Set<string>();
  for (const [key, r] of uses) {
    if (!r.witness) {
      witnessless.add(key);
      continue;
    }
    for (const ns of r.namespaces) read.add(ns);
    if (r.orderedUpTo.size > 0) ordered.push(r);
  }
  return { read, ordered, witnessless };
}

/** The Service namespace a rule's non-wildcard host names (FQDN or short name), as the check resolves it. */
function hostNamespace(dr: DestinationRule): string | null {
  if (dr.host.includes('*')) return null;
  const host = dr.host.toLowerCase();
  return host.includes('.') ? (host.split('.')[1] ?? null) : dr.meta.namespace;
}

const useKey = (dr: DestinationRule, service: Service) => `${dr.meta.namespace}/${dr.meta.name}\u0000${service.meta.name}`;

interface RulesByHost {
  readonly byHostNamespace: ReadonlyMap<string, readonly DestinationRule[]>;
  readonly wildcard: readonly DestinationRule[];
  readonly position: ReadonlyMap<DestinationRule, number>;
}

/**
 * The rules by the namespace their host names. DestinationRules never change within an incremental run (a change is
 * a full recompute), and the index carries their per-namespace table over, so this is built once per such run.
 */
const rulesByHostCache = new WeakMap<ReadonlyMap<string, readonly DestinationRule[]>, RulesByHost>();

function rulesByHost(ctx: FindingContext): RulesByHost {
  let cached = rulesByHostCache.get(ctx.index.destinationRulesByNamespace);
  if (cached) return cached;
  const byHostNamespace = new Map<string, DestinationRule[]>();
  const wildcard: DestinationRule[] = [];
  const rules = ctx.index.snapshot.destinationRules;
  for (const dr of rules) {
    const ns = hostNamespace(dr);
    if (ns === null) wildcard.push(dr);
    else (byHostNamespace.get(ns) ?? byHostNamespace.set(ns, []).get(ns)!).push(dr);
  }
  cached = { byHostNamespace, wildcard, position: new Map(rules.map((dr, i) => [dr, i] as const)) };
  rulesByHostCache.set(ctx.index.destinationRulesByNamespace, cached);
  return cached;
}

/** The rules that may name a Service of `services` (all when null), in snapshot order. */
function rulesFor(ctx: FindingContext, services: ReadonlySet<string> | null): readonly DestinationRule[] {
  if (services === null) return ctx.index.snapshot.destinationRules;
  const { byHostNamespace, wildcard, position } = rulesByHost(ctx);
  const rules = [...wildcard];
  for (const ns of services) rules.push(...(byHostNamespace.get(ns) ?? []));
  return rules.sort((a, b) => position.get(a)! - position.get(b)!);
}

/**
 * `ctx` with only the rules that may name a Service of `services` (all when null), its witness search reading the
 * state's clients and Services and told each search's reads.
 */
function observed(ctx: FindingContext, services: ReadonlySet<string> | null, clients: WitnessSearchInputs, observer: WitnessSearchObserver): FindingContext {
  const scoped: FindingContext = { ...ctx, index: { ...ctx.index, snapshot: { ...ctx.index.snapshot, destinationRules: rulesFor(ctx, services) } } };
  witnessSearchObservers.set(scoped, observer);
  witnessSearchInputs.set(scoped, clients);
  return scoped;
}

/** The state's sidecar clients, namespaces in the witness search's order. */
function witnessInputs(state: FindingsState): WitnessSearchInputs {
  const clientsByNamespace = new Map<string, readonly EvaluatedWorkload[]>();
  for (const ns of state.clientOrder) clientsByNamespace.set(ns, state.sidecarClients.get(ns) ?? []);
  return { clientsByNamespace, servicesByFqdn: state.servicesByFqdn };
}

/**
 * Runs the destination-rule checks over `ctx` for the Service namespaces `only` (all when null), recording what
 * each use read. Returns the findings of those namespaces and their reads.
 */
export function runDestinationRuleChecks(ctx: FindingContext, state: FindingsState, only: ReadonlySet<string> | null): { findings: Finding[]; reads: Map<string, ServiceNamespaceReads> } {
  const reads = new Map<string, Map<string, UseReads>>();
  const scoped = observed(ctx, only, witnessInputs(state), (dr, service, ns, witness) => {
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
  provideWorkloadsByNamespace(scoped, state.byNamespace);
  const findings: Finding[] = [];
  for (const check of FINDING_CHECKS) {
    if (findingScope(check.code) !== 'destination-rule' || !kindsReadable(scoped, check.requires)) continue;
    for (const f of check.run(scoped)) {
      if (f.code !== check.code) throw new Error(`check ${check.code} produced a ${f.code} finding`);
      if (only === null || (f.namespace !== null && only.has(f.namespace))) findings.push(f);
    }
  }
  return { findings, reads: new Map([...reads].map(([ns, uses]) => [ns, summed(uses)] as const)) };
}

/**
 * The uses among `uses` (keys by Service namespace) whose witness search finds a witness in namespace `ns`, searching
 * that namespace's workloads alone.
 */
function witnessesIn(ctx: FindingContext, state: FindingsState, uses: ReadonlyMap<string, ReadonlySet<string>>, ns: string): Set<string> {
  const out = new Set<string>();
  const workloads = state.byNamespace.get(ns) ?? [];
  const sidecars = state.sidecarClients.get(ns);
  const clients: WitnessSearchInputs = { clientsByNamespace: new Map(sidecars ? [[ns, sidecars]] : []), servicesByFqdn: state.servicesByFqdn };
  const probe = observed({ ...ctx, workloads }, new Set(uses.keys()), clients, (dr, service, examined, witness) => {
    if (witness && examined === ns && uses.get(service.meta.namespace)?.has(useKey(dr, service))) out.add(service.meta.namespace);
  });
  // One run of a destination-rule check searches for every rule (the three codes share it).
  const check = FINDING_CHECKS.find((c) => findingScope(c.code) === 'destination-rule');
  if (check && kindsReadable(probe, check.requires)) check.run(probe);
  return out;
}

/** The Service namespaces whose MP201–MP203 findings may differ after `changed` namespaces changed. */
export function affectedServiceNamespaces(previous: DestinationRuleReads, next: FindingContext, state: FindingsState, changed: ReadonlySet<string>): Set<string> {
  const affected = new Set<string>(changed);
  const hasRules = (ns: string) => (next.index.destinationRulesByNamespace.get(ns) ?? []).length > 0;
  const prevOrder = ranks(previous.order);
  const nextOrder = ranks(state.clientOrder);
  // Changed namespaces that are (or were) client namespaces: the only ones the ordered search can reach.
  const clients = [...changed].filter((ns) => prevOrder.has(ns) || nextOrder.has(ns));
  const ruleLess = clients.some((ns) => nextOrder.has(ns) && !hasRules(ns));
  const firstPrev = Math.min(...clients.map((ns) => prevOrder.get(ns) ?? Infinity));
  const firstNext = Math.min(...clients.map((ns) => nextOrder.get(ns) ?? Infinity));
  const reachesChange = (r: UseReads): boolean => {
    const reached = [...r.orderedUpTo].some((w) => {
      const at = nextOrder.get(w);
      return at === undefined || at >= firstNext || (prevOrder.get(w) ?? Infinity) >= firstPrev;
    });
    // A search that read a namespace without rules read the first untried one: those before it are `reached`;
    // one that read none may now find a client namespace without rules.
    return reached || (ruleLess && ![...r.orderedUpTo].some((ns) => !hasRules(ns)));
  };
  const witnessless = new Map<string, ReadonlySet<string>>();
  for (const [s, reads] of previous.byServiceNamespace) {
    if (affected.has(s)) continue;
    let depends = false;
    for (const ns of changed) if (reads.read.has(ns)) depends = true;
    if (depends || (clients.length > 0 && reads.ordered.some(reachesChange))) affected.add(s);
    else if (reads.witnessless.size > 0) witnessless.set(s, reads.witnessless);
  }
  if (witnessless.size > 0) for (const ns of clients) if (nextOrder.has(ns)) for (const s of witnessesIn(next, state, witnessless, ns)) affected.add(s);
  return affected;
}
