// The shape of a synthetic mesh before any object is written: namespaces with their dataplane, workloads with
// replicas and ports, and which policy goes in which slot. Small (no pod bodies), so the objects can be emitted
// lazily, kind by kind, in the order `kubectl get ns,cm,sa,svc,pods,... -A -o json` lists them.
import { createPrng, type Prng } from './prng';

export interface SyntheticMeshOptions {
  /** Pod objects in total, the control plane's two pods included. */
  readonly pods: number;
  /** Namespace objects in total, `istio-system` included. */
  readonly namespaces: number;
  /** Policies (PeerAuthentication, AuthorizationPolicy, RequestAuthentication, DestinationRule) per application namespace. */
  readonly policiesPerNamespace: number;
  readonly seed: number;
}

export const NAMESPACE_DATAPLANES = ['sidecar', 'ambient', 'none'] as const;
export type NamespaceDataplane = (typeof NAMESPACE_DATAPLANES)[number];

/** Share of application namespaces per dataplane. */
const DATAPLANE_SHARE: Readonly<Record<NamespaceDataplane, number>> = { sidecar: 0.7, ambient: 0.15, none: 0.15 };

export const POLICY_KINDS = ['namespace-peer-authentication', 'workload-peer-authentication', 'allow', 'deny', 'request-authentication', 'destination-rule'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export type PortFlavor = 'http' | 'grpc' | 'tcp';

export interface WorkloadPlan {
  readonly index: number;
  readonly name: string;
  readonly replicas: number;
  readonly flavor: PortFlavor;
  readonly appPort: number;
  /** A second, metrics port on the app container (the usual portLevelMtls exception), or null. */
  readonly metricsPort: number | null;
  readonly hasService: boolean;
  readonly version: string;
  /** The ReplicaSet's pod-template-hash. */
  readonly templateHash: string;
}

export interface PolicyPlan {
  readonly kind: PolicyKind;
  readonly slot: number;
  /** Index of the workload the policy selects, or null for a namespace-wide policy. */
  readonly target: number | null;
}

export interface NamespacePlan {
  readonly index: number;
  readonly name: string;
  readonly team: string;
  readonly dataplane: NamespaceDataplane;
  readonly workloads: readonly WorkloadPlan[];
  readonly policies: readonly PolicyPlan[];
  /** Global index of this namespace's first pod (pod IPs and streams derive from it). */
  readonly firstPod: number;
  readonly podCount: number;
}

export interface MeshPlan {
  readonly options: SyntheticMeshOptions;
  readonly namespaces: readonly NamespacePlan[];
}

export const ROOT_NAMESPACE = 'istio-system';
/** istiod and the ingress gateway. */
export const CONTROL_PLANE_PODS = 2;

const DOMAINS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'orders', 'shipping', 'billing', 'ledger', 'fraud', 'inventory', 'pricing',
  'loyalty', 'reviews', 'media', 'notify', 'partner', 'reporting', 'ml', 'platform', 'data', 'risk', 'support', 'growth'];
const WORKLOADS = ['api', 'web', 'worker', 'gateway', 'cache', 'indexer', 'scheduler', 'consumer', 'producer', 'auth', 'profile', 'cart', 'quote',
  'ledger', 'export', 'importer', 'router', 'resolver', 'notifier', 'renderer', 'thumbnailer', 'aggregator', 'collector', 'sync', 'backend', 'frontend',
  'admin', 'reporter', 'validator', 'matcher'];

function assertCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name}: expected an integer >= ${min}, got ${value}`);
}

/** Splits `total` over `weights` exactly (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const i = order[k]?.[1] ?? 0;
    out[i] = (out[i] ?? 0) + 1;
  }
  return out;
}

function planWorkloads(prng: Prng, podCount: number): WorkloadPlan[] {
  const names = prng.shuffle([...WORKLOADS]);
  const out: WorkloadPlan[] = [];
  for (let left = podCount; left > 0; ) {
    const replicas = Math.min(left, prng.weighted([[1, 3], [2, 4], [3, 3], [4, 1], [6, 1]] as const));
    const index = out.length;
    const base = names[index % names.length] ?? 'app';
    const flavor = prng.weighted<PortFlavor>([['http', 6], ['grpc', 3], ['tcp', 1]]);
    out.push({
      index,
      name: index < names.length ? base : `${base}-${Math.floor(index / names.length) + 1}`,
      replicas,
      flavor,
      appPort: flavor === 'http' ? prng.pick([8080, 8000, 3000]) : flavor === 'grpc' ? prng.pick([9090, 50051]) : prng.pick([6379, 5432, 9092]),
      metricsPort: prng.chance(0.6) ? 9102 : null,
      hasService: prng.chance(0.9),
      version: `v${prng.int(1, 4)}`,
      templateHash: prng.kubeSuffix(10),
    });
    left -= replicas;
  }
  return out;
}

function planPolicies(prng: Prng, count: number, workloads: readonly WorkloadPlan[]): PolicyPlan[] {
  const out: PolicyPlan[] = [];
  const unprotected = prng.shuffle(workloads.map((w) => w.index));
  for (let slot = 0; slot < count; slot++) {
    if (slot === 0) {
      out.push({ kind: 'namespace-peer-authentication', slot, target: null });
      continue;
    }
    let kind = prng.weighted<PolicyKind>([['allow', 35], ['deny', 12], ['workload-peer-authentication', 18], ['request-authentication', 10], ['destination-rule', 25]]);
    // One workload-level PeerAuthentication per workload: two would conflict (the oldest wins, PA-4).
    const paTarget = kind === 'workload-peer-authentication' ? unprotected.pop() : undefined;
    if (kind === 'workload-peer-authentication' && paTarget === undefined) kind = 'allow';
    const target = paTarget ?? (workloads.length > 0 && prng.chance(0.8) ? prng.int(0, workloads.length - 1) : null);
    out.push({ kind, slot, target: kind === 'destination-rule' && target === null && workloads.length > 0 ? 0 : target });
  }
  return out;
}

export function planSyntheticMesh(options: SyntheticMeshOptions): MeshPlan {
  assertCount('pods', options.pods, CONTROL_PLANE_PODS);
  assertCount('namespaces', options.namespaces, 2);
  assertCount('policiesPerNamespace', options.policiesPerNamespace, 0);
  assertCount('seed', options.seed, 0);
  const prng = createPrng(options.seed, 0);
  const appCount = options.namespaces - 1;
  const ambient = Math.round(DATAPLANE_SHARE.ambient * appCount);
  const none = Math.round(DATAPLANE_SHARE.none * appCount);
  const counts: Readonly<Record<NamespaceDataplane, number>> = { sidecar: appCount - ambient - none, ambient, none };
  const dataplanes = prng.shuffle(NAMESPACE_DATAPLANES.flatMap((d) => Array<NamespaceDataplane>(counts[d]).fill(d)));
  // Real meshes have a few big namespaces and many small ones.
  const podCounts = apportion(options.pods - CONTROL_PLANE_PODS, dataplanes.map(() => 0.3 + prng.next() ** 2 * 2.7));
  const namespaces: NamespacePlan[] = [
    { index: 0, name: ROOT_NAMESPACE, team: 'platform', dataplane: 'none', workloads: [], policies: [], firstPod: 0, podCount: CONTROL_PLANE_PODS },
  ];
  let firstPod = CONTROL_PLANE_PODS;
  dataplanes.forEach((dataplane, i) => {
    const index = i + 1;
    const nsPrng = createPrng(options.seed, 1, index);
    const podCount = podCounts[i] ?? 0;
    const workloads = planWorkloads(nsPrng, podCount);
    const team = nsPrng.pick(DOMAINS);
    namespaces.push({
      index,
      name: `${team}-${String(index).padStart(4, '0')}`,
      team,
      dataplane,
      workloads,
      policies: planPolicies(nsPrng, options.policiesPerNamespace, workloads),
      firstPod,
      podCount,
    });
    firstPod += podCount;
  });
  return { options, namespaces };
}
