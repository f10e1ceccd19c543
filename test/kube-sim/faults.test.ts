// Each fault on demand, observed with plain fetch: what a client sees when it is switched on, and that the
// simulator recovers when it is lifted.
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from './index';
import { rawPeerAuthentication, rawPod } from './raw-objects';
import { describeEvent, openWatch, simGet, simGetJson, type WatchStream } from './sim-client';

let sim: KubeSim;
let streams: WatchStream[] = [];
afterEach(async () => {
  for (const s of streams) s.close();
  streams = [];
  await sim.stop();
});

async function watch(path: string): Promise<WatchStream> {
  const s = await openWatch(sim, path);
  streams.push(s);
  return s;
}

const statusOf = async (path: string) => (await simGet(sim, path)).status;
const USER = 'system:serviceaccount:mesh-posture:mesh-posture';

describe('forbid / allow', () => {
  it('forbids a resource everywhere with a Forbidden Status; other resources are served; allow lifts it', async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a')] });
    sim.faults.forbid({ resource: 'pods' });
    const denied = await simGetJson(sim, '/api/v1/pods');
    expect([denied.status, denied.body]).toEqual([
      403,
      {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `pods is forbidden: User "${USER}" cannot list resource "pods" in API group "" at the cluster scope`,
        reason: 'Forbidden',
        details: { kind: 'pods' },
        code: 403,
      },
    ]);
    expect([await statusOf('/api/v1/pods?watch=1'), await statusOf('/api/v1/namespaces/shop/pods/a'), await statusOf('/api/v1/services')]).toEqual([403, 403, 200]);
    sim.faults.allow();
    expect(await statusOf('/api/v1/pods')).toBe(200);
  });

  it('forbids one namespace: that namespace and the cluster-wide request are denied, other namespaces served', async () => {
    sim = await startKubeSim();
    sim.faults.forbid({ group: 'security.istio.io', resource: 'peerauthentications', namespace: 'shop' });
    const denied = await simGetJson<{ message: string }>(sim, '/apis/security.istio.io/v1/namespaces/shop/peerauthentications');
    expect([denied.status, denied.body.message]).toEqual([
      403,
      `peerauthentications is forbidden: User "${USER}" cannot list resource "peerauthentications" in API group "security.istio.io" in the namespace "shop"`,
    ]);
    expect([
      await statusOf('/apis/security.istio.io/v1/peerauthentications'),
      await statusOf('/apis/security.istio.io/v1/namespaces/pay/peerauthentications'),
    ]).toEqual([403, 200]);
    sim.faults.allow({ namespace: 'shop' });
    expect(await statusOf('/apis/security.istio.io/v1/peerauthentications')).toBe(200);
  });

  it('names the object in a forbidden get, and refuses every write verb as the read-only RBAC would', async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a')] });
    sim.faults.forbid({ resource: 'pods', namespace: 'shop', verbs: ['get'] });
    const get = await simGetJson<{ message: string; details: unknown }>(sim, '/api/v1/namespaces/shop/pods/a');
    const del = await simGetJson<{ message: string }>(sim, '/api/v1/namespaces/shop/pods/a', { method: 'DELETE' });
    expect([get.status, get.body.message, get.body.details, del.status, del.body.message]).toEqual([
      403,
      `pods "a" is forbidden: User "${USER}" cannot get resource "pods" in API group "" in the namespace "shop"`,
      { name: 'a', kind: 'pods' },
      403,
      `pods "a" is forbidden: User "${USER}" cannot delete resource "pods" in API group "" in the namespace "shop"`,
    ]);
  });

  it('forbids only the verbs given', async () => {
    sim = await startKubeSim();
    sim.faults.forbid({ resource: 'pods', verbs: ['watch'] });
    expect([await statusOf('/api/v1/pods'), await statusOf('/api/v1/pods?watch=true')]).toEqual([200, 403]);
  });
});

describe('absentGroup', () => {
  it('drops the group from discovery, 404s its paths and ends its open watches; presentGroup restores it', async () => {
    sim = await startKubeSim({ objects: [rawPeerAuthentication('shop', 'default', 'STRICT')] });
    const open = await watch('/apis/security.istio.io/v1/peerauthentications?watch=1');
    expect(describeEvent(await open.next())).toBe('ADDED shop/default');
    sim.faults.absentGroup('security.istio.io');
    expect(await open.ended).toBe('end');
    const groups = (await simGetJson<{ groups: { name: string }[] }>(sim, '/apis')).body.groups.map((g) => g.name);
    expect(groups).not.toContain('security.istio.io');
    expect([await statusOf('/apis/security.istio.io'), await statusOf('/apis/security.istio.io/v1'), await statusOf('/apis/security.istio.io/v1/peerauthentications')]).toEqual([404, 404, 404]);
    sim.faults.presentGroup('security.istio.io');
    expect(await statusOf('/apis/security.istio.io/v1/peerauthentications')).toBe(200);
  });
});

describe('expireWatches', () => {
  it("'event': open watches get an ERROR event with a 410 Status and end; resuming from their last resourceVersion is too old", async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a')] });
    const s = await watch('/api/v1/pods?watch=1');
    const last = (await s.next()).object.metadata?.resourceVersion;
    sim.apply(rawPod('shop', 'b'));
    expect(describeEvent(await s.next())).toBe('ADDED shop/b');
    sim.faults.expireWatches('event');
    expect([describeEvent(await s.next()), await s.ended]).toEqual(['ERROR 410 Expired', 'end']);
    const resumed = await watch(`/api/v1/pods?watch=1&resourceVersion=${last}`);
    expect([resumed.status, describeEvent(await resumed.next())]).toEqual([200, 'ERROR 410 Expired']);
  });

  it("'status': every watch or list presenting a resourceVersion from before it is answered HTTP 410; a fresh one is served", async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a')] });
    const old = sim.resourceVersion;
    sim.apply(rawPod('shop', 'b'));
    const latest = sim.resourceVersion;
    sim.faults.expireWatches('status');
    for (const path of [`/api/v1/pods?watch=1&resourceVersion=${old}`, `/api/v1/pods?watch=1&resourceVersion=${latest}`, `/api/v1/services?watch=1&resourceVersion=${latest}`]) {
      const res = await simGetJson(sim, path);
      expect([path, res.status, res.body.reason, res.body.code]).toEqual([path, 410, 'Expired', 410]);
    }
    const relist = await simGetJson<{ metadata: { resourceVersion: string } }>(sim, '/api/v1/pods');
    const fresh = await watch(`/api/v1/pods?watch=1&resourceVersion=${relist.body.metadata.resourceVersion}`);
    sim.apply(rawPod('shop', 'c'));
    expect(describeEvent(await fresh.next())).toBe('ADDED shop/c');
  });

  it("'status' also expires a paginated list's continue token", async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a'), rawPod('shop', 'b')] });
    const page = (await simGetJson<{ metadata: { continue: string } }>(sim, '/api/v1/pods?limit=1')).body;
    sim.faults.expireWatches('status');
    expect(await statusOf(`/api/v1/pods?limit=1&continue=${page.metadata.continue}`)).toBe(410);
  });
});

describe('throttle', () => {
  it('answers the next N requests 429 TooManyRequests with Retry-After, then serves again', async () => {
    sim = await startKubeSim();
    sim.faults.throttle({ requests: 2, retryAfterSeconds: 7 });
    const first = await simGetJson(sim, '/api/v1/pods');
    expect([first.status, first.headers.get('retry-after'), first.body.reason, first.body.details]).toEqual([429, '7', 'TooManyRequests', { retryAfterSeconds: 7 }]);
    expect([await statusOf('/api/v1/pods?watch=1'), await statusOf('/api/v1/pods')]).toEqual([429, 200]);
    expect(sim.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });
});

describe('dropStreams / silenceStreams', () => {
  it('drops open watch streams abruptly (the client sees a connection error, not a clean end)', async () => {
    sim = await startKubeSim();
    const s = await watch('/api/v1/pods?watch=1&resourceVersion=0');
    sim.faults.dropStreams();
    expect(await s.ended).toBe('error');
    expect(await statusOf('/api/v1/pods')).toBe(200);
  });

  it('silences open streams: no events and no bookmarks, while new watches are served', async () => {
    sim = await startKubeSim({ bookmarkIntervalMs: 5 });
    const silenced = await watch('/api/v1/pods?watch=1&resourceVersion=0&allowWatchBookmarks=true');
    expect((await silenced.next()).type).toBe('BOOKMARK');
    sim.faults.silenceStreams();
    silenced.drain();
    const fresh = await watch('/api/v1/pods?watch=1&resourceVersion=0&allowWatchBookmarks=true');
    sim.apply(rawPod('shop', 'a'));
    expect(describeEvent(await fresh.next())).toBe('ADDED shop/a');
    for (let i = 0; i < 3; i++) expect((await fresh.next()).type).toBe('BOOKMARK');
    expect(silenced.drain()).toEqual([]);
  });
});

describe('latency', () => {
  it('delays responses: a request arriving under latency finishes after one arriving once it is lifted', async () => {
    sim = await startKubeSim();
    sim.faults.latency(300);
    const order: string[] = [];
    const slow = simGet(sim, '/api/v1/pods').then(() => order.push('slow'));
    await expect.poll(() => sim.requests.length).toBe(1);
    sim.faults.latency(0);
    await simGet(sim, '/api/v1/pods').then(() => order.push('fast'));
    await slow;
    expect(order).toEqual(['fast', 'slow']);
  });
});

describe('down / up', () => {
  it('refuses connections while down, ends open watches, and comes back on the same port with the same state', async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a')] });
    const url = sim.url;
    const s = await watch('/api/v1/pods?watch=1');
    expect(describeEvent(await s.next())).toBe('ADDED shop/a');
    sim.faults.down();
    expect(await s.ended).toBe('error');
    await expect(simGet(sim, '/api/v1/pods')).rejects.toThrow(/fetch failed/);
    sim.apply(rawPod('shop', 'b'));
    await sim.faults.up();
    const list = await simGetJson<{ metadata: { resourceVersion: string }; items: { metadata: { name: string } }[] }>(sim, '/api/v1/pods');
    expect([sim.url, list.status, list.body.metadata.resourceVersion, list.body.items.map((i) => i.metadata.name)]).toEqual([url, 200, '2', ['a', 'b']]);
  });
});
