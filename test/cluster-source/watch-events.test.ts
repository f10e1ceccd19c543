// The feed follows the cluster: changes made while watching are reflected, and after any loss of the watch (a 410
// Gone either way, a dropped stream) the cache equals a fresh list: no duplicates, deletions applied.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listClusterSnapshot } from '@/lib/sources/cluster/list-cluster-snapshot';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { names, rawPeerAuthentication, rawPod, startHarness, waitFor, type Harness } from './harness';
import { content } from './snapshot-content';

const PA = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication' } as const;

function modes(s: MeshSnapshot | null): string[] {
  return (s?.peerAuthentications ?? []).map((p) => `${p.meta.namespace}/${p.meta.name}=${p.mode}`).sort();
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function freshList(): Promise<MeshSnapshot> {
  return listClusterSnapshot({ kubeconfigPath: h.kubeconfigPath, now: new Date() });
}

describe('a cluster feed', () => {
  it('reflects objects added, changed and deleted while it watches', async () => {
    const feed = h.feed();
    const first = await feed.ready();
    expect(modes(first)).toEqual(['istio-system/default=STRICT', 'shop/httpbin-admin=UNSET']);

    h.sim.apply(rawPeerAuthentication('legacy', 'legacy-strict', 'STRICT'));
    h.sim.apply({ ...rawPeerAuthentication('istio-system', 'default', 'PERMISSIVE') });
    h.sim.remove({ ...PA, namespace: 'shop', name: 'httpbin-admin' });
    h.sim.apply(rawPod('shop', 'extra-1'));

    // Each kind has its own watch: the pod may arrive before the policies (a snapshot may be built in between).
    const updated = await waitFor('the changes', () => {
      const s = feed.current();
      return s && s.pods.some((p) => p.meta.name === 'extra-1') && modes(s).join() === 'istio-system/default=PERMISSIVE,legacy/legacy-strict=STRICT' ? s : undefined;
    });
    expect(names(updated.pods)).toEqual(['legacy/cron-5c7d9-klmno', 'shop/extra-1', 'shop/httpbin-6d8f7c9b5-abcde', 'shop/sleep-7b9f8c6d4-fghij']);
    expect(first.peerAuthentications).toHaveLength(2); // the earlier snapshot is immutable: readers keep what they got
    expect(content(updated)).toEqual(content(await freshList()));
  });

  const interruptions: { name: string; interrupt: (h: Harness) => void; relists: boolean }[] = [
    { name: 'a 410 Gone as a watch ERROR event', interrupt: (x) => x.sim.faults.expireWatches('event'), relists: true },
    {
      name: 'a 410 Gone as the HTTP status of the next watch',
      interrupt: (x) => {
        x.sim.faults.expireWatches('status');
        x.sim.faults.dropStreams();
      },
      relists: true,
    },
    { name: 'a dropped stream (resumed from its resourceVersion)', interrupt: (x) => x.sim.faults.dropStreams(), relists: false },
  ];

  it.each(interruptions)('after $name the cache equals a fresh list, deletions made meanwhile applied', async ({ interrupt, relists }) => {
    const feed = h.feed({ backoffBaseMs: 100 });
    await feed.ready();
    await waitFor('every watch open', () => Object.values(feed.health().kinds).every((k) => k.watching));
    h.sim.resetRequests();

    interrupt(h);
    // Made while the feed is not watching: it never sees these as watch events unless it resumes.
    h.sim.remove({ ...PA, namespace: 'shop', name: 'httpbin-admin' });
    h.sim.remove({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'sleep-7b9f8c6d4-fghij' });
    h.sim.apply(rawPeerAuthentication('shop', 'shop-strict', 'STRICT'));

    const after = await waitFor('the feed to catch up', () => {
      const s = feed.current();
      return s && modes(s).join() === 'istio-system/default=STRICT,shop/shop-strict=STRICT' && s.pods.length === 2 ? s : undefined;
    });
    expect(names(after.pods)).toEqual(['legacy/cron-5c7d9-klmno', 'shop/httpbin-6d8f7c9b5-abcde']);
    // A full list, not the one-object list that checks the server's resourceVersion before a watch is resumed.
    const paLists = h.sim.requests.filter((r) => !r.watch && r.path === '/apis/security.istio.io/v1/peerauthentications' && r.query['limit'] !== '1');
    expect(paLists.length > 0).toBe(relists);
    expect(content(after)).toEqual(content(await freshList()));
  });

  it('swaps a relist in whole: no snapshot mixes the old cache with a half-read list', async () => {
    const objects = Array.from({ length: 30 }, (_, i) => rawPod('shop', `pod-${String(i).padStart(2, '0')}`));
    await h.close();
    h = await startHarness({ objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, ...objects], maxPageSize: 5 });
    const feed = h.feed({ pageSize: 5 });
    const seen: number[] = [];
    feed.subscribe((s) => seen.push(s.pods.length));
    expect((await feed.ready()).pods).toHaveLength(30);
    await waitFor('every watch open', () => Object.values(feed.health().kinds).every((k) => k.watching));
    h.sim.faults.latency(30); // six slow pages...
    h.sim.faults.expireWatches('status');
    h.sim.faults.dropStreams();
    for (let i = 0; i < 10; i++) h.sim.remove({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: `pod-${String(i).padStart(2, '0')}` });
    let tick = 0; // ...while other kinds keep changing, so snapshots are rebuilt during the relist
    const ticker = setInterval(() => h.sim.apply(rawPeerAuthentication('shop', `tick-${tick++}`, 'STRICT')), 15);
    try {
      await waitFor('the relist', () => feed.current()?.pods.length === 20);
    } finally {
      clearInterval(ticker);
    }
    expect(tick > 0).toBe(true);
    expect(seen.every((n) => n === 30 || n === 20)).toBe(true);
  });
});
