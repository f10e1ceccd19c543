// The pod drill-down builder, on the embedded demo mesh (the real source and engine) and on small built meshes for
// the cases the demo does not have (a predicted pod, a forbidden kind).
import { beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_PAGE_SIZE, type PodView } from '@/lib/api/views/pod';
import { computePostureIncremental } from '@/lib/mesh/compute-posture-incremental';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import { aPod, aSnapshot, NOW } from '@/test/builders';
import { staticPostureState, type PostureState } from '../posture-store';
import { ViewError } from '../view-errors';
import { podViewBuilder } from './pod';

const DEMO_NOW = new Date('2026-11-26T12:00:00Z');
const CATALOG = { ns: 'catalog', pod: 'catalog-ngb92jcpzd-994w5' };
let demo: PostureState;

beforeAll(async () => {
  demo = staticPostureState(await loadDemoSnapshot({ now: DEMO_NOW }), DEMO_NOW);
});

const view = (state: PostureState, ns: string, pod: string, query = ''): PodView => podViewBuilder(ns, pod)(state, new URLSearchParams(query));

function errorOf(fn: () => unknown): { code: string; message: string } | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof ViewError) return { code: e.code, message: e.message };
    throw e;
  }
}

describe('pod view on the demo mesh', () => {
  it('states identity, dataplane and the mTLS chain that made port 9090 PERMISSIVE under a STRICT namespace', () => {
    const v = view(demo, CATALOG.ns, CATALOG.pod);
    expect({ sa: v.serviceAccount, spiffe: v.spiffeId, dataplane: v.dataplane, predicted: v.predictedFrom, mode: v.mtls.mode, policy: v.mtls.policy }).toEqual({
      sa: 'catalog',
      spiffe: 'spiffe://cluster.local/ns/catalog/sa/catalog',
      dataplane: 'sidecar',
      predicted: null,
      mode: 'STRICT',
      policy: 'catalog/default',
    });
    expect(v.mtls.ports).toEqual([
      { port: 8080, mode: 'STRICT' },
      { port: 9090, mode: 'PERMISSIVE' },
    ]);
    expect(v.mtls.chain.map((s) => [s.level, s.policy, s.mode, s.port, s.applied])).toEqual([
      ['default', null, 'PERMISSIVE', null, true],
      ['mesh', 'istio-system/default', 'STRICT', null, true],
      ['namespace', 'catalog/default', 'STRICT', null, true],
      ['workload', 'catalog/catalog-metrics-permissive', 'UNSET', null, false],
      ['port', 'catalog/catalog-metrics-permissive', 'PERMISSIVE', 9090, true],
    ]);
  });

  it('lists clients that fail first: plaintext clients reset by the STRICT port, each with a pod for the handshake link', () => {
    const v = view(demo, CATALOG.ns, CATALOG.pod);
    const first = v.clients.page.rows[0];
    expect(first && [first.verdict, first.port, first.namespace, first.clientSends]).toEqual(['fails', 8080, null, 'plaintext']);
    const batch = v.clients.page.rows.find((r) => r.namespace === 'legacy-batch' && r.workload === 'batch-scheduler' && r.port === 8080);
    expect(batch && { verdict: batch.verdict, pods: batch.pods, examplePod: batch.examplePod, service: batch.service }).toEqual({
      verdict: 'fails',
      pods: 1,
      examplePod: 'batch-scheduler-ztsb8mpzgc-4r4z5',
      service: 'catalog/catalog',
    });
    expect(v.clients.ports).toEqual([8080, 9090]);
    expect(v.clients.counts.fails.groups).toBeGreaterThan(0);
    expect(v.clients.counts.mtls.groups).toBeGreaterThan(v.clients.counts.fails.groups);
    expect(v.clients.page.rows.length).toBe(Math.min(CLIENT_PAGE_SIZE, v.clients.page.total));
  });

  it.each([
    ['verdict=fails', (v: PodView) => new Set(v.clients.page.rows.map((r) => r.verdict)), new Set(['fails'])],
    ['port=9090', (v: PodView) => new Set(v.clients.page.rows.map((r) => r.port)), new Set([9090])],
    // On the PERMISSIVE metrics port plaintext is accepted: the one failure is a client whose own certificate expired
    // (the demo's payments/ledger), which the server proxy rejects in the mTLS handshake.
    ['port=9090&verdict=fails', (v: PodView) => v.clients.page.rows.map((r) => [r.namespace, r.workload, /client proxy's certificate expired/.test(r.reason)]), [['payments', 'ledger', true]]],
  ])('filters clients by %s', (query, pick, expected) => {
    expect(pick(view(demo, CATALOG.ns, CATALOG.pod, query))).toEqual(expected);
  });

  it('groups clients by namespace on request, summing pods and workloads', () => {
    const allRows = (query: string) => {
      const first = view(demo, CATALOG.ns, CATALOG.pod, query);
      const pages = Math.ceil(first.clients.page.total / CLIENT_PAGE_SIZE);
      return Array.from({ length: pages }, (_, i) => view(demo, CATALOG.ns, CATALOG.pod, `${query}&page=${i + 1}`).clients.page.rows).flat();
    };
    const byWorkload = allRows('port=8080&verdict=mtls');
    const byNamespace = allRows('port=8080&verdict=mtls&group=namespace');
    const sum = (rows: readonly { pods: number }[]) => rows.reduce((n, r) => n + r.pods, 0);
    expect(byNamespace.length).toBeLessThan(byWorkload.length);
    expect(sum(byNamespace)).toBe(sum(byWorkload));
    const checkout = byNamespace.find((r) => r.namespace === 'checkout');
    expect(checkout && { workload: checkout.workload, workloads: checkout.workloads }).toEqual({ workload: null, workloads: 4 });
  });

  it('shows the findings that name the pod, and the commands to confirm its verdicts, names quoted', () => {
    const v = view(demo, CATALOG.ns, CATALOG.pod);
    expect(v.findings.map((f) => [f.code, f.via])).toContainEqual(['MP105', `Pod/${CATALOG.ns}/${CATALOG.pod}`]);
    expect(v.commands).toContainEqual({ section: 'identity', purpose: expect.any(String) as string, command: `istioctl x describe pod '${CATALOG.pod}' -n 'catalog'` });
    expect(v.commands).toContainEqual({ section: 'mtls', purpose: 'PeerAuthentication catalog/catalog-metrics-permissive', command: "kubectl get peerauthentication 'catalog-metrics-permissive' -n 'catalog' -o yaml" });
  });

  it('lists authorization policies in evaluation order with their rule counts, and the RequestAuthentication rules', () => {
    const v = view(demo, 'partner-api', 'partner-gateway-l8bqtgfhv4-xxxc2');
    const order = { CUSTOM: 0, DENY: 1, ALLOW: 2, AUDIT: 3 } as const;
    const ranks = v.authz.policies.filter((p) => !p.dryRun).map((p) => order[p.action]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(v.authz.policies.length).toBe(3);
    expect(v.authz.requestAuthentications).toHaveLength(1);
    expect(v.authz.requestAuthentications[0]?.jwtRules.length).toBeGreaterThan(0);
    expect(v.authz.unknownReason).toBeNull();
  });

  it('reports the expired certificate of the ledger pod', () => {
    const v = view(demo, 'payments', 'ledger-c4v5b7kwvd-629wz');
    expect(v.certificate?.status).toBe('expired');
    expect(v.certificate?.remainingSeconds).toBeLessThan(0);
    expect(v.findings.map((f) => f.code)).toContain('MP501');
  });

  it('has no certificate and no SPIFFE ID for a pod without a dataplane', () => {
    const v = view(demo, 'data', 'postgres-0');
    expect({ dataplane: v.dataplane, spiffeId: v.spiffeId, certificate: v.certificate, mode: v.mtls.mode }).toEqual({ dataplane: 'none', spiffeId: null, certificate: null, mode: 'NONE' });
  });

  it.each([
    ['an unknown pod', 'catalog', 'no-such-pod', { code: 'not-found', message: 'pod catalog/no-such-pod is not in the source' }],
    ['an unknown namespace', 'nowhere', 'x', { code: 'not-found', message: 'pod nowhere/x is not in the source' }],
    ['a name that cannot exist', 'catalog', '$(id)', { code: 'bad-request', message: 'the pod name "$(id)" is not a valid Kubernetes name' }],
  ])('refuses %s', (_what, ns, pod, expected) => {
    expect(errorOf(() => view(demo, ns, pod))).toEqual(expected);
  });
});

describe('pod view: the waypoint of an ambient pod (istio.io latest/docs/ambient/usage/waypoint/ "Use a waypoint proxy")', () => {
  it('opensearch: its Service goes through search-waypoint, its headless Service and pod IP do not; the findings of the waypoint policies show', () => {
    const v = view(demo, 'search', 'opensearch-0');
    expect(v.waypoints.map((r) => ({ to: r.service ?? 'pod IP', state: r.state, waypoint: r.waypoint, labelledOn: r.labelledOn, seen: r.sourceSeenByZtunnel }))).toEqual([
      { to: 'search/opensearch', state: 'bound', waypoint: 'search/search-waypoint', labelledOn: 'Service/search/opensearch', seen: 'spiffe://cluster.local/ns/search/sa/search-waypoint' },
      { to: 'search/opensearch-headless', state: 'none', waypoint: null, labelledOn: null, seen: null },
      { to: 'pod IP', state: 'none', waypoint: null, labelledOn: null, seen: null },
    ]);
    // The selector policy that allows only the indexer sees the waypoint's identity (MP313).
    expect(v.findings.map((f) => f.code)).toContain('MP313');
  });

  it('a sidecar pod has no waypoint rows', () => {
    expect(view(demo, CATALOG.ns, CATALOG.pod).waypoints).toEqual([]);
  });

  it('search-indexer: the label names a waypoint that does not exist, so traffic goes straight to the pod', () => {
    const pod = demo.computation.workloads.find((w) => w.pod.meta.namespace === 'search' && w.pod.meta.labels.app === 'search-indexer')?.pod.meta.name ?? '';
    const [viaService] = view(demo, 'search', pod).waypoints;
    expect(viaService).toMatchObject({ service: 'search/search-indexer', state: 'unresolved', waypoint: 'search/search-indexer-waypoint', policiesAtWaypoint: [], sourceSeenByZtunnel: null });
    expect(viaService?.reason).toContain('which is not in the source');
  });
});

describe('pod view on built meshes', () => {
  it('labels a pod predicted from its controller and gives the controller commands', () => {
    const predicted = { ...aPod({ name: 'cart', namespace: 'shop', labels: { app: 'cart' } }), predictedFrom: { kind: 'Deployment', name: 'cart' } };
    const state = staticPostureState(aSnapshot({ pods: [predicted] }), new Date(NOW));
    const v = view(state, 'shop', 'cart');
    expect(v.predictedFrom).toEqual({ kind: 'Deployment', name: 'cart' });
    expect(v.commands.filter((c) => c.section === 'identity').map((c) => c.command)).toContain("kubectl get deployment 'cart' -n 'shop' -o yaml");
  });

  it('says why authorization is unknown when AuthorizationPolicy could not be read, and never calls it none', () => {
    const pod = aPod({ name: 'api-1', namespace: 'shop', labels: { app: 'api' } });
    const state = staticPostureState(aSnapshot({ pods: [pod], kinds: { AuthorizationPolicy: { status: 'forbidden', asOf: null, reason: 'RBAC: list denied' } } }), new Date(NOW));
    const v = view(state, 'shop', 'api-1');
    expect({ coverage: v.authz.coverage, reason: v.authz.unknownReason }).toEqual({ coverage: 'unknown', reason: 'AuthorizationPolicy could not be read (forbidden: RBAC: list denied)' });
  });
});

describe('pod view clients across postures', () => {
  it('a live posture that keeps the server workload but adds a client elsewhere shows the new client', () => {
    const before = demo.computation;
    // A new plaintext client (no dataplane) in another namespace: only that namespace is recomputed.
    const client = aPod({ name: 'new-client-1', namespace: 'legacy-batch', labels: { app: 'new-client' }, dataplane: 'none' });
    const snapshot = { ...demo.snapshot, pods: [...demo.snapshot.pods, client] };
    const after = computePostureIncremental(before, snapshot, { now: before.model.now });
    const server = (c: typeof before) => c.workloads.find((w) => w.pod.meta.namespace === CATALOG.ns && w.pod.meta.name === CATALOG.pod);
    // The premise: the incremental step reused the server's evaluated workload.
    expect(server(after)).toBe(server(before));
    const state = (computation: typeof before): PostureState => ({ ...demo, snapshot: computation.index.snapshot, computation });
    const rowsOf = (v: PodView) => v.clients.page.rows.filter((r) => r.namespace === 'legacy-batch' && r.workload === 'new-client');
    expect(rowsOf(view(state(before), CATALOG.ns, CATALOG.pod, 'verdict=all'))).toEqual([]);
    const rows = rowsOf(view(state(after), CATALOG.ns, CATALOG.pod, 'verdict=all'));
    expect(rows.map((r) => [r.port, r.verdict, r.pods, r.examplePod])).toEqual([
      [8080, 'fails', 1, 'new-client-1'],
      [9090, 'plaintext', 1, 'new-client-1'],
    ]);
  });
});
