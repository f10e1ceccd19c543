// The join of posture and observed traffic, as specifications. Metric semantics followed (see classify.test.ts for
// the table): istio.io content/en/docs/reference/config/metrics/index.md ("Labels": reporter, connection security
// policy, "unknown if the source information is missing"); ztunnel's inbound passthrough reports plaintext as
// `unknown` at the destination (istio/ztunnel src/proxy/inbound_passthrough.rs). Dry run: istio.io
// content/en/docs/tasks/security/authorization/authz-dry-run/index.md (authz_dry_run_action / authz_dry_run_result).
import { describe, expect, it } from 'vitest';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { aNamespace, anAuthorizationPolicy, aPeerAuthentication, aPod, aService, aSnapshot, NOW } from '@/test/builders';
import { anEdge, aTrafficSnapshot } from '@/test/traffic-builders';
import type { TrafficSnapshot } from '@/lib/snapshot/traffic-types';
import { reconcileTrafficWithPosture } from './index';

function deployed(namespace: string, app: string, opts: { dataplane?: 'sidecar' | 'none' | 'ambient-label'; hash?: string } = {}) {
  const hash = opts.hash ?? '5c6b7d9f8';
  return {
    ...aPod({ name: `${app}-${hash}-abcde`, namespace, labels: { app, 'pod-template-hash': hash }, serviceAccountName: app, dataplane: opts.dataplane ?? 'sidecar' }),
    owner: { kind: 'ReplicaSet', name: `${app}-${hash}` },
  };
}

const mesh = aSnapshot({
  namespaces: [aNamespace('shop'), aNamespace('pay'), aNamespace('quiet'), aNamespace('lab', { 'istio.io/dataplane-mode': 'ambient' })],
  pods: [
    deployed('shop', 'web'),
    deployed('shop', 'cart'),
    deployed('shop', 'legacy-job', { dataplane: 'none' }),
    deployed('pay', 'api'),
    deployed('quiet', 'idle'),
    deployed('lab', 'store', { dataplane: 'ambient-label' }),
  ],
  services: ['shop/web', 'shop/cart', 'pay/api', 'quiet/idle', 'lab/store'].map((s) => {
    const [namespace = '', name = ''] = s.split('/');
    return aService({ name, namespace, selector: { app: name } });
  }),
  peerAuthentications: [aPeerAuthentication({ name: 'cart-strict', namespace: 'shop', selector: { app: 'cart' }, mode: 'STRICT' })],
  authorizationPolicies: [
    anAuthorizationPolicy({ name: 'allow-web', namespace: 'pay', selector: { app: 'api' }, rules: [{ from: [{ principals: ['cluster.local/ns/shop/sa/web'] }], to: null, when: null }] }),
    anAuthorizationPolicy({ name: 'deny-admin', namespace: 'pay', selector: { app: 'api' }, action: 'DENY', dryRun: true, rules: [{ from: null, to: [{ paths: ['/admin'] }], when: null }] }),
  ],
});
const computation = computePostureDetailed(mesh, { now: NOW });

const edges = [
  anEdge({ from: 'shop/web', to: 'pay/api' }),
  // A client without a proxy: no peer metadata, so the destination reports source "unknown" and policy "none".
  anEdge({ from: 'unknown', to: 'shop/web', securityPolicy: 'none', total: 30, evidenceTotal: 10, firstActiveAt: '2026-05-20T03:00:00Z', lastActiveAt: '2026-05-31T09:00:00Z' }),
  anEdge({ from: 'shop/web', to: 'shop/cart' }),
  anEdge({ from: 'unknown', to: 'shop/cart', securityPolicy: 'none', total: 5, evidenceTotal: 5, firstActiveAt: '2026-05-29T10:00:00Z', lastActiveAt: '2026-05-30T10:00:00Z' }),
  anEdge({ from: 'shop/web', to: 'shop/cart', securityPolicy: 'none', total: 2, evidenceTotal: 2, firstActiveAt: '2026-05-30T08:00:00Z', lastActiveAt: '2026-05-30T08:15:00Z' }),
  // ztunnel: plaintext into a captured pod is `unknown` at the destination; here only before the evidence period.
  anEdge({ from: 'unknown', to: 'lab/store', metric: 'connections', securityPolicy: 'unknown', total: 3, evidenceTotal: 0, firstActiveAt: '2026-05-19T00:00:00Z', lastActiveAt: '2026-05-20T00:00:00Z' }),
  anEdge({ from: 'shop/web', to: 'lab/store', metric: 'connections', total: 40, evidenceTotal: 20 }),
  // Source-reported series say nothing about the server side: ignored even when they claim plaintext.
  anEdge({ from: 'shop/web', to: 'quiet/idle', reporter: 'source', securityPolicy: 'unknown' }),
  // mTLS from a sender the ALLOW policy of pay/api does not list: the engine says denied.
  anEdge({ from: 'shop/cart', to: 'pay/api', total: 4, evidenceTotal: 2 }),
  anEdge({ from: 'shop/web', to: 'ghost/gone' }),
];

const traffic = aTrafficSnapshot({ edges, dryRun: [{ namespace: 'pay', pod: 'api-5c6b7d9f8-abcde', action: 'deny', result: 'denied', count: 7 }, { namespace: 'pay', pod: 'api-5c6b7d9f8-abcde', action: 'deny', result: 'allowed', count: 93 }] });

const reconcile = (t: TrafficSnapshot) => reconcileTrafficWithPosture(computation, t, { evidenceDays: 7 });

describe('reconcileTraffic', () => {
  const model = reconcile(traffic);
  const byName = new Map(model.workloads.map((w) => [`${w.namespace}/${w.workload}`, w]));

  it('counts each destination workload (Istio workload name) and says how it is ready for STRICT', () => {
    expect(
      model.workloads.map((w) => ({ w: `${w.namespace}/${w.workload}`, requests: w.requests, mtls: w.mtls, plaintext: w.plaintext, sources: w.plaintextSources, readiness: w.strictReadiness })),
    ).toEqual([
      { w: 'lab/store', requests: 43, mtls: 40, plaintext: 3, sources: ['unknown'], readiness: 'ready' },
      { w: 'pay/api', requests: 104, mtls: 104, plaintext: 0, sources: [], readiness: 'ready' },
      { w: 'quiet/idle', requests: 0, mtls: 0, plaintext: 0, sources: [], readiness: 'no-traffic' },
      { w: 'shop/cart', requests: 107, mtls: 100, plaintext: 7, sources: ['shop/web', 'unknown'], readiness: 'blocked' },
      { w: 'shop/legacy-job', requests: 0, mtls: 0, plaintext: 0, sources: [], readiness: 'unknown' },
      { w: 'shop/web', requests: 30, mtls: 0, plaintext: 30, sources: ['unknown'], readiness: 'blocked' },
    ]);
    expect(byName.get('shop/web')).toMatchObject({
      firstPlaintextAt: '2026-05-20T03:00:00Z',
      lastPlaintextAt: '2026-05-31T09:00:00Z',
      readinessReason: 'plaintext in the last 7 days from unknown, last at 2026-05-31T09:00:00Z',
    });
    expect(byName.get('lab/store')?.readinessReason).toBe('only mTLS since 2026-05-25T12:00:00Z (20 requests or connections), no plaintext');
  });

  it('names the likely senders of "unknown" plaintext from configuration, marked inferred', () => {
    expect(byName.get('shop/web')?.likelySources).toEqual([{ workload: 'shop/legacy-job', reason: 'no sidecar or ztunnel (same namespace)', inferred: true }]);
    expect(byName.get('pay/api')?.likelySources).toEqual([]);
  });

  it('rolls readiness up per namespace, with "plaintext-free since"', () => {
    expect(model.namespaces.map((n) => [n.namespace, n.strictReadiness, n.plaintextFreeSince, n.blockingSources])).toEqual([
      ['lab', 'ready', '2026-05-20T00:00:00Z', []],
      ['pay', 'ready', '2026-05-18T12:00:00Z', []],
      ['quiet', 'no-traffic', '2026-05-18T12:00:00Z', []],
      ['shop', 'blocked', '2026-05-31T09:00:00Z', ['shop/web', 'unknown']],
    ]);
  });

  it('raises the contradictions between policy and traffic', () => {
    expect(model.contradictions.map((c) => [c.code, `${c.namespace}/${c.workload}`, c.policy, c.observed])).toEqual([
      ['MP601', 'shop/cart', 'shop/cart-strict', 'plaintext from shop/web, unknown, last at 2026-05-30T10:00:00Z'],
      ['MP602', 'pay/api', 'pay/allow-web', '2 requests or connections from shop/cart over mTLS'],
      ['MP603', 'shop/cart', null, '2 plaintext requests or connections from shop/web, last at 2026-05-30T08:15:00Z'],
    ]);
    // shop/web → pay/api, shop/web → shop/cart, shop/cart → pay/api, shop/web → lab/store (unknown senders are not asked).
    expect([model.edgesAsked, model.edgesNotAsked]).toEqual([4, 0]);
  });

  it('suggests a least-privilege ALLOW from the principals seen over mTLS, simulated against the observed clients', () => {
    const cart = byName.get('shop/cart')?.suggestion;
    expect(cart?.principals).toEqual(['cluster.local/ns/shop/sa/web']);
    expect(cart?.keeps).toEqual(['shop/web (cluster.local/ns/shop/sa/web)']);
    expect(cart?.denies.map((d) => d.source)).toEqual(['shop/web', 'unknown']);
    expect(cart?.yaml).toBe(
      [
        'apiVersion: security.istio.io/v1',
        'kind: AuthorizationPolicy',
        'metadata:',
        '  name: cart-observed-allow',
        '  namespace: shop',
        'spec:',
        '  selector:',
        '    matchLabels:',
        '      app: cart',
        '  action: ALLOW',
        '  rules:',
        '    - from:',
        '        - source:',
        '            principals:',
        '              - cluster.local/ns/shop/sa/web',
        '',
      ].join('\n'),
    );
    // Nothing seen over mTLS: nothing to suggest.
    expect(byName.get('shop/web')?.suggestion).toBeNull();
  });

  it('counts what dry-run policies would have done, beside the policies of that action', () => {
    expect(model.dryRun).toEqual([{ namespace: 'pay', workload: 'api', action: 'deny', policies: ['pay/deny-admin'], wouldDeny: 7, wouldAllow: 93 }]);
  });

  it('keeps destinations the posture does not hold apart', () => {
    expect(model.unmatchedDestinations).toEqual(['ghost/gone']);
  });

  it.each([
    { status: 'unreachable', reason: 'Prometheus at http://p:9090 did not answer: connect ECONNREFUSED' },
    { status: 'incomplete', reason: 'Prometheus holds Istio traffic series since 2026-05-30T00:00:00Z only' },
    { status: 'not-configured', reason: 'no Prometheus is configured' },
  ] as const)('with traffic $status, nothing is ready and every state says why', ({ status, reason }) => {
    const degraded = reconcile(aTrafficSnapshot({ status, reason, edges: status === 'incomplete' ? edges : [] }));
    expect(new Set(degraded.workloads.map((w) => w.strictReadiness))).toEqual(new Set(['unknown']));
    expect(new Set(degraded.namespaces.map((n) => n.strictReadiness))).toEqual(new Set(['unknown']));
    expect(degraded.workloads[0]?.readinessReason).toBe(`observed traffic is ${status}: ${reason}`);
  });

  it('takes traffic whose security cannot be told as unknown, never ready', () => {
    const m = reconcile(aTrafficSnapshot({ edges: [anEdge({ from: 'shop/web', to: 'pay/api' }), anEdge({ from: 'shop/web', to: 'pay/api', securityPolicy: 'unknown' })] }));
    expect(m.workloads.find((w) => w.workload === 'api')).toMatchObject({ strictReadiness: 'unknown', unclassified: 100 });
  });

  it('counts per port when the telemetry labels destination_port', () => {
    const m = reconcile(aTrafficSnapshot({ edges: [anEdge({ from: 'shop/web', to: 'pay/api', destinationPort: '8080' }), anEdge({ from: 'unknown', to: 'pay/api', destinationPort: '9090', securityPolicy: 'none', total: 3 })] }));
    expect(m.workloads.find((w) => w.workload === 'api')?.ports).toEqual([
      { port: 8080, requests: 100, mtls: 100, plaintext: 0, unclassified: 0 },
      { port: 9090, requests: 3, mtls: 0, plaintext: 3, unclassified: 0 },
    ]);
  });
});
