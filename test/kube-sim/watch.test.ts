// The watch protocol against plain fetch: initial state, live events, replay from a resourceVersion, 410 when it
// is too old, selector transitions, bookmarks and server-side timeout.
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from './index';
import { rawPeerAuthentication, rawPod } from './raw-objects';
import { describeEvent, openWatch, type WatchStream } from './sim-client';

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

async function changes(s: WatchStream, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(describeEvent(await s.nextChange()));
  return out;
}

describe('watch', () => {
  it('flushes headers at once: the response arrives before any event', async () => {
    sim = await startKubeSim();
    const s = await watch('/api/v1/pods?watch=1&resourceVersion=0');
    expect([s.status, s.headers.get('content-type'), s.headers.get('transfer-encoding')]).toEqual([200, 'application/json', 'chunked']);
  });

  it('without a resourceVersion starts with the current state as ADDED, then streams ADDED/MODIFIED/DELETED', async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a'), rawPod('shop', 'b')] });
    const s = await watch('/api/v1/namespaces/shop/pods?watch=true');
    expect(await changes(s, 2)).toEqual(['ADDED shop/a', 'ADDED shop/b']);
    sim.apply(rawPod('shop', 'c'));
    sim.apply(rawPod('other', 'ignored'));
    sim.apply(rawPod('shop', 'a', { v: '2' }));
    sim.remove({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'b' });
    const events = [await s.nextChange(), await s.nextChange(), await s.nextChange()];
    expect(events.map((e) => [describeEvent(e), e.object.metadata?.resourceVersion])).toEqual([
      ['ADDED shop/c', '3'],
      ['MODIFIED shop/a', '5'],
      ['DELETED shop/b', '6'],
    ]);
  });

  it('replays the events after the resourceVersion given, then continues live', async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a')] });
    const from = sim.resourceVersion;
    sim.apply(rawPod('shop', 'b'));
    sim.remove({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'a' });
    const s = await watch(`/api/v1/pods?watch=1&resourceVersion=${from}`);
    expect(await changes(s, 2)).toEqual(['ADDED shop/b', 'DELETED shop/a']);
    sim.apply(rawPod('shop', 'c'));
    expect(await changes(s, 1)).toEqual(['ADDED shop/c']);
  });

  it('answers a resourceVersion older than the history with 200 and an ERROR event carrying 410 Expired, then ends', async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a')], eventHistory: 2 });
    const from = sim.resourceVersion;
    for (const n of ['b', 'c', 'd']) sim.apply(rawPod('shop', n));
    const s = await watch(`/api/v1/pods?watch=1&resourceVersion=${from}`);
    const error = await s.next();
    expect([s.status, error]).toEqual([
      200,
      { type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 1 (2)', reason: 'Expired', code: 410 } },
    ]);
    expect(await s.ended).toBe('end');
  });

  it('applies label selectors to transitions: entering the selection is ADDED, leaving it DELETED', async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a', { app: 'web' })] });
    const s = await watch('/api/v1/pods?watch=1&labelSelector=app%3Dweb');
    expect(await changes(s, 1)).toEqual(['ADDED shop/a']);
    sim.apply(rawPod('shop', 'a', { app: 'db' }));
    sim.apply(rawPod('shop', 'b', { app: 'db' }));
    sim.apply(rawPod('shop', 'b', { app: 'web' }));
    expect(await changes(s, 2)).toEqual(['DELETED shop/a', 'ADDED shop/b']);
  });

  it('filters by namespace and fieldSelector', async () => {
    sim = await startKubeSim();
    const s = await watch('/api/v1/namespaces/shop/pods?watch=1&resourceVersion=0&fieldSelector=metadata.name%21%3Dskip');
    for (const [ns, name] of [['pay', 'a'], ['shop', 'skip'], ['shop', 'b']] as const) sim.apply(rawPod(ns, name));
    expect(await changes(s, 1)).toEqual(['ADDED shop/b']);
  });

  it('serves a multi-version CRD watch at the version asked for, bookmarks included', async () => {
    sim = await startKubeSim({ bookmarkIntervalMs: 10 });
    const s = await watch('/apis/security.istio.io/v1beta1/namespaces/shop/peerauthentications?watch=1&resourceVersion=0&allowWatchBookmarks=true');
    sim.apply(rawPeerAuthentication('shop', 'default', 'STRICT', 'security.istio.io/v1'));
    const added = await s.nextChange();
    let bookmark = await s.next();
    while (bookmark.type !== 'BOOKMARK') bookmark = await s.next();
    expect([added.object.apiVersion, added.object.kind, bookmark.object]).toEqual([
      'security.istio.io/v1beta1',
      'PeerAuthentication',
      { kind: 'PeerAuthentication', apiVersion: 'security.istio.io/v1beta1', metadata: { resourceVersion: '1' } },
    ]);
  });

  it('rejects a resourceVersion that is not a number with 400 BadRequest', async () => {
    sim = await startKubeSim();
    const s = await watch('/api/v1/pods?watch=1&resourceVersion=abc');
    expect(s.status).toBe(400);
  });

  it('sends BOOKMARK events with the current resourceVersion when asked for them', async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'a')], bookmarkIntervalMs: 20 });
    const s = await watch(`/api/v1/pods?watch=1&resourceVersion=${sim.resourceVersion}&allowWatchBookmarks=true`);
    sim.apply(rawPod('shop', 'b'));
    expect(describeEvent(await s.next())).toBe('ADDED shop/b');
    expect(await s.next()).toEqual({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '2' } } });
  });

  it('sends no bookmarks to a watch that did not ask for them', async () => {
    sim = await startKubeSim({ bookmarkIntervalMs: 5 });
    const s = await watch('/api/v1/pods?watch=1&resourceVersion=0');
    const bookmarker = await watch('/api/v1/pods?watch=1&resourceVersion=0&allowWatchBookmarks=true');
    for (let i = 0; i < 3; i++) expect((await bookmarker.next()).type).toBe('BOOKMARK');
    sim.apply(rawPod('shop', 'a'));
    expect(describeEvent(await s.next())).toBe('ADDED shop/a');
  });

  it('ends the stream cleanly after timeoutSeconds', async () => {
    sim = await startKubeSim();
    const s = await watch('/api/v1/pods?watch=1&timeoutSeconds=1');
    expect(await s.ended).toBe('end');
  });
});
