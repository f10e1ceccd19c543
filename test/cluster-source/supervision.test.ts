// The supervisor around every watch: a silent stream is restarted, an outage keeps the last snapshot (marked stale)
// and recovery does not storm the API server, 429 Retry-After is honoured.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KIND_TABLE } from '@/lib/sources/cluster/kind-table';
import { startKubeSim } from '@/test/kube-sim';
import { names, rawPeerAuthentication, smallMeshObjects, startHarness, TEST_TUNING, waitFor, type Harness } from './harness';

const KINDS = KIND_TABLE.length;

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function allWatching(feed: ReturnType<Harness['feed']>): boolean {
  return Object.values(feed.health().kinds).every((k) => k.watching);
}

describe('the watch supervisor', () => {
  it('restarts a stream that went silent (no events, no bookmarks) within the watchdog bound, resuming where it was', async () => {
    const feed = h.feed();
    await feed.ready();
    await waitFor('every watch open', () => allWatching(feed));
    h.sim.resetRequests();
    h.sim.faults.silenceStreams();
    h.sim.apply(rawPeerAuthentication('legacy', 'late', 'STRICT')); // not delivered on the silent stream

    const updated = await waitFor('the change after the restart', () => feed.current()?.peerAuthentications.some((p) => p.meta.name === 'late'), TEST_TUNING.watchdogMs * 5);
    expect(updated).toBe(true);
    await waitFor('every watch open again', () => allWatching(feed));
    const rewatched = new Set(h.sim.requests.filter((r) => r.watch && r.status === 200).map((r) => r.path));
    expect(rewatched.size).toBe(KINDS); // every kind restarted its watch...
    expect(h.sim.requests.filter((r) => !r.watch && r.path.endsWith('/peerauthentications'))).toEqual([]); // ...from its resourceVersion, no relist
  });

  it('keeps serving the last snapshot through an outage, marked stale with its age, and recovers without a storm', async () => {
    const feed = h.feed();
    const before = await feed.ready();
    await waitFor('every watch open', () => allWatching(feed));

    const outageStart = Date.now();
    const requestsBefore = feed.requestCount();
    h.sim.faults.down();
    const health = await waitFor('the outage to show', () => {
      const now = feed.health();
      return !now.connected && now.staleSince !== null && Object.values(now.kinds).every((k) => !k.watching) ? now : undefined;
    });
    expect(Date.parse(health.staleSince ?? '') <= Date.now()).toBe(true);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(feed.current()).toBe(before); // the same complete snapshot, not an empty or partial one
    expect(Object.values(health.kinds).map((k) => k.status)).toEqual(Array(KINDS).fill('ok'));

    // Backoff with jitter: per kind at most one attempt per half of backoffMaxMs once capped, plus the ramp-up.
    const outageMs = Date.now() - outageStart;
    const ramp = Math.ceil(Math.log2(TEST_TUNING.backoffMaxMs / TEST_TUNING.backoffBaseMs)) + 2;
    const bound = KINDS * (Math.ceil(outageMs / (TEST_TUNING.backoffMaxMs / 2)) + ramp);
    expect(feed.requestCount() - requestsBefore).toBeLessThanOrEqual(bound);

    h.sim.resetRequests();
    await h.sim.faults.up();
    await waitFor('every watch open again', () => allWatching(feed) && feed.health().connected, 5_000);
    expect(feed.health().staleSince).toBeNull();
    // Recovery: one resumed watch per kind (a relist only if its resourceVersion had expired), not a burst.
    expect(h.sim.requests.length).toBeLessThanOrEqual(2 * KINDS);

    h.sim.apply(rawPeerAuthentication('legacy', 'after-outage', 'STRICT'));
    await waitFor('a change after recovery', () => feed.current()?.peerAuthentications.some((p) => p.meta.name === 'after-outage'));
  });

  it('honours 429 Retry-After before asking again', async () => {
    const feed = h.feed();
    await feed.ready();
    await waitFor('every watch open', () => allWatching(feed));
    h.sim.resetRequests();
    h.sim.faults.throttle({ requests: KINDS, retryAfterSeconds: 1 });
    h.sim.faults.dropStreams();

    await waitFor('every kind throttled once', () => h.sim.requests.filter((r) => r.status === 429).length === KINDS);
    await waitFor('every watch open again', () => allWatching(feed), 5_000);
    const log = h.sim.requests;
    const throttled = log.filter((r) => r.status === 429);
    expect(throttled.length).toBe(KINDS);
    for (const t of throttled) {
      const next = log.find((r) => r.path === t.path && r.at > t.at);
      expect({ path: t.path, waitedEnough: next !== undefined && next.at - t.at >= 990 }).toEqual({ path: t.path, waitedEnough: true });
    }
  });

  it('relists every kind periodically, without polling in between', async () => {
    const feed = h.feed({ relistIntervalMs: 300 });
    await feed.ready();
    h.sim.resetRequests();
    await waitFor('two periodic relists of pods', () => h.sim.requests.filter((r) => !r.watch && r.path === '/api/v1/pods').length >= 2, 5_000);
    const lists = h.sim.requests.filter((r) => !r.watch);
    const perPath = new Map<string, number>();
    for (const r of lists) perPath.set(r.path, (perPath.get(r.path) ?? 0) + 1);
    expect(perPath.size).toBe(KINDS);
    expect(Math.max(...perPath.values())).toBeLessThanOrEqual(Math.min(...perPath.values()) + 2);
  });

  it('a CRD group removed while watching turns its kinds absent, and they come back when it is served again', async () => {
    const feed = h.feed();
    await feed.ready();
    await waitFor('every watch open', () => allWatching(feed));
    h.sim.faults.absentGroup('telemetry.istio.io');
    const gone = await waitFor('Telemetry absent', () => (feed.current()?.kinds.Telemetry.status === 'absent' ? feed.current() : undefined));
    expect(gone?.kinds.PeerAuthentication.status).toBe('ok');
    h.sim.faults.presentGroup('telemetry.istio.io');
    await waitFor('Telemetry back', () => feed.current()?.kinds.Telemetry.status === 'ok');
    expect(feed.health().kinds['telemetries.telemetry.istio.io']?.status).toBe('ok');
  });

  it('stops at once, even with a watchdog bound far away', { timeout: 5_000 }, async () => {
    const feed = h.feed({ watchdogMs: 600_000 });
    await feed.ready();
    await waitFor('every watch open', () => allWatching(feed));
    await feed.stop();
    expect(Object.values(feed.health().kinds).some((k) => k.watching)).toBe(false);
  });
});

// Issue #15 item 9: an API server restored from a backup (or a restarted simulator) counts resourceVersions from
// lower again. A watch resumed from the old resourceVersion replays nothing, so deleted objects stayed in place.
describe('a resourceVersion that goes backwards', () => {
  it('after the API server is replaced by one with a reset counter, the feed relists and deleted pods are gone', async () => {
    const feed = h.feed();
    await feed.ready();
    await waitFor('every watch open', () => allWatching(feed));
    // Move the old server's counter well past what a fresh server starts at.
    for (let i = 0; i < 40; i++) h.sim.apply(rawPeerAuthentication('legacy', `churn-${i % 4}`, i % 2 ? 'STRICT' : 'PERMISSIVE'));
    await waitFor('the churn seen', () => feed.current()?.peerAuthentications.some((p) => p.meta.name === 'churn-3'));
    const port = Number(new URL(h.sim.url).port);
    const pods = () => names(feed.current()?.pods ?? []);
    const before = pods();
    expect(before).toContain('legacy/cron-5c7d9-klmno');

    await h.sim.stop();
    const survivors = smallMeshObjects().filter((o) => !(o['kind'] === 'Pod' && (o['metadata'] as { name: string }).name === 'cron-5c7d9-klmno'));
    const restored = await startKubeSim({ bookmarkIntervalMs: 100, port, objects: survivors });
    try {
      const after = await waitFor('the deleted pod gone', () => (pods().includes('legacy/cron-5c7d9-klmno') ? undefined : pods()), 10_000);
      expect(after).toEqual(before.filter((p) => p !== 'legacy/cron-5c7d9-klmno'));
      await waitFor('the churned policies gone', () => !feed.current()?.peerAuthentications.some((p) => p.meta.name.startsWith('churn-')), 10_000);
      await waitFor('every watch open again', () => allWatching(feed) && feed.health().staleSince === null);
    } finally {
      await restored.stop();
    }
  });
});
