// The kubeconfig the simulator hands out, as client-node reads it, and the request log tests count requests with.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from './index';
import { simGet } from './sim-client';

let sim: KubeSim;
afterEach(() => sim.stop());

describe('kubeconfig', () => {
  it('names the context asked for, with its namespace, a token user and TLS verification skipped for http', async () => {
    sim = await startKubeSim();
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig({ context: 'staging', namespace: 'shop' }));
    expect({
      context: kc.getCurrentContext(),
      namespace: kc.getContextObject('staging')?.namespace,
      cluster: kc.getCurrentCluster(),
      token: kc.getCurrentUser()?.token,
    }).toEqual({
      context: 'staging',
      namespace: 'shop',
      cluster: { name: 'kube-sim', server: sim.url, skipTLSVerify: true, caData: undefined, caFile: undefined, tlsServerName: undefined, proxyUrl: undefined },
      token: sim.token,
    });
  });

  it('writes the default kubeconfig to a private file', async () => {
    sim = await startKubeSim();
    const dir = await mkdtemp(path.join(tmpdir(), 'kube-sim-'));
    try {
      const file = await sim.writeKubeconfig(dir);
      const kc = new KubeConfig();
      kc.loadFromFile(file);
      expect([file, (await stat(file)).mode & 0o777, kc.getCurrentContext(), kc.getCurrentCluster()?.server]).toEqual([path.join(dir, 'kubeconfig'), 0o600, 'kube-sim', sim.url]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('request log', () => {
  it('records method, path, query, status and whether it was a watch; resetRequests empties it', async () => {
    sim = await startKubeSim();
    const before = Date.now();
    await simGet(sim, '/api/v1/namespaces/shop/pods?limit=5&labelSelector=app%3Dweb');
    await simGet(sim, '/api/v1/namespaces/shop/pods/missing');
    expect(sim.requests.map(({ at, ...r }) => ({ ...r, atIsNow: at >= before && at <= Date.now() }))).toEqual([
      { method: 'GET', path: '/api/v1/namespaces/shop/pods', query: { limit: '5', labelSelector: 'app=web' }, status: 200, watch: false, atIsNow: true },
      { method: 'GET', path: '/api/v1/namespaces/shop/pods/missing', query: {}, status: 404, watch: false, atIsNow: true },
    ]);
    sim.resetRequests();
    expect(sim.requests).toEqual([]);
  });
});
