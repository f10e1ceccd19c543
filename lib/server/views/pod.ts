import 'server-only';
// Builds the pod drill-down from the current posture: the engine's verdicts for one workload restated as DTOs, its
// clients (every pod of the mesh checked with checkConnection, by class of clients from an index built once per posture,
// aggregated by client workload and paged here), the findings that name it or a policy that applies to it, and the
// commands to confirm each verdict.
import {
  CLIENT_PAGE_SIZE,
  CLIENT_VERDICTS,
  OBSERVED_CLIENTS_SHOWN,
  parsePodFilters,
  type ClientVerdict,
  type JwtRuleDto,
  type PodAuthzDto,
  type PodCertificateDto,
  type PodClientRowDto,
  type PodFilters,
  type PodFindingDto,
  type PodMtlsDto,
  type PodObservedDto,
  type PodView,
  type PodWaypointDto,
} from '@/lib/api/views/pod';
import { pageOf } from '@/lib/api/paging';
import type { EvaluatedWorkload } from '@/lib/mesh/evaluate-workloads';
import { isDns1123Name } from '@/lib/mesh/findings/shell';
import { findPod, type MeshIndex } from '@/lib/mesh/mesh-index';
import type { CertificatePosture, Finding, WorkloadPosture } from '@/lib/mesh/model';
import { podVerifyCommands } from '@/lib/mesh/pod-verify-commands';
import { podWaypointRoutes, type PodWaypointRoute } from '@/lib/mesh/waypoint/pod-waypoints';
import type { PostureComputation } from '@/lib/mesh/compute-posture';
import { buildInboundClientIndex, type InboundClientIndex } from '@/lib/mesh/reachability/inbound-client-index';
import { inboundClientsFrom, serverPorts, type InboundClientGroup } from '@/lib/mesh/reachability/inbound-clients';
import type { Pod } from '@/lib/snapshot/types';
import { istioWorkloadName } from '@/lib/mesh/traffic';
import { trafficWorkloadJson } from '@/lib/report/traffic-json';
import { workloadObjectId, type JwtRule, type SnapshotKind } from '@/lib/snapshot/types';
import type { PostureState } from '../posture-store';
import { ViewError } from '../view-errors';
import type { ViewBuilder } from '../view-response';
import { preparedTraffic } from './traffic-brief';

export function clientVerdict(g: Pick<InboundClientGroup, 'outcome' | 'mtls'>): ClientVerdict {
  switch (g.outcome) {
    case 'fails':
      return 'fails';
    case 'unknown':
      return 'unknown';
    case 'ok':
      return g.mtls ? 'mtls' : 'plaintext';
  }
}

function kindUnknownReason(index: MeshIndex, kind: SnapshotKind): string | null {
  const k = index.snapshot.kinds[kind];
  return k.status === 'ok' ? null : `${kind} could not be read (${k.status}${k.reason ? `: ${k.reason}` : ''})`;
}

function mtlsDto(w: WorkloadPosture): PodMtlsDto {
  return {
    mode: w.mtls.mode,
    policy: w.mtls.policy,
    ports: Object.entries(w.mtls.ports)
      .map(([port, mode]) => ({ port: Number(port), mode }))
      .sort((a, b) => a.port - b.port),
    chain: w.mtls.chain.map((s) => ({ level: s.level, policy: s.policy, mode: s.mode, port: s.port ?? null, applied: s.applied })),
    ignored: w.mtls.ignored,
    unknownReason: w.mtls.unknownReason ?? null,
  };
}

function jwtRuleDto(r: JwtRule): JwtRuleDto {
  return {
    issuer: r.issuer,
    audiences: r.audiences,
    jwksUri: r.jwksUri ?? null,
    hasInlineJwks: r.hasInlineJwks,
    from: [...r.fromHeaders.map((h) => `header ${h.name}${h.prefix ? ` (prefix "${h.prefix}")` : ''}`), ...r.fromParams.map((p) => `query ${p}`), ...r.fromCookies.map((c) => `cookie ${c}`)],
    forwardOriginalToken: r.forwardOriginalToken,
  };
}

function byRef<T extends { readonly meta: { readonly namespace: string; readonly name: string } }>(map: ReadonlyMap<string, readonly T[]>, ref: string): T | undefined {
  const [ns, name] = ref.split('/');
  return map.get(ns ?? '')?.find((o) => o.meta.name === name);
}

function authzDto(w: WorkloadPosture, index: MeshIndex): PodAuthzDto {
  return {
    coverage: w.authz.coverage,
    unknownReason: kindUnknownReason(index, 'AuthorizationPolicy'),
    policies: w.authz.policies.map((p) => {
      const ap = byRef(index.authorizationPoliciesByNamespace, p.policy);
      return { ...p, provider: ap?.provider ?? null, rules: ap?.rules ? ap.rules.length : null };
    }),
    requestAuthentications: w.authz.requestAuthentications.map((policy) => ({
      policy,
      jwtRules: (byRef(index.requestAuthenticationsByNamespace, policy)?.jwtRules ?? []).map(jwtRuleDto),
    })),
    requestAuthenticationUnknownReason: kindUnknownReason(index, 'RequestAuthentication'),
  };
}

function waypointDto(r: PodWaypointRoute): PodWaypointDto {
  const b = r.binding;
  return {
    addressedAs: r.addressedAs,
    service: r.service,
    state: b?.state ?? 'none',
    waypoint: b?.name ?? null,
    labelledOn: b?.labelledOn ?? null,
    reason: b?.reason ?? 'no istio.io/use-waypoint label applies: the pod\'s ztunnel alone enforces its policies, at L4',
    policiesAtWaypoint: r.policiesAtWaypoint,
    sourceSeenByZtunnel: r.sourceSeenByZtunnel,
  };
}

/** Findings that name the pod (or the controller it is predicted from), or a policy that applies to it. */
function podFindings(w: EvaluatedWorkload, findings: readonly Finding[], waypoints: readonly PodWaypointDto[]): PodFindingDto[] {
  const p = w.posture;
  const ids = [
    workloadObjectId(w.pod),
    ...p.mtls.chain.flatMap((s) => (s.policy ? [`PeerAuthentication/${s.policy}`] : [])),
    ...p.mtls.ignored.map((i) => `PeerAuthentication/${i.policy}`),
    ...p.authz.policies.map((a) => `AuthorizationPolicy/${a.policy}`),
    ...p.authz.requestAuthentications.map((r) => `RequestAuthentication/${r}`),
    ...waypoints.flatMap((r) => r.policiesAtWaypoint.map((policy) => `AuthorizationPolicy/${policy}`)),
  ];
  const out: PodFindingDto[] = [];
  for (const f of findings) {
    const via = ids.find((id) => f.objects.includes(id));
    if (via) out.push({ code: f.code, severity: f.severity, message: f.message, why: f.why, verify: f.verify, objects: f.objects, via });
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return out.sort((a, b) => rank[a.severity] - rank[b.severity] || a.code.localeCompare(b.code));
}

/** The certificate without the pod's own name (the view already says which pod). */
function certificateDto(c: CertificatePosture | null): PodCertificateDto | null {
  if (!c) return null;
  return {
    status: c.status,
    spiffeId: c.spiffeId,
    trustDomain: c.trustDomain,
    serial: c.serial,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    remainingSeconds: c.remainingSeconds,
    origin: c.origin,
    asOf: c.asOf,
    chain: c.chain,
    roots: c.roots,
    notes: c.notes,
    trustDomainMismatch: c.trustDomainMismatch,
  };
}

function clientRow(g: InboundClientGroup): PodClientRowDto {
  return {
    namespace: g.namespace,
    workload: g.workload,
    dataplane: g.clientDataplane,
    port: g.port,
    service: g.service,
    verdict: clientVerdict(g),
    clientSends: g.clientSends,
    destinationRule: g.destinationRule,
    reason: g.reason,
    inference: g.inference,
    pods: g.pods,
    workloads: g.namespace === null ? 0 : 1,
    examplePod: g.examplePod,
  };
}

/** Rows merged per client namespace, port and verdict (pods and workloads summed, the first row's reason kept). */
function byNamespace(rows: readonly PodClientRowDto[]): PodClientRowDto[] {
  const merged = new Map<string, PodClientRowDto>();
  for (const r of rows) {
    const key = [r.namespace ?? '', r.port, r.verdict, r.clientSends, r.dataplane].join('\u0000');
    const m = merged.get(key);
    merged.set(key, m ? { ...m, workload: null, pods: m.pods + r.pods, workloads: m.workloads + r.workloads } : r);
  }
  return [...merged.values()].map((r) => (r.workloads > 1 ? { ...r, workload: null } : r));
}

/** What needs attention first: connections that fail, verdicts we cannot give, plaintext, then mTLS. */
const VERDICT_RANK: Readonly<Record<ClientVerdict, number>> = { fails: 0, unknown: 1, plaintext: 2, mtls: 3 };

/** localeCompare's order (the default collation) from one collator, not one set up per comparison. */
const collate = new Intl.Collator().compare;

function compareRows(a: PodClientRowDto, b: PodClientRowDto): number {
  return (
    VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] ||
    a.port - b.port ||
    Number(a.namespace !== null) - Number(b.namespace !== null) ||
    collate(a.namespace ?? '', b.namespace ?? '') ||
    collate(a.workload ?? '', b.workload ?? '')
  );
}

/** Client rows of a workload, sorted, with their counts; computed once per posture (the poll asks again every 15 s). */
interface ClientTable {
  readonly rows: readonly PodClientRowDto[];
  readonly counts: Readonly<Record<ClientVerdict, { readonly groups: number; readonly pods: number }>>;
}

/** Client tables kept per posture (the most recently asked); the pod view's answers are kept apart (view-cache.ts). */
const KEPT_CLIENT_TABLES = 256;

/** What the pod view needs of a posture whatever the pod, built on the first pod request of that posture. */
interface PodIndex {
  readonly clients: InboundClientIndex;
  readonly workloadOf: ReadonlyMap<Pod, EvaluatedWorkload>;
  /** Keyed by the server workload within this posture: a live posture reuses unchanged workloads, whose clients may have changed. */
  readonly tables: Map<EvaluatedWorkload, ClientTable>;
}
const podIndexes = new WeakMap<PostureComputation, PodIndex>();

function podIndexOf(computation: PostureComputation): PodIndex {
  let kept = podIndexes.get(computation);
  if (!kept) {
    kept = {
      clients: buildInboundClientIndex(computation.workloads, computation.index),
      workloadOf: new Map(computation.workloads.map((w) => [w.pod, w])),
      tables: new Map(),
    };
    podIndexes.set(computation, kept);
  }
  return kept;
}

function clientsOf(server: EvaluatedWorkload, state: PostureState): ClientTable {
  const { index } = state.computation;
  const { clients, tables } = podIndexOf(state.computation);
  const cached = tables.get(server);
  if (cached) return cached;
  const groups = inboundClientsFrom(server, clients, index);
  const counts = Object.fromEntries(CLIENT_VERDICTS.map((v) => [v, { groups: 0, pods: 0 }])) as Record<ClientVerdict, { groups: number; pods: number }>;
  for (const g of groups) {
    const c = counts[clientVerdict(g)];
    c.groups += 1;
    c.pods += g.pods;
  }
  // inboundClients orders by port, outside the mesh first, namespace and workload, so a stable sort on the verdict
  // alone gives compareRows' order without comparing names again (a few thousand rows at 20,000 pods).
  const table = { rows: groups.map(clientRow).sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict]), counts };
  if (tables.size >= KEPT_CLIENT_TABLES) tables.delete(tables.keys().next().value!);
  tables.set(server, table);
  return table;
}

function findWorkload(state: PostureState, ns: string, pod: string): EvaluatedWorkload {
  for (const [what, value] of [
    ['namespace', ns],
    ['pod', pod],
  ] as const) {
    if (!isDns1123Name(value)) throw new ViewError('bad-request', `the ${what} name "${value.slice(0, 80)}" is not a valid Kubernetes name`);
  }
  const target = findPod(state.computation.index, ns, pod);
  const workload = target ? podIndexOf(state.computation).workloadOf.get(target) : undefined;
  if (!workload) throw new ViewError('not-found', `pod ${ns}/${pod} is not in the source`);
  return workload;
}

export function buildPodView(state: PostureState, filters: PodFilters): PodView {
  const w = findWorkload(state, filters.ns, filters.pod);
  const { index, model } = state.computation;
  const p = w.posture;
  const { rows: allRows, counts } = clientsOf(w, state);
  const waypoints = podWaypointRoutes(w.pod, w.dataplane, index).map(waypointDto);
  // Filtering keeps the cached order; grouping by namespace merges rows and sorts the (smaller) result again.
  const matching = allRows.filter((r) => (filters.port === null || r.port === filters.port) && (filters.verdict === 'all' || r.verdict === filters.verdict));
  const rows = filters.group === 'namespace' ? byNamespace(matching).sort(compareRows) : matching;
  return {
    namespace: p.namespace,
    pod: p.pod,
    predictedFrom: p.predictedFrom,
    serviceAccount: p.serviceAccount,
    spiffeId: p.spiffeId,
    trustDomain: model.mesh.trustDomain,
    dataplane: p.dataplane,
    isGateway: p.isGateway,
    mtls: mtlsDto(p),
    authz: authzDto(p, index),
    waypoints,
    certificate: certificateDto(p.certificate),
    clients: { counts, ports: serverPorts(w), page: pageOf(rows, filters.page, CLIENT_PAGE_SIZE) },
    findings: podFindings(w, model.findings, waypoints),
    commands: podVerifyCommands({ workload: p, rootNamespace: model.mesh.rootNamespace }),
    observed: observedInto(w, state),
  };
}

/** Traffic into the pod's workload from the prepared traffic model (never waited for). */
function observedInto(w: EvaluatedWorkload, state: PostureState): PodObservedDto | null {
  const traffic = preparedTraffic(state);
  if (!traffic) return null;
  const namespace = w.pod.meta.namespace;
  const workload = istioWorkloadName(w.pod);
  const observed = traffic.workloads.get(`${namespace}/${workload}`);
  const json = observed ? trafficWorkloadJson(observed) : null;
  return {
    ...traffic.brief,
    workload,
    traffic: json ? { ...json, clients: json.clients.slice(0, OBSERVED_CLIENTS_SHOWN), clientsOmitted: Math.max(0, json.clients.length - OBSERVED_CLIENTS_SHOWN) } : null,
    contradictions: (traffic.contradictionsByWorkload.get(`${namespace}/${workload}`) ?? []).map((c) => ({ code: c.code, severity: c.severity, message: c.message })),
  };
}

/** The view builder for one pod: the path's namespace and pod, the query's client filters. */
export function podViewBuilder(ns: string, pod: string): ViewBuilder<PodView> {
  return (state, params) => buildPodView(state, parsePodFilters(ns, pod, params));
}
