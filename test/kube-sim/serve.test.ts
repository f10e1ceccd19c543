// The standalone simulator: its control API (in-process), the --forbid syntax, loading the demo manifests, and
// one run of serve.ts as a process printing KUBE_SIM_URL and writing a kubeconfig a client can use.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { parseForbid } from './forbid-spec';
import { startKubeSim, type KubeSim } from './index';
import { loadManifestObjects } from './manifests';
import { envoyPodsFor } from './envoy-pods';
import { rawPod } from './raw-objects';
import { simGet } from './sim-client';

let sim: KubeSim | null = null;
afterEach(async () => {
  await sim?.stop();
  sim = null;
});

const post = (s: KubeSim, action: string, body?: unknown) =>
  fetch(`${s.url}/__sim/${action}`, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) }).then(async (r) => [r.status, await r.json()] as const);

describe('--forbid syntax', () => {
  it.each([
    ['pods', { resource: 'pods', group: '' }],
    ['authorizationpolicies.security.istio.io', { resource: 'authorizationpolicies', group: 'security.istio.io' }],
    ['peerauthentications.security.istio.io@shop', { resource: 'peerauthentications', group: 'security.istio.io', namespace: 'shop' }],
    ['pods/proxy', { resource: 'pods/proxy', group: '' }],
  ])('%s', (text, rule) => expect(parseForbid(text)).toEqual(rule));

  it('rejects a malformed resource', () => expect(() => parseForbid('Pods!')).toThrow(/expected plural/));
});

describe('control API (/__sim/)', () => {
  it('applies and removes objects, switches forbids, and is refused when the option is off', async () => {
    sim = await startKubeSim({ controlApi: true });
    expect(await post(sim, 'apply', [rawPod('shop', 'a'), rawPod('shop', 'b')])).toEqual([200, { resourceVersion: '2' }]);
    expect(await post(sim, 'remove', { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'a' })).toEqual([200, { resourceVersion: '3' }]);
    expect(await post(sim, 'forbid?resource=pods&group=')).toEqual([200, { ok: true }]);
    expect((await simGet(sim, '/api/v1/pods')).status).toBe(403);
    await post(sim, 'allow');
    const list = (await (await simGet(sim, '/api/v1/pods')).json()) as { items: { metadata: { name: string } }[] };
    expect(list.items.map((i) => i.metadata.name)).toEqual(['b']);
    expect(await post(sim, 'apply', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } })).toEqual([400, { error: 'kube-sim: v1 Secret "s" is not a served resource' }]);
    const plain = await startKubeSim();
    const res = await fetch(`${plain.url}/__sim/apply`, { method: 'POST', body: '{}' });
    await plain.stop();
    expect(res.status).toBe(401);
  });

  it('goes down for forMs and comes back by itself', async () => {
    sim = await startKubeSim({ controlApi: true });
    expect(await post(sim, 'down?forMs=100')).toEqual([200, { down: true, forMs: 100 }]);
    await expect.poll(() => simGet(sim!, '/api').then(() => 'up', () => 'down')).toBe('down');
    await expect.poll(() => simGet(sim!, '/api').then((r) => r.status, () => 0)).toBe(200);
  });
});

describe('--envoy-pods', () => {
  it('gives every pod running istio-proxy (sidecar or native sidecar) agent metrics behind pods/proxy, and no other pod', async () => {
    const app = { name: 'app', image: 'app:1' };
    const proxy = { name: 'istio-proxy', image: 'proxyv2' };
    const objects = [
      rawPod('shop', 'sidecar', {}, { spec: { containers: [app, proxy] } }),
      rawPod('shop', 'native', {}, { spec: { initContainers: [proxy], containers: [app] } }),
      rawPod('shop', 'plain'),
    ];
    sim = await startKubeSim({ objects, podSubresources: await envoyPodsFor(objects, new Date()) });
    const metrics = async (pod: string) => {
      const res = await simGet(sim!, `/api/v1/namespaces/shop/pods/${pod}:15020/proxy/stats/prometheus`);
      return `${res.status} ${/istio_agent_cert_expiry_seconds\{[^}]*\} \d+/.test(await res.text())}`;
    };
    expect([await metrics('sidecar'), await metrics('native'), (await metrics('plain')).split(' ')[0]]).toEqual(['200 true', '200 true', '503']);
  });
});

describe('serve.ts', () => {
  it('loads every object of the demo manifests (all of their kinds are served)', async () => {
    const loaded = await loadManifestObjects('demo/manifests');
    expect([loaded.objects.length, loaded.skipped]).toEqual([393, []]);
  });

  it('runs as a process: prints KUBE_SIM_URL, writes a kubeconfig client-node can use, applies --forbid', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kube-sim-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    const child = spawn(process.execPath, ['bin/run-ts.mjs', 'test/kube-sim/serve.ts', '--port', '0', '--manifests', 'demo/manifests', '--kubeconfig-out', kubeconfig, '--forbid', 'pods'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /KUBE_SIM_URL=(\S+)\n/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`serve.ts exited ${code}`)));
      });
      const kc = new KubeConfig();
      kc.loadFromString(await readFile(kubeconfig, 'utf8'));
      const token = kc.getCurrentUser()?.token ?? '';
      const get = (p: string) => fetch(`${url}${p}`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status);
      expect([kc.getCurrentCluster()?.server, await get('/api/v1/namespaces'), await get('/api/v1/pods')]).toEqual([url, 200, 403]);
    } finally {
      child.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
