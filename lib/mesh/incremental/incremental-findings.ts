// Findings of a snapshot whose change is confined to some namespaces: the previous findings of untouched namespaces
// are kept, and the checks are re-run three ways (see ./finding-scopes):
// - over a restricted context (the dirty namespaces' objects, the root namespace's, their workloads): every
//   'workload' and 'policy' finding of a dirty namespace;
// - over the whole mesh with only the root namespace's policies: the 'policy' findings of root-namespace policies;
// - over the whole mesh: the 'global' checks, and the 'destination-rule' ones when a namespace they read changed.
import type { MeshSnapshot, Pod } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { FINDING_CHECKS, type FindingCheck, type FindingContext } from '../findings';
import { compareFindings, kindsReadable } from '../findings/context';
import { envHostTokens } from '../findings/likely-clients';
import { buildMeshIndex, type MeshIndex } from '../mesh-index';
import type { Finding, NamespacePosture } from '../model';
import { affectedServiceNamespaces, clientNamespaceOrder, runDestinationRuleChecks, type DestinationRuleReads } from './destination-rule-reach';
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
}

const mentionCache = new WeakMap<Pod, readonly string[]>();

/** Namespaces a pod's env values may name a Service of (MP105/MP106 likely clients): `<svc>.<ns>...`, or its own for a bare `<svc>`. */
export function namespacesNamedByEnv(pod: Pod): readonly string[] {
  let out = mentionCache.get(pod);
  if (out) return out;
  const set = new Set<string>();
  for (const c of [...pod.containers, ...pod.initContainers]) {
    for (const value of c.envValues) {
      for (const host of envHostTokens(value)) set.add(host.includes('.') ? (host.split('.')[1] ?? '') : pod.meta.namespace);
    }
  }
  set.delete(pod.meta.namespace);
  out = [...set];
  mentionCache.set(pod, out);
  return out;
}

/** The dirty namespaces, and those whose Services a pod of a dirty namespace (before or after) names in its env. */
function findingNamespaces(input: IncrementalFindingsInput): Set<string> {
  const out = new Set(input.dirty);
  for (const ns of input.dirty) {
    for (const index of [input.previousIndex, input.index]) {
      for (const pod of index.podsByNamespace.get(ns) ?? []) for (const named of namespacesNamedByEnv(pod)) out.add(named);
    }
  }
  return out;
}

/**
 * The objects of the `keep` namespaces. Pods and Services come from the index (per namespace, in snapshot order):
 * the checks read them per namespace, never in cross-namespace order, and the whole lists are the big ones.
 */
function subSnapshot(index: MeshIndex, keep: ReadonlySet<string>): MeshSnapshot {
  const snapshot = index.snapshot;
  const inScope = <T extends { readonly meta: { readonly namespace: string } }>(items: readonly T[]) => items.filter((i) => keep.has(i.meta.namespace));
  const fromIndex = <T,>(byNamespace: ReadonlyMap<string, readonly T[]>) => [...keep].flatMap((ns) => byNamespace.get(ns) ?? []);
  return {
    ...snapshot,
    namespaces: snapshot.namespaces.filter((n) => keep.has(n.meta.name)),
    pods: fromIndex(index.podsByNamespace),
    services: fromIndex(index.servicesByNamespace),
    serviceAccounts: inScope(snapshot.serviceAccounts),
    peerAuthentications: inScope(snapshot.peerAuthentications),
    authorizationPolicies: inScope(snapshot.authorizationPolicies),
    requestAuthentications: inScope(snapshot.requestAuthentications),
    destinationRules: inScope(snapshot.destinationRules),
    envoyFilters: inScope(snapshot.envoyFilters),
    telemetries: inScope(snapshot.telemetries),
    rootCertConfigMaps: snapshot.rootCertConfigMaps.filter((c) => keep.has(c.namespace)),
    proxyCertificates: snapshot.proxyCertificates.filter((c) => keep.has(c.namespace)),
  };
}

/** The whole mesh, but the policy lists the checks iterate hold only the root namespace's (lookups stay complete). */
function rootPoliciesIndex(index: MeshIndex): MeshIndex {
  const root = index.rootNamespace;
  const inRoot = <T extends { readonly meta: { readonly namespace: string } }>(items: readonly T[]) => items.filter((i) => i.meta.namespace === root);
  const s = index.snapshot;
  return {
    ...index,
    snapshot: {
      ...s,
      peerAuthentications: inRoot(s.peerAuthentications),
      authorizationPolicies: inRoot(s.authorizationPolicies),
      requestAuthentications: inRoot(s.requestAuthentications),
      destinationRules: inRoot(s.destinationRules),
      envoyFilters: inRoot(s.envoyFilters),
      telemetries: inRoot(s.telemetries),
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

const checksOf = (...scopes: FindingScope[]) => FINDING_CHECKS.filter((c) => scopes.includes(findingScope(c.code)));

/** What each computation's MP201–MP203 findings read (by its index), for the next incremental step. */
const destinationRuleReads = new WeakMap<MeshIndex, DestinationRuleReads>();

/** The MP201–MP203 findings recomputed for the affected Service namespaces, and which previous ones still hold. */
function destinationRuleFindings(input: IncrementalFindingsInput, whole: FindingContext): { findings: Finding[]; reused: (f: Finding) => boolean } {
  const order = clientNamespaceOrder(input.workloads);
  const previous = destinationRuleReads.get(input.previousIndex);
  if (!previous) {
    const { findings, reads } = runDestinationRuleChecks(whole, null);
    destinationRuleReads.set(input.index, { byServiceNamespace: reads, order });
    return { findings, reused: () => false };
  }
  const affected = affectedServiceNamespaces(previous, whole, order, input.dirty);
  const { findings, reads } = affected.size > 0 ? runDestinationRuleChecks(whole, affected) : { findings: [], reads: new Map() };
  const merged = new Map([...previous.byServiceNamespace].filter(([ns]) => !affected.has(ns)));
  for (const [ns, r] of reads) merged.set(ns, r);
  destinationRuleReads.set(input.index, { byServiceNamespace: merged, order });
  return { findings, reused: (f) => f.namespace !== null && !affected.has(f.namespace) };
}

export function computeFindingsIncremental(input: IncrementalFindingsInput): Finding[] {
  const root = input.index.rootNamespace;
  const scoped = findingNamespaces(input);
  const out: Finding[] = [];
  const whole: FindingContext = { index: input.index, workloads: input.workloads, namespaces: input.namespaces, now: input.now };
  const rules = destinationRuleFindings(input, whole);
  out.push(...rules.findings);

  for (const f of input.previousFindings) {
    const scope = findingScope(f.code);
    if (scope === 'destination-rule') {
      if (rules.reused(f)) out.push(f);
      continue;
    }
    if (scope === 'global' || f.namespace === null || scoped.has(f.namespace)) continue;
    if (scope === 'policy' && f.namespace === root) continue;
    out.push(f);
  }

  if (scoped.size > 0) {
    const keep = new Set(scoped).add(root);
    // Pods elsewhere without a dataplane whose env names a Service here are the likely clients of MP105/MP106.
    const workloads = input.workloads.filter(
      (w) => scoped.has(w.pod.meta.namespace) || (w.dataplane === 'none' && namespacesNamedByEnv(w.pod).some((ns) => scoped.has(ns))),
    );
    const restricted: FindingContext = {
      index: buildMeshIndex(subSnapshot(input.index, keep)),
      workloads,
      namespaces: input.namespaces.filter((ns) => scoped.has(ns.name)),
      now: input.now,
    };
    run(checksOf('workload'), restricted, (f) => f.namespace !== null && scoped.has(f.namespace), out);
    run(checksOf('policy'), restricted, (f) => f.namespace !== null && f.namespace !== root && scoped.has(f.namespace), out);
  }

  run(checksOf('policy'), { ...whole, index: rootPoliciesIndex(input.index) }, (f) => f.namespace === null || f.namespace === root, out);
  run(checksOf('global'), whole, () => true, out);
  return out.sort(compareFindings);
}
