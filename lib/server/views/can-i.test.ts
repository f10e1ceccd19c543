// The Can I? view on the embedded demo mesh: one connection per outcome the view must explain, and the form's
// validation errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import { staticPostureState, type PostureState } from '../posture-store';
import { ViewError } from '../view-errors';
import { buildCanIView } from './can-i';

const NOW = new Date('2026-11-26T12:00:00Z');
let state: PostureState;

beforeAll(async () => {
  state = staticPostureState(await loadDemoSnapshot({ now: NOW }), NOW);
});

const view = (query: Record<string, string>) => buildCanIView(state, new URLSearchParams(query));

const CATALOG = 'catalog/catalog-ngb92jcpzd-994w5';
const PAYMENTS_API = 'payments/payments-api-q4psdr8kqd-88dx5';
const STOREFRONT_BFF = 'storefront/storefront-bff-rx4tmvtmkq-f8xsr';

describe('buildCanIView on the demo mesh', () => {
  it.each([
    {
      name: 'sidecar to sidecar, allowed over mTLS by the ALLOW policy',
      query: { from: 'checkout/checkout-qlfwp88xw-9vx7j', to: PAYMENTS_API, port: '8080', method: 'post', path: '/v1/charges' },
      expected: { outcome: 'allowed', transport: 'istio-mtls', mtls: true, policies: ['payments/allow-payments-api'], end: { at: 'application', response: 'delivered' }, endText: 'ALLOWED: delivered to the application over mTLS' },
    },
    {
      name: 'a client without a dataplane is reset by the STRICT server',
      query: { from: 'legacy-batch/batch-scheduler-ztsb8mpzgc-4r4z5', to: CATALOG, port: '8080' },
      expected: { outcome: 'connection-failed', transport: 'plaintext', mtls: false, policies: [], end: { at: 'transport', response: 'reset' }, endText: 'CONNECTION-FAILED: connection reset at the transport step' },
    },
    {
      name: 'mTLS, but no ALLOW rule matches: 403',
      query: { from: CATALOG, to: PAYMENTS_API, port: '8080', method: 'POST', path: '/v1/charges' },
      expected: { outcome: 'denied', transport: 'istio-mtls', mtls: true, policies: ['payments/allow-payments-api'], end: { at: 'authorization', response: 'http-403' }, endText: 'DENIED: HTTP 403 from the authorization check' },
    },
    {
      name: 'a token that fails verification: 401',
      query: { from: 'storefront/web-frontend-qljf8x5fqr-gf49d', to: STOREFRONT_BFF, port: '8080', jwt: 'invalid' },
      expected: { outcome: 'unauthenticated', transport: 'istio-mtls', mtls: true, policies: ['storefront/storefront-bff-jwt'], end: { at: 'authentication', response: 'http-401' }, endText: 'UNAUTHENTICATED: HTTP 401 from the JWT check' },
    },
    {
      name: 'ambient to ambient over HBONE, allowed by an L4 ALLOW',
      query: { from: 'shipping/shipping-api-lhkv2wjk9-chkk9', to: 'shipping/carrier-adapter-5qbnggzpx-vqr6p', port: '8080' },
      expected: { outcome: 'allowed', transport: 'hbone', mtls: true, policies: ['shipping/allow-carrier-adapter'], end: { at: 'application', response: 'delivered' }, endText: 'ALLOWED: delivered to the application over mTLS' },
    },
  ] as { name: string; query: Record<string, string>; expected: unknown }[])('$name', ({ query, expected }) => {
    const a = view(query).answer;
    expect(a && { outcome: a.outcome, transport: a.transport, mtls: a.mtls, policies: a.policies, end: a.handshake.end, endText: a.endText }).toEqual(expected);
  });

  it('links the answer to its handshake page and draws the diagram with the real identities', () => {
    const a = view({ from: CATALOG, to: PAYMENTS_API, port: '8080' }).answer;
    expect(a?.handshakeHref).toBe(`/handshake?from=${encodeURIComponent(CATALOG)}&port=8080&to=${encodeURIComponent(PAYMENTS_API)}`);
    expect(a?.diagram).toContain('SNI outbound_.80_._.payments-api.payments.svc.cluster.local');
    expect(a?.diagram).toContain('-->>p1: certificate serial 147c278e32238ef660de095358057623\n');
    expect(a?.diagram).toContain('client certificate spiffe#58;//cluster.local/ns/catalog/sa/catalog #40;serial 147c278e32238ef660de095358057623#41;');
  });

  it('before a question: no answer, the pods for the pickers; with a target, its ports', () => {
    const empty = view({});
    expect({ answer: empty.answer, pods: empty.pods.names.length, omitted: empty.pods.omitted, sample: empty.pods.names.includes(CATALOG), ports: empty.targetPorts }).toEqual({
      answer: null, pods: state.computation.model.workloads.length, omitted: 0, sample: true, ports: [],
    });
  });

  it.each([
    [{ to: CATALOG, port: '0' }, 'bad-request', 'port: expected a container port 1..65535, got "0"'],
    [{ to: 'catalog', port: '8080' }, 'bad-request', 'to: expected NAMESPACE/POD, got "catalog"'],
    [{ to: CATALOG, port: '8080', from: 'x"y' }, 'bad-request', 'from: expected NAMESPACE/POD, got "x\\"y"'],
    [{ to: CATALOG, port: '8080', headers: 'no colon here' }, 'bad-request', "headers line 1: expected 'name: value', got \"no colon here\""],
    [{ to: CATALOG, port: '8080', jwt: 'valid', claims: '[1]' }, 'bad-request', 'claims: expected a JSON object of claims'],
    [{ to: 'catalog/ghost', port: '8080' }, 'not-found', 'target pod catalog/ghost is not in the source'],
    [{ to: CATALOG }, 'bad-request', 'port: expected a container port 1..65535, got ""'],
  ])('%j is a %s: %s', (query, code, message) => {
    let error: unknown;
    try {
      view(query);
    } catch (e) {
      error = e;
    }
    expect(error instanceof ViewError ? { code: error.code, message: error.message } : error).toEqual({ code, message });
  });
});
