// Istio's ambient Bookinfo tasks replayed through can-i: each request the docs show, with the answer they state.
// Fixture: test/fixtures/ambient-bookinfo-waypoint (see its README for the pages it restates).
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { handshakeSequenceDiagram } from '@/lib/diagrams/handshake-sequence';
import { canI, canIBetween, type CanIResult } from '@/lib/mesh/can-i';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { buildHandshake } from '@/lib/mesh/handshake';
import { aggregateTopology, computeTopologyConnections } from '@/lib/mesh/topology';
import { evaluateWorkload } from '@/lib/mesh/evaluate-workloads';
import { buildMeshIndex, findPod } from '@/lib/mesh/mesh-index';
import type { AuthorizationPolicy, MeshSnapshot, RequestAuthentication } from '@/lib/snapshot/types';
import { loadFilesSnapshot } from '@/lib/sources/files/load-files-snapshot';
import { anAuthorizationPolicy, aRequestAuthentication } from '@/test/builders';
import { runCli } from '@/test/run-cli';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/ambient-bookinfo-waypoint');
const NOW = '2026-06-01T12:00:00Z';
const ENFORCE = 'https://istio.io/latest/docs/ambient/getting-started/enforce-auth-policies/';
const L4_POLICY = 'https://istio.io/latest/docs/ambient/usage/l4-policy/';
const WAYPOINT = 'https://istio.io/latest/docs/ambient/usage/waypoint/';

/** The L4 `productpage-viewer` of the task's "Enforce Layer 4 authorization policy" step. */
const l4ProductpageViewer = anAuthorizationPolicy({
  name: 'productpage-viewer', namespace: 'default', selector: { app: 'productpage' }, action: 'ALLOW',
  rules: [{ from: [{ principals: ['cluster.local/ns/default/sa/bookinfo-gateway-istio'] }], to: null, when: null }],
});
/** l4-policy "Layer 4 authorization policies": only curl's identity may connect to productpage (restated for Bookinfo). */
const l4OnlyCurl = anAuthorizationPolicy({
  name: 'allow-curl-to-productpage', namespace: 'default', selector: { app: 'productpage' }, action: 'ALLOW',
  rules: [{ from: [{ principals: ['cluster.local/ns/default/sa/curl'] }], to: null, when: null }],
});

/** The waypoint doc's "Attach a L7 policy to the entire waypoint proxy" example: targetRefs to Gateway `waypoint`. */
const viewer = anAuthorizationPolicy({
  name: 'viewer', namespace: 'default', targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }], action: 'ALLOW',
  rules: [{ from: [{ namespaces: ['default', 'istio-system'] }], to: [{ methods: ['GET'] }], when: null }],
});
/** Istio-semantics Z-3: GatewayClass istio-waypoint in the root namespace applies to every waypoint. */
const denyDeleteEverywhere = anAuthorizationPolicy({
  name: 'no-delete', namespace: 'istio-system', targetRefs: [{ kind: 'GatewayClass', group: 'gateway.networking.k8s.io', name: 'istio-waypoint' }], action: 'DENY',
  rules: [{ from: null, to: [{ methods: ['DELETE'] }], when: null }],
});

let final: MeshSnapshot;
beforeAll(async () => {
  final = await loadFilesSnapshot(FIXTURE, { readAt: NOW });
});

type Variant = (s: MeshSnapshot) => MeshSnapshot;
const withPolicies = (policies: readonly AuthorizationPolicy[]): Variant => (s) => ({ ...s, authorizationPolicies: policies });
const addPolicies = (policies: readonly AuthorizationPolicy[]): Variant => (s) => ({ ...s, authorizationPolicies: [...s.authorizationPolicies, ...policies] });
/** Before `istioctl waypoint apply --enroll-namespace`: no Gateway, no waypoint pod, no use-waypoint label. */
const withoutWaypoint: Variant = (s) => ({
  ...s,
  gateways: [],
  pods: s.pods.filter((p) => p.meta.name !== 'waypoint-0'),
  namespaces: s.namespaces.map((n) => ({ ...n, meta: { ...n.meta, labels: { 'istio.io/dataplane-mode': 'ambient' } } })),
});
const labelService = (name: string, labels: Record<string, string>): Variant => (s) => ({
  ...s,
  services: s.services.map((svc) => (svc.meta.name === name ? { ...svc, meta: { ...svc.meta, labels: { ...svc.meta.labels, ...labels } } } : svc)),
});
const gatewayLabel = (labels: Record<string, string>): Variant => (s) => ({ ...s, gateways: s.gateways.map((g) => ({ ...g, meta: { ...g.meta, labels } })) });

function ask(from: string, method: string, variants: Variant[] = []): CanIResult {
  const snapshot = variants.reduce((s, v) => v(s), final);
  return canI({ from: { namespace: 'default', pod: from }, to: { namespace: 'default', pod: 'productpage-v1-0' }, port: 9080, method, path: '/productpage', now: NOW }, buildMeshIndex(snapshot));
}

const hopsOf = (r: CanIResult) => r.hops.map((h) => `${h.at} ${h.proxy} ${h.verdict} ${h.identitySeen ?? '-'}`);

describe('ambient Bookinfo: the requests of the getting-started tasks', () => {
  it.each([
    {
      source: `${ENFORCE} "Enforce Layer 4 authorization policy": curl → productpage, exit code 56`,
      from: 'curl-0', method: 'GET', variants: [withoutWaypoint, withPolicies([l4ProductpageViewer])], outcome: 'denied', policies: ['default/productpage-viewer'],
      hops: ['ztunnel(source) default/curl-0 forwarded -', 'ztunnel(destination) default/productpage-v1-0 denied cluster.local/ns/default/sa/curl'],
    },
    {
      source: `${ENFORCE} "Enforce Layer 7 authorization policy": curl GET → <title>Simple Bookstore App</title>`,
      from: 'curl-0', method: 'GET', variants: [], outcome: 'allowed', policies: ['default/productpage-viewer'],
      hops: ['ztunnel(source) default/curl-0 forwarded -', 'waypoint default/waypoint allowed cluster.local/ns/default/sa/curl', 'ztunnel(destination) default/productpage-v1-0 allowed cluster.local/ns/default/sa/waypoint'],
    },
    {
      source: `${ENFORCE} curl -X DELETE → "RBAC: access denied" (not a GET operation)`,
      from: 'curl-0', method: 'DELETE', variants: [], outcome: 'denied', policies: ['default/productpage-viewer'],
      hops: ['ztunnel(source) default/curl-0 forwarded -', 'waypoint default/waypoint denied cluster.local/ns/default/sa/curl', 'ztunnel(destination) default/productpage-v1-0 not-reached -'],
    },
    {
      source: `${ENFORCE} reviews-v1 → productpage → "RBAC: access denied" (identity not allowed)`,
      from: 'reviews-v1-0', method: 'GET', variants: [], outcome: 'denied', policies: ['default/productpage-viewer'],
      hops: ['ztunnel(source) default/reviews-v1-0 forwarded -', 'waypoint default/waypoint denied cluster.local/ns/default/sa/bookinfo-reviews', 'ztunnel(destination) default/productpage-v1-0 not-reached -'],
    },
    {
      source: `${L4_POLICY} "Authorization policy attachment": a selector policy behind a waypoint sees the waypoint's identity, so allowing only curl denies curl`,
      from: 'curl-0', method: 'GET', variants: [addPolicies([l4OnlyCurl])], outcome: 'denied', policies: ['default/allow-curl-to-productpage'],
      hops: ['ztunnel(source) default/curl-0 forwarded -', 'waypoint default/waypoint allowed cluster.local/ns/default/sa/curl', 'ztunnel(destination) default/productpage-v1-0 denied cluster.local/ns/default/sa/waypoint'],
    },
    {
      source: `${WAYPOINT} "Use a waypoint proxy": the Service opts out with istio.io/use-waypoint=none, so the L7 policy is not enforced and ztunnel has no policy`,
      from: 'reviews-v1-0', method: 'DELETE', variants: [labelService('productpage', { 'istio.io/use-waypoint': 'none' })], outcome: 'allowed', policies: [],
      hops: ['ztunnel(source) default/reviews-v1-0 forwarded -', 'ztunnel(destination) default/productpage-v1-0 allowed cluster.local/ns/default/sa/bookinfo-reviews'],
    },
    {
      source: `${WAYPOINT} "Deploy a waypoint proxy": a waypoint for workload traffic only does not serve the Service (istiod: UnsupportedTrafficType)`,
      from: 'reviews-v1-0', method: 'DELETE', variants: [gatewayLabel({ 'istio.io/waypoint-for': 'workload' })], outcome: 'allowed', policies: [],
      hops: ['ztunnel(source) default/reviews-v1-0 forwarded -', 'ztunnel(destination) default/productpage-v1-0 allowed cluster.local/ns/default/sa/bookinfo-reviews'],
    },
    {
      source: `${WAYPOINT} "Configure a service to use a specific waypoint": the Service's label wins over the namespace's, and names a missing waypoint → no waypoint binds`,
      from: 'reviews-v1-0', method: 'DELETE', variants: [labelService('productpage', { 'istio.io/use-waypoint': 'productpage-waypoint' })], outcome: 'allowed', policies: [],
      hops: ['ztunnel(source) default/reviews-v1-0 forwarded -', 'ztunnel(destination) default/productpage-v1-0 allowed cluster.local/ns/default/sa/bookinfo-reviews'],
    },
    {
      source: `${WAYPOINT} "Attach a L7 policy to the entire waypoint proxy": viewer (targetRefs Gateway waypoint) allows GET from namespace default`,
      from: 'reviews-v1-0', method: 'GET', variants: [withPolicies([viewer])], outcome: 'allowed', policies: ['default/viewer'],
      hops: ['ztunnel(source) default/reviews-v1-0 forwarded -', 'waypoint default/waypoint allowed cluster.local/ns/default/sa/bookinfo-reviews', 'ztunnel(destination) default/productpage-v1-0 allowed cluster.local/ns/default/sa/waypoint'],
    },
    {
      source: `${WAYPOINT} "Attach a L7 policy to the entire waypoint proxy": viewer allows only GET, so DELETE is denied at the waypoint`,
      from: 'reviews-v1-0', method: 'DELETE', variants: [withPolicies([viewer])], outcome: 'denied', policies: ['default/viewer'],
      hops: ['ztunnel(source) default/reviews-v1-0 forwarded -', 'waypoint default/waypoint denied cluster.local/ns/default/sa/bookinfo-reviews', 'ztunnel(destination) default/productpage-v1-0 not-reached -'],
    },
    {
      source: 'istio-semantics Z-3: a root-namespace DENY with targetRefs GatewayClass istio-waypoint applies at every waypoint, before the ALLOW',
      from: 'curl-0', method: 'DELETE', variants: [addPolicies([denyDeleteEverywhere])], outcome: 'denied', policies: ['istio-system/no-delete'],
      hops: ['ztunnel(source) default/curl-0 forwarded -', 'waypoint default/waypoint denied cluster.local/ns/default/sa/curl', 'ztunnel(destination) default/productpage-v1-0 not-reached -'],
    },
  ])('$source', ({ from, method, variants, outcome, policies, hops }) => {
    const r = ask(from, method, variants);
    expect({ outcome: r.outcome, policies: r.policies, mtls: r.mtls, hops: hopsOf(r) }).toEqual({ outcome, policies, mtls: true, hops });
  });

  it(`${WAYPOINT}: the waypoint binding is reported (namespace label, bound)`, () => {
    expect(ask('curl-0', 'GET').waypoint).toEqual({ state: 'bound', name: 'default/waypoint', labelledOn: 'Namespace/default', reason: 'Namespace/default uses waypoint default/waypoint (istio.io/use-waypoint)' });
    const missing = ask('reviews-v1-0', 'GET', [labelService('productpage', { 'istio.io/use-waypoint': 'productpage-waypoint' })]);
    expect(missing.waypoint?.state).toBe('unresolved');
    expect(missing.reason).toContain('names waypoint default/productpage-waypoint, which is not in the source');
  });

  it(`${WAYPOINT} "Use a waypoint proxy": pod-IP (workload-addressed) traffic does not use a waypoint that is for service traffic`, () => {
    const index = buildMeshIndex(final);
    const client = evaluateWorkload(findPod(index, 'default', 'reviews-v1-0')!, index, NOW);
    const server = evaluateWorkload(findPod(index, 'default', 'productpage-v1-0')!, index, NOW);
    const r = canIBetween(client, server, 9080, null, { method: 'DELETE', now: NOW }, index);
    expect({ outcome: r.outcome, hops: hopsOf(r), waypoint: r.waypoint?.state }).toEqual({
      outcome: 'allowed', waypoint: 'unresolved',
      hops: ['ztunnel(source) default/reviews-v1-0 forwarded -', 'ztunnel(destination) default/productpage-v1-0 allowed cluster.local/ns/default/sa/bookinfo-reviews'],
    });
  });

  it('Gateway forbidden: a Service enrolled with a waypoint gets unknown, never a verdict', () => {
    const r = ask('curl-0', 'DELETE', [(s) => ({ ...s, gateways: [], kinds: { ...s.kinds, Gateway: { status: 'forbidden', asOf: null, reason: 'gateways is forbidden' } } })]);
    expect(r.outcome).toBe('unknown');
    expect(r.reason).toContain('Gateway could not be read');
  });

  it('Gateway API not installed (kind absent): the label binds no waypoint, and the answer is still known', () => {
    const r = ask('reviews-v1-0', 'DELETE', [(s) => ({ ...s, gateways: [], kinds: { ...s.kinds, Gateway: { status: 'absent', asOf: null, reason: 'the server does not serve gateways' } } })]);
    expect({ outcome: r.outcome, waypoint: r.waypoint?.state }).toEqual({ outcome: 'allowed', waypoint: 'unresolved' });
  });

  it(`the CLI prints each hop (${ENFORCE})`, async () => {
    const { code, stdout } = await runCli('can-i', '--source', FIXTURE, '--from', 'default/curl-0', '--to', 'default/productpage-v1-0', '--port', '9080', '--method', 'DELETE');
    expect(code).toBe(0);
    expect(stdout).toContain('DENIED: ');
    expect(stdout).toContain('  waypoint: bound default/waypoint (Namespace/default)\n');
    expect(stdout).toContain('  hops:\n    1. ztunnel(source) default/curl-0: FORWARDED; sees no peer identity\n');
    expect(stdout).toContain('    2. waypoint default/waypoint: DENIED; sees cluster.local/ns/default/sa/curl [default/productpage-viewer]\n');
    expect(stdout).toContain('    3. ztunnel(destination) default/productpage-v1-0: NOT-REACHED; sees no peer identity\n');
  });
});

describe(`the handshake through the waypoint: three hops and the identity each sees (${L4_POLICY} "Authorization policy attachment")`, () => {
  const handshake = (from: string, method: string, variants: Variant[] = []) => {
    const snapshot = variants.reduce((s, v) => v(s), final);
    return buildHandshake({ from: { namespace: 'default', pod: from }, to: { namespace: 'default', pod: 'productpage-v1-0' }, port: 9080, method, path: '/productpage', now: NOW }, buildMeshIndex(snapshot)).handshake;
  };
  const wire = (h: ReturnType<typeof handshake>) => h.steps.filter((s) => !s.kind.startsWith('certificate')).map((s) => `${s.from}>${s.to} ${s.kind} ${s.status}`);

  it(`${ENFORCE} curl GET: client ztunnel → waypoint (sees curl) → destination ztunnel (sees the waypoint) → delivered`, () => {
    const h = handshake('curl-0', 'GET');
    expect(h.waypoint).toMatchObject({ namespace: 'default', pod: 'waypoint', proxy: 'waypoint', spiffeId: 'spiffe://cluster.local/ns/default/sa/waypoint', issuer: 'istiod' });
    expect(wire(h)).toEqual([
      'client-app>client-proxy connect info',
      'client-proxy>waypoint hbone-connect info',
      'waypoint>client-proxy tls-server-certificate ok',
      'client-proxy>waypoint tls-client-certificate ok',
      'waypoint>waypoint mtls-established ok',
      'client-proxy>waypoint request info',
      'waypoint>waypoint authorization ok',
      'waypoint>server-proxy hbone-connect info',
      'server-proxy>waypoint tls-server-certificate ok',
      'waypoint>server-proxy tls-client-certificate ok',
      'server-proxy>server-proxy mtls-established ok',
      'server-proxy>server-proxy authorization ok',
      'server-proxy>server-app forward ok',
      'server-app>client-app response ok',
    ]);
    const established = h.steps.filter((s) => s.kind === 'mtls-established').map((s) => s.detail);
    expect(established).toEqual(['peer identity spiffe://cluster.local/ns/default/sa/curl', 'peer identity spiffe://cluster.local/ns/default/sa/waypoint: the waypoint does not impersonate the client']);
    expect(h.end).toEqual({ at: 'application', response: 'delivered' });
    // The waypoint gets its own certificate from istiod, as each ztunnel does for its workload.
    expect(h.steps.filter((s) => s.kind === 'certificate-request').map((s) => `${s.from} ${s.text}`)).toEqual([
      'client-proxy CSR for spiffe://cluster.local/ns/default/sa/curl',
      'waypoint CSR for spiffe://cluster.local/ns/default/sa/waypoint',
      'server-proxy CSR for spiffe://cluster.local/ns/default/sa/bookinfo-productpage',
    ]);
    const diagram = handshakeSequenceDiagram(h);
    expect(diagram.split('\n').filter((l) => l.includes('participant'))).toEqual([
      '  participant p0 as client default/curl-0',
      '  participant p1 as ztunnel for default/curl-0',
      '  participant p2 as istiod #40;CA#41;',
      '  participant p3 as waypoint default/waypoint',
      '  participant p4 as ztunnel for default/productpage-v1-0',
      '  participant p5 as server default/productpage-v1-0 port 9080',
    ]);
  });

  it(`${ENFORCE} curl DELETE and reviews GET: "RBAC: access denied" from the waypoint; the destination is not reached`, () => {
    for (const [from, method] of [['curl-0', 'DELETE'], ['reviews-v1-0', 'GET']] as const) {
      const h = handshake(from, method);
      expect(wire(h).slice(-3)).toEqual(['waypoint>waypoint authorization failed', 'waypoint>client-proxy response failed', 'client-proxy>client-app response failed']);
      expect(h.steps.some((s) => !s.kind.startsWith('certificate') && (s.to === 'server-proxy' || s.from === 'server-proxy'))).toBe(false);
      expect(h.end).toEqual({ at: 'authorization', response: 'http-403' });
    }
  });

  it(`${L4_POLICY}: an L4 policy that allows only curl resets the waypoint's connection at the destination ztunnel`, () => {
    const h = handshake('curl-0', 'GET', [addPolicies([l4OnlyCurl])]);
    expect(wire(h).slice(-5)).toEqual([
      'server-proxy>server-proxy mtls-established ok',
      'server-proxy>server-proxy authorization failed',
      'server-proxy>waypoint reset failed',
      'waypoint>client-proxy response failed',
      'client-proxy>client-app response failed',
    ]);
    expect(h.end).toEqual({ at: 'authorization', response: 'reset' });
    expect(h.notes.join(' ')).toContain("the source identity it sees is the waypoint's");
  });

  it('without a waypoint the handshake has two proxies and no waypoint party', () => {
    const h = handshake('curl-0', 'GET', [withoutWaypoint]);
    expect(h.waypoint).toBeNull();
    expect(h.steps.some((s) => s.from === 'waypoint' || s.to === 'waypoint')).toBe(false);
  });
});

describe('the topology draws the waypoint hop on the edges it serves', () => {
  it(`${ENFORCE}: connections to productpage pass through default/waypoint; none does without the waypoint`, () => {
    const through = (snapshot: MeshSnapshot) => {
      const connections = computeTopologyConnections(computePostureDetailed(snapshot, { now: NOW }));
      return connections.filter((c) => c.server.service === 'productpage' && c.client.kind === 'workload').map((c) => `${c.client.kind === 'workload' ? c.client.serviceAccount : ''} ${c.authz} ${c.waypoint ?? '-'}`);
    };
    expect(through(final)).toEqual(expect.arrayContaining(['curl allowed default/waypoint', 'bookinfo-reviews denied default/waypoint']));
    expect(through(withoutWaypoint(final)).every((line) => line.endsWith(' -'))).toBe(true);
    const graph = aggregateTopology(computeTopologyConnections(computePostureDetailed(final, { now: NOW })), { expand: new Set(['default']), namespace: '', transport: null, verdict: null, maxEdges: 100, maxNodes: 100 });
    const edge = graph.edges.find((e) => e.from === 'svc:default/curl' && e.to === 'svc:default/productpage');
    expect(edge?.waypoints).toEqual(['default/waypoint']);
    // The waypoint's own pod is the middle hop, not a client of its own.
    expect(graph.nodes.map((n) => n.key)).not.toContain('sa:default/waypoint');
  });
});

describe('clients that are not ambient: sidecars bypass the waypoint (istio/istio#51445, the open sidecar → waypoint interop issue; #57729: "sidecar traffic by-passes waypoint while going to ambient service")', () => {
  /** curl, given an injected sidecar (sidecar.istio.io/status and the istio-proxy container) in a namespace of its own. */
  const sidecarCurl: Variant = (s) => {
    const curl = s.pods.find((p) => p.meta.name === 'curl-0')!;
    const pod = {
      ...curl,
      meta: { ...curl.meta, name: 'curl-sidecar-0', namespace: 'legacy', labels: { app: 'curl-sidecar' }, annotations: { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' } },
      containers: [...curl.containers, { ...curl.containers[0]!, name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.27.0' }],
      podIP: '10.244.1.30',
    };
    return { ...s, namespaces: [...s.namespaces, { meta: { ...s.namespaces[0]!.meta, name: 'legacy', namespace: '', labels: { 'istio-injection': 'enabled' } } }], pods: [...s.pods, pod] };
  };
  const fromSidecar = (method: string, variants: Variant[] = []) => {
    const snapshot = [sidecarCurl, ...variants].reduce((s, v) => v(s), final);
    return canI({ from: { namespace: 'legacy', pod: 'curl-sidecar-0' }, to: { namespace: 'default', pod: 'productpage-v1-0' }, port: 9080, method, path: '/productpage', now: NOW }, buildMeshIndex(snapshot));
  };

  it('a DELETE the waypoint would refuse is allowed from a sidecar client: the waypoint policy is skipped, only the destination ztunnel decides', () => {
    const r = fromSidecar('DELETE');
    expect({ outcome: r.outcome, hops: hopsOf(r), waypoint: r.waypoint?.state }).toEqual({
      outcome: 'allowed', waypoint: 'bound',
      hops: ['sidecar(source) legacy/curl-sidecar-0 forwarded -', 'ztunnel(destination) default/productpage-v1-0 allowed cluster.local/ns/legacy/sa/curl'],
    });
    expect(r.reason).toContain('the sidecar client bypasses waypoint default/waypoint');
  });

  it(`the destination's L4 policy still applies to the sidecar client, with its own identity (${L4_POLICY})`, () => {
    const r = fromSidecar('GET', [addPolicies([l4OnlyCurl])]);
    expect(r.outcome).toBe('denied');
    expect(r.policies).toEqual(['default/allow-curl-to-productpage']);
  });

  it('a client outside the mesh towards a waypoint-served destination stays unknown (not modelled)', () => {
    const r = canI({ from: null, to: { namespace: 'default', pod: 'productpage-v1-0' }, port: 9080, method: 'GET', path: '/', now: NOW }, buildMeshIndex(final));
    expect({ outcome: r.outcome, reason: r.reason }).toEqual({ outcome: 'unknown', reason: 'The destination is served by waypoint default/waypoint; the path of a client outside the mesh through a waypoint is not modelled' });
  });
});

describe('JWT at the waypoint: a RequestAuthentication with targetRefs to the Service (istio-semantics J-1 and Z-3: targetRefs to a Service apply at its waypoint)', () => {
  const NOW_S = Date.parse(NOW) / 1000;
  const jwtAtProductpage = aRequestAuthentication({
    name: 'productpage-jwt', namespace: 'default', targetRefs: [{ group: '', kind: 'Service', name: 'productpage' }],
    jwtRules: [{ issuer: 'https://idp.example.com', audiences: ['bookinfo'], hasInlineJwks: true, fromHeaders: [], fromParams: [], fromCookies: [], forwardOriginalToken: false }],
  });
  /** With the RequestAuthentication, only requests carrying a valid token of the issuer get through the waypoint. */
  const requireJwt = anAuthorizationPolicy({
    name: 'require-jwt', namespace: 'default', targetRefs: [{ group: '', kind: 'Service', name: 'productpage' }], action: 'ALLOW',
    rules: [{ from: [{ requestPrincipals: ['https://idp.example.com/*'] }], to: null, when: null }],
  });
  const withJwt = (s: MeshSnapshot): MeshSnapshot => ({ ...s, requestAuthentications: [jwtAtProductpage] as RequestAuthentication[], authorizationPolicies: [requireJwt] });
  const ask = (jwt: Parameters<typeof canI>[0]['jwt']) =>
    canI({ from: { namespace: 'default', pod: 'curl-0' }, to: { namespace: 'default', pod: 'productpage-v1-0' }, port: 9080, method: 'GET', path: '/productpage', now: NOW, ...(jwt ? { jwt } : {}) }, buildMeshIndex(withJwt(final)));

  it.each([
    { token: 'none', jwt: { state: 'none' } as const, outcome: 'denied', verdict: 'denied' },
    { token: 'invalid', jwt: { state: 'invalid' } as const, outcome: 'unauthenticated', verdict: 'unauthenticated' },
    { token: 'valid', jwt: { state: 'valid', claims: { iss: 'https://idp.example.com', sub: 'alice', aud: 'bookinfo', exp: NOW_S + 3600 } } as const, outcome: 'allowed', verdict: 'allowed' },
  ])('token $token: $outcome, decided at the waypoint', ({ jwt, outcome, verdict }) => {
    const r = ask(jwt);
    expect({ outcome: r.outcome, atWaypoint: r.hops.find((h) => h.at === 'waypoint')?.verdict }).toEqual({ outcome, atWaypoint: verdict });
  });
});

