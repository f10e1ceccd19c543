// The list and get protocol against plain fetch: shapes, namespaces, selectors, pagination and continue expiry.
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from './index';
import { rawNamespace, rawPeerAuthentication, rawPod } from './raw-objects';
import { simGetJson } from './sim-client';

let sim: KubeSim;
afterEach(() => sim.stop());

type List = { kind: string; apiVersion: string; metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number }; items: { apiVersion: string; kind?: string; metadata: { name: string; namespace?: string; resourceVersion: string } }[] };
const names = (l: List) => l.items.map((i) => `${i.metadata.namespace ? `${i.metadata.namespace}/` : ''}${i.metadata.name}`);

const PODS = [
  rawPod('shop', 'web-1', { app: 'web', tier: 'front' }),
  rawPod('shop', 'web-2', { app: 'web', tier: 'front' }),
  rawPod('shop', 'db-1', { app: 'db' }),
  rawPod('pay', 'api-1', { app: 'api', tier: 'front' }),
  rawPod('pay', 'worker-1', {}),
];

describe('list', () => {
  it('answers a cluster-wide list in etcd key order (namespace, then name) with the List envelope', async () => {
    sim = await startKubeSim({ objects: [rawNamespace('shop'), rawNamespace('pay'), ...PODS] });
    const { status, body } = await simGetJson<List>(sim, '/api/v1/pods');
    expect(status).toBe(200);
    expect({ kind: body.kind, apiVersion: body.apiVersion, metadata: body.metadata }).toEqual({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '7' } });
    expect(names(body)).toEqual(['pay/api-1', 'pay/worker-1', 'shop/db-1', 'shop/web-1', 'shop/web-2']);
    expect(body.items.every((i) => i.apiVersion === 'v1' && i.kind === 'Pod')).toBe(true);
  });

  it('lists one namespace and gets one object; a missing object is a NotFound Status', async () => {
    sim = await startKubeSim({ objects: PODS });
    expect(names((await simGetJson<List>(sim, '/api/v1/namespaces/pay/pods')).body)).toEqual(['pay/api-1', 'pay/worker-1']);
    const got = await simGetJson(sim, '/api/v1/namespaces/shop/pods/db-1');
    expect([got.status, got.body.kind, (got.body.metadata as { name: string }).name]).toEqual([200, 'Pod', 'db-1']);
    const missing = await simGetJson(sim, '/api/v1/namespaces/shop/pods/nope');
    expect([missing.status, missing.body]).toEqual([
      404,
      { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'pods' }, code: 404 },
    ]);
  });

  it('lists exactly one namespace even when other namespace names share its prefix', async () => {
    sim = await startKubeSim({ objects: ['sho', 'shop', 'shop-2', 'shop2', 'shopx'].map((ns) => rawPod(ns, 'p')) });
    const pages: string[][] = [];
    let token = '';
    do {
      const page = (await simGetJson<List>(sim, `/api/v1/namespaces/shop/pods?limit=1${token ? `&continue=${token}` : ''}`)).body;
      pages.push(names(page));
      token = page.metadata.continue ?? '';
    } while (token);
    expect(pages).toEqual([['shop/p']]);
  });

  it.each([
    ['app=web', ['shop/web-1', 'shop/web-2']],
    ['app==web,tier=front', ['shop/web-1', 'shop/web-2']],
    ['tier!=front', ['pay/worker-1', 'shop/db-1']],
    ['app in (db,api)', ['pay/api-1', 'shop/db-1']],
    ['app notin (web),tier', ['pay/api-1']],
    ['!app', ['pay/worker-1']],
  ])('labelSelector %s', async (selector, expected) => {
    sim = await startKubeSim({ objects: PODS });
    expect(names((await simGetJson<List>(sim, `/api/v1/pods?labelSelector=${encodeURIComponent(selector)}`)).body)).toEqual(expected);
  });

  it.each([
    ['metadata.name=web-1', ['shop/web-1']],
    ['metadata.namespace=pay', ['pay/api-1', 'pay/worker-1']],
    ['metadata.namespace!=pay,metadata.name!=db-1', ['shop/web-1', 'shop/web-2']],
  ])('fieldSelector %s', async (selector, expected) => {
    sim = await startKubeSim({ objects: PODS });
    expect(names((await simGetJson<List>(sim, `/api/v1/pods?fieldSelector=${encodeURIComponent(selector)}`)).body)).toEqual(expected);
  });

  it('rejects a selector the real server cannot parse with 400 BadRequest', async () => {
    sim = await startKubeSim({ objects: PODS });
    const bad = await simGetJson(sim, `/api/v1/pods?fieldSelector=${encodeURIComponent('spec.foo=x')}`);
    expect([bad.status, bad.body.reason]).toEqual([400, 'BadRequest']);
  });

  it('paginates with limit/continue: every page at the first page resourceVersion, remainingItemCount without selectors', async () => {
    sim = await startKubeSim({ objects: PODS });
    const first = (await simGetJson<List>(sim, '/api/v1/pods?limit=2')).body;
    expect([names(first), first.metadata.remainingItemCount, first.metadata.resourceVersion]).toEqual([['pay/api-1', 'pay/worker-1'], 3, '5']);
    sim.apply(rawPod('pay', 'aaa-new'));
    sim.remove({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-2' });
    const second = (await simGetJson<List>(sim, `/api/v1/pods?limit=2&continue=${first.metadata.continue}`)).body;
    const third = (await simGetJson<List>(sim, `/api/v1/pods?limit=2&continue=${second.metadata.continue}`)).body;
    // Consistent snapshot: the pod added and the pod deleted after page 1 do not change pages 2 and 3.
    expect([names(second), second.metadata.remainingItemCount, names(third), third.metadata.continue, third.metadata.resourceVersion]).toEqual([
      ['shop/db-1', 'shop/web-1'],
      1,
      ['shop/web-2'],
      undefined,
      '5',
    ]);
  });

  it('caps limit at maxPageSize and omits remainingItemCount when a selector is given', async () => {
    sim = await startKubeSim({ objects: PODS, maxPageSize: 1 });
    const page = (await simGetJson<List>(sim, '/api/v1/pods?limit=10&labelSelector=app%3Dweb')).body;
    expect([names(page), typeof page.metadata.continue, page.metadata.remainingItemCount]).toEqual([['shop/web-1'], 'string', undefined]);
  });

  it('expires a continue token once its resourceVersion is compacted away: 410 Expired', async () => {
    sim = await startKubeSim({ objects: PODS, eventHistory: 2 });
    const first = (await simGetJson<List>(sim, '/api/v1/pods?limit=2')).body;
    for (const n of ['a', 'b', 'c']) sim.apply(rawPod('other', n));
    const expired = await simGetJson<{ reason: string; code: number; metadata: { continue?: string } }>(sim, `/api/v1/pods?limit=2&continue=${first.metadata.continue}`);
    expect([expired.status, expired.body.reason, expired.body.code]).toEqual([410, 'Expired', 410]);
    // The Status offers an inconsistent continuation: same position, latest state (the pods added since included).
    const rest = (await simGetJson<List>(sim, `/api/v1/pods?continue=${expired.body.metadata.continue}`)).body;
    expect([names(rest), rest.metadata.resourceVersion]).toEqual([['shop/db-1', 'shop/web-1', 'shop/web-2'], '8']);
  });

  it('serves a multi-version CRD at every served version, items carrying the requested apiVersion', async () => {
    sim = await startKubeSim({ objects: [rawPeerAuthentication('shop', 'strict', 'STRICT', 'security.istio.io/v1beta1')] });
    for (const version of ['v1', 'v1beta1']) {
      const list = (await simGetJson<List>(sim, `/apis/security.istio.io/${version}/namespaces/shop/peerauthentications`)).body;
      expect([list.kind, list.apiVersion, list.items.map((i) => i.apiVersion)]).toEqual(['PeerAuthenticationList', `security.istio.io/${version}`, [`security.istio.io/${version}`]]);
    }
  });

  it('refuses requests without the bearer token: 401 Unauthorized', async () => {
    sim = await startKubeSim({ objects: PODS });
    const res = await fetch(`${sim.url}/api/v1/pods`);
    expect([res.status, ((await res.json()) as { reason: string }).reason]).toEqual([401, 'Unauthorized']);
  });
});
