// Compatibility with the real client: @kubernetes/client-node 1.4.0's informer lists from the simulator through
// a KubeConfig built from its kubeconfig(), then receives a live ADDED event over the watch.
import { CoreV1Api, CustomObjectsApi, KubeConfig, KubernetesObjectApi, makeInformer, type KubernetesObject, type V1Pod } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from './index';
import { rawPeerAuthentication, rawPod } from './raw-objects';

type RawList = { metadata: { continue?: string }; items: { apiVersion: string; metadata: { namespace: string; name: string } }[] };

let sim: KubeSim;
afterEach(() => sim.stop());

describe('client-node 1.4.0 against the simulator', () => {
  it('an informer lists, then receives an ADDED event from the watch', async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a')] });
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig({ context: 'sim' }));
    const api = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Pod>(kc, '/api/v1/pods', () => api.listPodForAllNamespaces());
    const added: string[] = [];
    const gotB = new Promise<void>((resolve, reject) => {
      informer.on('add', (pod) => {
        added.push(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
        if (pod.metadata?.name === 'b') resolve();
      });
      informer.on('error', reject);
    });
    await informer.start();
    // start() resolves once the list is cached and the watch request has its response headers.
    expect(informer.list().map((p) => p.metadata?.name)).toEqual(['a']);
    sim.apply(rawPod('shop', 'b'));
    await gotB;
    await informer.stop();
    expect([added, informer.list().map((p) => p.metadata?.name).sort()]).toEqual([['shop/a', 'shop/b'], ['a', 'b']]);
    expect(sim.requests.map((r) => `${r.method} ${r.path} watch=${r.watch} ${r.status}`)).toEqual(['GET /api/v1/pods watch=false 200', 'GET /api/v1/pods watch=true 200']);
  });

  it('an informer that gets an ERROR 410 event relists and watches again from the new list', async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a')] });
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig());
    const api = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Pod>(kc, '/api/v1/pods', () => api.listPodForAllNamespaces());
    const gotC = new Promise<void>((resolve) => informer.on('add', (pod) => pod.metadata?.name === 'c' && resolve()));
    await informer.start();
    sim.faults.expireWatches('event');
    await expect.poll(() => sim.requests.filter((r) => r.watch).length).toBe(2);
    sim.apply(rawPod('shop', 'c'));
    await gotC;
    await informer.stop();
    expect(informer.list().map((p) => p.metadata?.name)).toEqual(['a', 'c']);
    expect(sim.requests.map((r) => (r.watch ? 'watch' : 'list'))).toEqual(['list', 'watch', 'list', 'watch']);
  });

  it('an informer whose stream is dropped reports an error and stops (its caller must restart it)', async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a')] });
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig());
    const api = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Pod>(kc, '/api/v1/pods', () => api.listPodForAllNamespaces());
    const failed = new Promise<unknown>((resolve) => informer.on('error', resolve));
    await informer.start();
    sim.faults.dropStreams();
    expect(await failed).toBeInstanceOf(Error);
    sim.apply(rawPod('shop', 'b'));
    expect([informer.list().map((p) => p.metadata?.name), sim.requests.map((r) => (r.watch ? 'watch' : 'list'))]).toEqual([['a'], ['list', 'watch']]);
    await informer.stop();
  });

  it('CustomObjectsApi pages through an Istio CRD with limit/continue (the raw list keeps metadata.continue)', async () => {
    sim = await startKubeSim({ objects: ['a', 'b', 'c'].map((ns) => rawPeerAuthentication(ns, 'default', 'STRICT')) });
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig());
    const api = kc.makeApiClient(CustomObjectsApi);
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = (await api.listClusterCustomObject({ group: 'security.istio.io', version: 'v1', plural: 'peerauthentications', limit: 2, ...(token ? { _continue: token } : {}) })) as RawList;
      names.push(...page.items.map((i) => `${i.apiVersion} ${i.metadata.namespace}/${i.metadata.name}`));
      token = page.metadata.continue;
    } while (token);
    expect(names).toEqual(['security.istio.io/v1 a/default', 'security.istio.io/v1 b/default', 'security.istio.io/v1 c/default']);
  });

  it('KubernetesObjectApi.list finds the CRD by discovery but drops a CRD list continue token (client-node 1.4.0 pitfall)', async () => {
    sim = await startKubeSim({ objects: ['a', 'b', 'c'].map((ns) => rawPeerAuthentication(ns, 'default', 'STRICT')) });
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig());
    const page = await KubernetesObjectApi.makeApiClient(kc).list<KubernetesObject>('security.istio.io/v1', 'PeerAuthentication', undefined, undefined, undefined, undefined, undefined, undefined, 2);
    // The list is deserialized as KubernetesObject, whose V1ObjectMeta has no `continue`: pagination is impossible.
    expect([page.items.length, page.metadata]).toEqual([2, { resourceVersion: '3' }]);
    expect(sim.requests.map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`)).toEqual(['/apis/security.istio.io/v1?', '/apis/security.istio.io/v1/peerauthentications?limit=2']);
  });
});
