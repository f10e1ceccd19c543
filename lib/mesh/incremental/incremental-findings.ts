// Findings of a snapshot whose change is confined to some namespaces: the previous findings that cannot have changed
// are kept, the checks are re-run over what the change touches (see ./finding-scopes), and the new findings are
// merged into the kept ones (both sorted). Whole-mesh lookups come from a per-namespace state carried from one
// computation to the next (./findings-state), so an event costs in proportion to what it changed:
// - over a restricted context (the dirty namespaces' objects, the root namespace's, their workloads and the likely
//   plaintext clients of their Services elsewhere): every 'workload' and 'policy' finding of a dirty namespace, and
//   MP105/MP106 of the namespaces whose Services a changed pod without a dataplane names in its env;
// - over the whole mesh with only the root namespace's policies, when one of them could select a pod of a dirty
//   namespace (before or after): the 'policy' findings of root-namespace policies (PA-1, Z-1, J-1);
// - the 'destination-rule' findings of the Service namespaces whose inputs changed (./destination-rule-reach);
// - the 'global' checks, each over what it reads.
import type { AuthorizationPolicy, MeshSnapshot, PeerAuthentication, Pod, RequestAuthentication } from '@/lib/snapshot/types';
import { GATEWAY_NAME_LABELS } from '../dataplane';
import type { PostureComputation } from '../compute-posture';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { FINDING_CHECKS, type FindingCheck, type FindingCode, type FindingContext } from '../findings';
import { compareFindings, kindsReadable, provideWorkloadsByNamespace } from '../findings/context';
import { provideWorkloadByPod } from '../findings/membership';
import { isEmptySelector, isSelectedBy } from '../labels';
import { buildMeshIndex, type MeshIndex } from '../mesh-index';
import type { Finding, NamespacePosture } from '../model';
import { affectedServiceNamespaces, runDestinationRuleChecks, type DestinationRuleReads } from './destination-rule-reach';
import {
  buildFindingsState,
  inWorkloadOrder,
  namespacesNamedByEnv,
  updateFindingsState,
  workloadsOfNamespaces,
  type FindingsState,
} from './findings-state';
import { findingScope, type FindingScope } from './finding-scopes';

export interface IncrementalFindingsInput {
  readonly index: MeshIndex;
  readonly workloads: readonly EvaluatedWorkload[];
  readonly namespaces: readonly NamespacePosture[];
  readonly now: string;
  /** The previous computation's index, workloads and findings. */
  readonly previousIndex: MeshIndex;
  readonly previousWorkloads: readonly EvaluatedWorkload[];
  readonly previousFindings: readonly Finding[];
  /** Namespaces whose workloads or namespace posture were recomputed. */
  readonly dirty: ReadonlySet<string>;
  /** The workloads of each dirty namespace, in workload order, when the caller has them (else found by a walk). */
  readonly dirtyWorkloads?: ReadonlyMap<string, readonly EvaluatedWorkload[]>;
}

/** The codes that read likely plaintext clients in other namespaces (./finding-scopes 'workload'). */
const PLAINTEXT_CLIENT_CODES: ReadonlySet<FindingCode> = new Set(['MP105', 'MP106']);

/** Each computation's state, moved (not copied) to the next computation. */
const states = new WeakMap<MeshIndex, FindingsState>();
/** What each computation's MP201–MP203 findings read (by its index), moved to the next incremental step. */
const destinationRuleReads = new WeakMap<MeshIndex, DestinationRuleReads>();

const hasServices = (index: MeshIndex, ns: string) => (index.servicesByNamespace.get(ns)?.length ?? 0) > 0;

/**
 * MP308 groups workloads by their set of CUSTOM policies: when the root namespace's CUSTOM policies alone name two
 * providers, one group spans namespaces and the code is not per namespace.
 */
function customGroupsSpanNamespaces(index: MeshIndex): boolean {
  const custom = (index.authorizationPoliciesByNamespace.get(index.rootNamespace) ?? []).filter((p) => p.action === 'CUSTOM');
  return new Set(custom.map((p) => p.provider ?? '')).size > 1;
}

type RootPolicy = AuthorizationPolicy | RequestAuthentication | PeerAuthentication;

/**
 * Whether a root-namespace policy's findings may read this pod: those it could attach to or select (targetRefs
 * attach to gateway pods only; an empty selector selects every pod). A superset of policy-attachment's rules.
 */
function mayRead(policy: RootPolicy, pod: Pod): boolean {
  if ('targetRefs' in policy && policy.targetRefs.length > 0) return GATEWAY_NAME_LABELS.some((l) => l in pod.meta.labels);
  return isSelectedBy(policy.selector, pod.meta.labels);
}

/** Whether a root-namespace policy's findings (MP104, MP301–MP311, MP401/MP402) may change: it reads a pod of a dirty namespace. */
function rootPoliciesTouched(input: IncrementalFindingsInput): boolean {
  const { index, previousIndex } = input;
  const root = index.rootNamespace;
  const policies: RootPolicy[] = [
    ...(index.authorizationPoliciesByNamespace.get(root) ?? []),
    ...(index.requestAuthenticationsByNamespace.get(root) ?? []),
    // Only MP104 reads pods for a root PeerAuthentication, and only for one with a selector (PA-3).
    ...(index.peerAuthenticationsByNamespace.get(root) ?? []).filter((pa) => !isEmptySelector(pa.selector)),
  ];
  if (policies.length === 0) return false;
  for (const ns of input.dirty) {
    for (const pods of [previousIndex.podsByNamespace.get(ns) ?? [], index.podsByNamespace.get(ns) ?? []]) {
      if (pods.some((pod) => policies.some((p) => mayRead(p, pod)))) return true;
    }
  }
  return false;
}

/** The namespaces not dirty whose Services a pod without a dataplane of a dirty namespace (before or after) names. */
function widenedNamespaces(input: IncrementalFindingsInput, before: ReadonlyMap<string, readonly EvaluatedWorkload[]>, after: ReadonlyMap<string, readonly EvaluatedWorkload[]>): Set<string> {
  const out = new Set<string>();
  for (const ns of input.dirty) {
    for (const list of [before.get(ns) ?? [], after.get(ns) ?? []]) {
      for (const w of list) {
        if (w.dataplane !== 'none') continue;
        for (const named of namespacesNamedByEnv(w.pod)) if (!input.dirty.has(named) && hasServices(input.index, named)) out.add(named);
      }
    }
  }
  return out;
}

/** The state of the previous computation moved to this one, or a new one; and the dirty namespaces' workloads before. */
function nextState(input: IncrementalFindingsInput): { state: FindingsState; before: ReadonlyMap<string, readonly EvaluatedWorkload[]>; after: ReadonlyMap<string, readonly EvaluatedWorkload[]> } {
  const after = input.dirtyWorkloads ?? workloadsOfNamespaces(input.workloads, input.dirty);
  const previous = states.get(input.previousIndex);
  states.delete(input.previousIndex);
  let state: FindingsState;
  let before: ReadonlyMap<string, readonly EvaluatedWorkload[]>;
  if (previous && previous.workloads === input.previousWorkloads) {
    before = new Map([...input.dirty].map((ns) => [ns, previous.byNamespace.get(ns) ?? []] as const));
    updateFindingsState(previous, input.previousIndex, input.index, input.workloads, new Map([...input.dirty].map((ns) => [ns, after.get(ns) ?? []] as const)));
    state = previous;
  } else {
    before = workloadsOfNamespaces(input.previousWorkloads, input.dirty);
    state = buildFindingsState(input.index, input.workloads);
  }
  states.set(input.index, state);
  return { state, before, after };
}

/**
 * The objects of the `keep` namespaces, from the index's per-namespace tables (in snapshot order within a namespace):
 * the checks read them per namespace, never in cross-namespace order. The kinds the index does not group (Service
 * accounts, root-cert ConfigMaps) are filtered only if a check reads them.
 */
function subSnapshot(index: MeshIndex, keep: ReadonlySet<string>): MeshSnapshot {
  const snapshot = index.snapshot;
  const fromIndex = <T,>(byNamespace: ReadonlyMap<string, readonly T[]>) => [...keep].flatMap((ns) => byNamespace.get(ns) ?? []);
  const sub: MeshSnapshot = {
    ...snapshot,
    namespaces: [...keep].flatMap((ns) => index.namespaces.get(ns) ?? []),
    pods: fromIndex(index.podsByNamespace),
    services: fromIndex(index.servicesByNamespace),
    peerAuthentications: fromIndex(index.peerAuthenticationsByNamespace),
    authorizationPolicies: fromIndex(index.authorizationPoliciesByNamespace),
    requestAuthentications: fromIndex(index.requestAuthenticationsByNamespace),
    destinationRules: fromIndex(index.destinationRulesByNamespace),
    envoyFilters: fromIndex(index.envoyFiltersByNamespace),
    telemetries: fromIndex(index.telemetriesByNamespace),
    proxyCertificates: snapshot.proxyCertificates.filter((c) => keep.has(c.namespace)),
  };
  const lazily = <K extends 'serviceAccounts' | 'rootCertConfigMaps'>(key: K, filter: () => MeshSnapshot[K]) => {
    let value: MeshSnapshot[K] | null = null;
    Object.defineProperty(sub, key, { enumerable: true, get: () => (value ??= filter()) });
  };
  lazily('serviceAccounts', () => snapshot.serviceAccounts.filter((i) => keep.has(i.meta.namespace)));
  lazily('rootCertConfigMaps', () => snapshot.rootCertConfigMaps.filter((c) => keep.has(c.namespace)));
  return sub;
}

/** The whole mesh, but the policy lists the checks iterate hold only the root namespace's (lookups stay complete). */
function rootPoliciesIndex(index: MeshIndex): MeshIndex {
  const root = index.rootNamespace;
  const s = index.snapshot;
  const inRoot = <T,>(byNamespace: ReadonlyMap<string, readonly T[]>) => [...(byNamespace.get(root) ?? [])];
  return {
    ...index,
    snapshot: {
      ...s,
      peerAuthentications: inRoot(index.peerAuthenticationsByNamespace),
      authorizationPolicies: inRoot(index.authorizationPoliciesByNamespace),
      requestAuthentications: inRoot(index.requestAuthenticationsByNamespace),
      destinationRules: inRoot(index.destinationRulesByNamespace),
      envoyFilters: inRoot(index.envoyFiltersByNamespace),
      telemetries: inRoot(index.telemetriesByNamespace),
    },
  };
}

function run(checks: readonly FindingCheck[], ctx: FindingContext, keep: (f: Finding) => boolean, out: Finding[]): void {
  for (const check of checks) {
    if (!kindsReadable(ctx, check.requires)) continue;
    for (const f of check.run(ctx)) {
      if (f.code !== check.code) throw new Error(`check ${check.code} produced a ${f.code} finding`);
      if (keep(f)) out.push(f);
    }
  }
}

/** The restricted context's workloads: the scoped namespaces' and the likely plaintext clients of their Services elsewhere. */
function restrictedWorkloads(input: IncrementalFindingsInput, state: FindingsState, scoped: ReadonlySet<string>): EvaluatedWorkload[] {
  const lists: (readonly EvaluatedWorkload[])[] = [...scoped].map((ns) => state.byNamespace.get(ns) ?? []);
  const named = [...scoped].filter((ns) => hasServices(input.index, ns));
  for (const ns of named) for (const [from, clients] of state.plaintextNaming.get(ns) ?? []) if (!scoped.has(from)) lists.push(clients);
  // MP105 lists a Service's clients from other namespaces in workload order: when they come from several namespaces,
  // the restricted workloads must be in workload order too; otherwise namespace by namespace is the same.
  const clientNamespaces = new Set<string>();
  for (const list of lists) {
    for (const w of list) if (w.dataplane === 'none' && namespacesNamedByEnv(w.pod).some((ns) => named.includes(ns))) clientNamespaces.add(w.pod.meta.namespace);
  }
  return clientNamespaces.size > 1 ? inWorkloadOrder(state, lists) : [...new Set(lists.flat())];
}

/**
 * The MP201–MP203 findings recomputed for the affected Service namespaces, and which previous ones still hold. The
 * previous computation's reads are moved to this one and updated for the affected namespaces.
 */
function destinationRuleFindings(input: IncrementalFindingsInput, state: FindingsState, whole: FindingContext): { findings: Finding[]; reused: (f: Finding) => boolean } {
  const previous = destinationRuleReads.get(input.previousIndex);
  destinationRuleReads.delete(input.previousIndex);
  if (!previous) {
    const { findings, reads } = runDestinationRuleChecks(whole, state, null);
    destinationRuleReads.set(input.index, { byServiceNamespace: reads, order: state.clientOrder });
    return { findings, reused: () => false };
  }
  const affected = affectedServiceNamespaces(previous, whole, state, input.dirty);
  const { findings, reads } = affected.size > 0 ? runDestinationRuleChecks(whole, state, affected) : { findings: [], reads: new Map() };
  for (const ns of affected) previous.byServiceNamespace.delete(ns);
  for (const [ns, r] of reads) previous.byServiceNamespace.set(ns, r);
  previous.order = state.clientOrder;
  destinationRuleReads.set(input.index, previous);
  return { findings, reused: (f) => f.namespace !== null && !affected.has(f.namespace) };
}

/** Where `f` goes among sorted findings: after every one that sorts before or with it. */
function insertionPoint(sorted: readonly Finding[], f: Finding): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareFindings(sorted[mid]!, f) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The previous findings that `keep` holds (sorted, as they were) merged with the new ones (few): each new one is
 * placed by binary search, so the pass over the many kept ones compares nothing.
 */
function mergeKept(previous: readonly Finding[], keep: (f: Finding) => boolean, added: Finding[]): Finding[] {
  added.sort(compareFindings);
  const at = added.map((f) => insertionPoint(previous, f));
  const out: Finding[] = [];
  let j = 0;
  for (let i = 0; i < previous.length; i++) {
    while (j < added.length && at[j] === i) out.push(added[j++]!);
    const f = previous[i]!;
    if (keep(f)) out.push(f);
  }
  while (j < added.length) out.push(added[j++]!);
  return out;
}

/**
 * Builds ahead what the first incremental step from `computation` would otherwise build first (the per-namespace
 * state and what the DestinationRule findings read): a full computation leaves neither, and on a big mesh they cost
 * a few hundred milliseconds. For idle time after a full recompute (lib/server/live-posture.ts); idempotent.
 */
export function prepareIncrementalFindings(computation: PostureComputation): void {
  const { index, workloads, model } = computation;
  let state = states.get(index);
  if (!state) states.set(index, (state = buildFindingsState(index, workloads)));
  if (destinationRuleReads.has(index)) return;
  const whole: FindingContext = { index, workloads, namespaces: model.namespaces, now: model.now };
  provideWorkloadsByNamespace(whole, state.byNamespace);
  provideWorkloadByPod(whole, state.byPod);
  const { reads } = runDestinationRuleChecks(whole, state, null);
  destinationRuleReads.set(index, { byServiceNamespace: reads, order: state.clientOrder });
}

export function computeFindingsIncremental(input: IncrementalFindingsInput): Finding[] {
  const root = input.index.rootNamespace;
  const { dirty } = input;
  const { state, before, after } = nextState(input);
  const widened = widenedNamespaces(input, before, after);
  const customGlobal = customGroupsSpanNamespaces(input.index);
  const rootTouched = rootPoliciesTouched(input);
  const scopeOf = (code: FindingCode): FindingScope => (code === 'MP308' && customGlobal ? 'global' : findingScope(code));

  const checksOf = (...scopes: FindingScope[]) => FINDING_CHECKS.filter((c) => scopes.includes(scopeOf(c.code)));

  const whole: FindingContext = { index: input.index, workloads: input.workloads, namespaces: input.namespaces, now: input.now };
  provideWorkloadsByNamespace(whole, state.byNamespace);
  provideWorkloadByPod(whole, state.byPod);
  const added: Finding[] = [];
  const rules = destinationRuleFindings(input, state, whole);
  added.push(...rules.findings);

  if (dirty.size > 0) {
    const scoped = new Set([...dirty, ...widened]);
    const restricted: FindingContext = {
      index: buildMeshIndex(subSnapshot(input.index, new Set(scoped).add(root))),
      workloads: restrictedWorkloads(input, state, scoped),
      namespaces: input.namespaces.filter((ns) => scoped.has(ns.name)),
      now: input.now,
    };
    const recomputed = (f: Finding) => f.namespace !== null && (dirty.has(f.namespace) || (widened.has(f.namespace) && PLAINTEXT_CLIENT_CODES.has(f.code)));
    run(checksOf('workload'), restricted, recomputed, added);
    run(checksOf('policy'), restricted, (f) => f.namespace !== null && f.namespace !== root && dirty.has(f.namespace), added);
  }

  if (rootTouched) {
    const rootOnly: FindingContext = { ...whole, index: rootPoliciesIndex(input.index) };
    provideWorkloadsByNamespace(rootOnly, state.byNamespace);
    provideWorkloadByPod(rootOnly, state.byPod);
    run(checksOf('policy'), rootOnly, (f) => f.namespace === null || f.namespace === root, added);
  }

  // MP503 lists the proxies holding an expiring root: the others add nothing to it, so it runs over those alone.
  const holders: FindingContext = { ...whole, workloads: inWorkloadOrder(state, [...state.rootHolders.values()]) };
  for (const check of checksOf('global')) run([check], check.code === 'MP503' ? holders : whole, () => true, added);
  return mergeKept(input.previousFindings, (f) => {
    const scope = scopeOf(f.code);
    if (scope === 'destination-rule') return rules.reused(f);
    if (scope === 'global') return false;
    if (f.namespace === null || (scope === 'policy' && f.namespace === root)) return !rootTouched;
    if (dirty.has(f.namespace)) return false;
    return !(widened.has(f.namespace) && PLAINTEXT_CLIENT_CODES.has(f.code));
  }, added);
}
