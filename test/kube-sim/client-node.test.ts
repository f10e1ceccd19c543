// Compatibility with the real client: @kubernetes/client-node 1.4.0's informer lists from the simulator through
// a KubeConfig built from its kubeconfig(), then receives a live ADDED event over the watch.
import { CoreV1Api, KubeConfig, makeInformer, type V1Pod } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from './index';
import { rawPod } from './raw-objects';

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
});
