// A deterministic synthetic Istio mesh of any size, as the raw objects `kubectl get ns,cm,sa,svc,pods,
// peerauthentications,authorizationpolicies,requestauthentications,destinationrules -A -o json` returns: for load
// tests and the posture benchmark (scripts/bench-posture.ts). Same options, same seed → byte-identical JSON.
//
// Mix: ~70% sidecar-injected namespaces, ~15% ambient, ~15% without a dataplane; `istio-system` holds istiod, an
// ingress gateway, the `istio` mesh ConfigMap and a mesh-wide STRICT PeerAuthentication.
import { createPrng } from './prng';
import { meshConfigMap, namespaceObject, serviceAccountObject, serviceObject, type KubeObject } from './core-objects';
import { podObject } from './pod-object';
import { meshWidePeerAuthentication, POLICY_OBJECT_KIND, policyObject } from './policy-objects';
import { planSyntheticMesh, ROOT_NAMESPACE, type MeshPlan, type NamespacePlan, type SyntheticMeshOptions, type WorkloadPlan } from './mesh-plan';

export { planSyntheticMesh, type MeshPlan, type SyntheticMeshOptions } from './mesh-plan';
export type { KubeObject } from './core-objects';

export interface KubeList {
  readonly apiVersion: 'v1';
  readonly items: readonly KubeObject[];
  readonly kind: 'List';
  readonly metadata: { readonly resourceVersion: string };
}

const ISTIOD: WorkloadPlan = { index: 0, name: 'istiod', replicas: 1, flavor: 'grpc', appPort: 15010, metricsPort: 15014, hasService: true, version: '1.27.3', templateHash: 'd8c7b9f6c4' };
const INGRESS: WorkloadPlan = { index: 1, name: 'istio-ingressgateway', replicas: 1, flavor: 'http', appPort: 8080, metricsPort: null, hasService: true, version: '1.27.3', templateHash: 'f7b6d9c8b5' };

// Stream ids: each kind of object draws from its own stream, so emitting kinds in separate passes stays deterministic.
const STREAM = { namespace: 10, serviceAccount: 11, service: 12, pod: 13, owner: 14, policy: 15, root: 16 } as const;

function workloadsOf(ns: NamespacePlan): readonly WorkloadPlan[] {
  return ns.name === ROOT_NAMESPACE ? [ISTIOD, INGRESS] : ns.workloads;
}

function* serviceAccounts(plan: MeshPlan, seed: number): Generator<KubeObject> {
  for (const ns of plan.namespaces) {
    const prng = createPrng(seed, STREAM.serviceAccount, ns.index);
    const names = ns.name === ROOT_NAMESPACE ? ['default', 'istiod', 'istio-ingressgateway-service-account'] : ['default', ...ns.workloads.map((w) => w.name)];
    for (const name of names) yield serviceAccountObject(prng, ns.name, name);
  }
}

function* services(plan: MeshPlan, seed: number): Generator<KubeObject> {
  let serviceIndex = 1;
  for (const ns of plan.namespaces) {
    const prng = createPrng(seed, STREAM.service, ns.index);
    for (const w of workloadsOf(ns)) if (w.hasService) yield serviceObject(prng, ns, w, serviceIndex++);
  }
}

function* pods(plan: MeshPlan, seed: number): Generator<KubeObject> {
  for (const ns of plan.namespaces) {
    let podIndex = ns.firstPod;
    for (const w of workloadsOf(ns)) {
      const ownerUid = createPrng(seed, STREAM.owner, ns.index, w.index).uid();
      for (let r = 0; r < w.replicas; r++) {
        const prng = createPrng(seed, STREAM.pod, podIndex);
        yield podObject(prng, { ns, workload: w, podIndex, ownerUid, gateway: w === INGRESS });
        podIndex++;
      }
    }
  }
}

function* policies(plan: MeshPlan, seed: number, kind: string): Generator<KubeObject> {
  if (kind === 'PeerAuthentication') yield meshWidePeerAuthentication(createPrng(seed, STREAM.root));
  for (const ns of plan.namespaces) {
    for (const p of ns.policies) {
      if (POLICY_OBJECT_KIND[p.kind] === kind) yield policyObject(createPrng(seed, STREAM.policy, ns.index, p.slot), ns, p);
    }
  }
}

/** Every object of the mesh, lazily, grouped by kind in the order kubectl lists them. */
export function* syntheticMeshItems(plan: MeshPlan): Generator<KubeObject> {
  const seed = plan.options.seed;
  for (const ns of plan.namespaces) yield namespaceObject(createPrng(seed, STREAM.namespace, ns.index), ns);
  yield meshConfigMap(createPrng(seed, STREAM.root, 1));
  yield* serviceAccounts(plan, seed);
  yield* services(plan, seed);
  yield* pods(plan, seed);
  for (const kind of ['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication', 'DestinationRule']) yield* policies(plan, seed, kind);
}

export function generateSyntheticMesh(options: SyntheticMeshOptions): KubeList {
  return { apiVersion: 'v1', items: [...syntheticMeshItems(planSyntheticMesh(options))], kind: 'List', metadata: { resourceVersion: '' } };
}

/**
 * The same document as `JSON.stringify(generateSyntheticMesh(options))`, written in pieces so a huge mesh never
 * exists as objects and text at once (the benchmark measures parsing, not generating).
 */
export function* syntheticMeshJsonChunks(plan: MeshPlan): Generator<string> {
  yield '{"apiVersion":"v1","items":[';
  let first = true;
  for (const item of syntheticMeshItems(plan)) {
    yield (first ? '' : ',') + JSON.stringify(item);
    first = false;
  }
  yield '],"kind":"List","metadata":{"resourceVersion":""}}';
}

export interface SyntheticMeshCounts {
  readonly namespaces: number;
  readonly pods: number;
  readonly services: number;
  readonly serviceAccounts: number;
  readonly workloads: number;
  /** PeerAuthentication + AuthorizationPolicy + RequestAuthentication + DestinationRule, the mesh-wide one included. */
  readonly policies: number;
  readonly policiesByKind: Readonly<Record<string, number>>;
  readonly namespacesByDataplane: Readonly<Record<string, number>>;
}

/** What the plan will emit, without generating it. */
export function countSyntheticMesh(plan: MeshPlan): SyntheticMeshCounts {
  const byKind: Record<string, number> = { PeerAuthentication: 1, AuthorizationPolicy: 0, RequestAuthentication: 0, DestinationRule: 0 };
  const byDataplane: Record<string, number> = { sidecar: 0, ambient: 0, none: 0 };
  let pods = 0;
  let svc = 0;
  let sa = 0;
  let workloads = 0;
  for (const ns of plan.namespaces) {
    if (ns.name !== ROOT_NAMESPACE) byDataplane[ns.dataplane] = (byDataplane[ns.dataplane] ?? 0) + 1;
    const ws = workloadsOf(ns);
    workloads += ws.length;
    pods += ws.reduce((n, w) => n + w.replicas, 0);
    svc += ws.filter((w) => w.hasService).length;
    sa += ws.length + 1;
    for (const p of ns.policies) byKind[POLICY_OBJECT_KIND[p.kind]] = (byKind[POLICY_OBJECT_KIND[p.kind]] ?? 0) + 1;
  }
  return {
    namespaces: plan.namespaces.length,
    pods,
    services: svc,
    serviceAccounts: sa,
    workloads,
    policies: Object.values(byKind).reduce((a, b) => a + b, 0),
    policiesByKind: byKind,
    namespacesByDataplane: byDataplane,
  };
}
