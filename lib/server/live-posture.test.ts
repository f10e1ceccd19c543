// The live posture over the API simulator: it follows watch events, recomputes off the request path, and reports
// staleness from the feed's health when the API server goes away, keeping the last complete posture.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '@/test/cluster-source/harness';
import { judgementTime, startLivePosture, type LivePosture } from './live-posture';
import type { PostureState } from './posture-store';

let harness: Harness | null = null;
let live: LivePosture | null = null;

afterEach(async () => {
  await live?.stop();
  await harness?.close();
  live = null;
  harness = null;
});

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const shopMode = (l: LivePosture) => l.current().computation.model.workloads.find((w) => w.pod.startsWith('sleep-'))?.mtls.mode;

describe('startLivePosture', () => {
  it('computes the first complete snapshot, then follows a PeerAuthentication added while watching', async () => {
    harness = await startHarness();
    live = await startLivePosture(harness.feed());
    const first = live.current();
    expect(first.snapshot.source).toMatch(/^cluster /);
    expect(shopMode(live)).toBe('STRICT');
    expect(first.staleness(new Date())).toEqual({ stale: false, staleSince: null, ageSeconds: null, reason: null });

    const served: PostureState[] = [];
    live.subscribe((state) => served.push(state));
    harness.sim.apply({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'shop' },
      spec: { mtls: { mode: 'PERMISSIVE' } },
    });
    await until(() => shopMode(live as LivePosture) === 'PERMISSIVE', 'the namespace policy to apply');
    // Subscribers are told of each state as it is swapped in: the last one told is the one served.
    expect(served.at(-1)).toBe(live.current());
    // The state readers held before is untouched: each posture is swapped in whole.
    expect(first.computation.model.workloads.find((w) => w.pod.startsWith('sleep-'))?.mtls.mode).toBe('STRICT');
  });

  it('keeps the last posture when the API server goes away, marks it stale with its age, and recovers', async () => {
    harness = await startHarness();
    live = await startLivePosture(harness.feed());
    const before = live.current();
    harness.sim.faults.down();
    await until(() => before.staleness(new Date()).stale, 'staleness to be reported');
    const later = new Date(Date.now() + 30_000);
    const staleness = live.current().staleness(later);
    expect(staleness.reason).toBe('the Kubernetes API server is unreachable');
    expect(staleness.ageSeconds).toBeGreaterThanOrEqual(30);
    expect(live.current().asOf(later)).toBe(staleness.staleSince);
    expect(live.current().computation.model.workloads.length).toBe(before.computation.model.workloads.length);

    await harness.sim.faults.up();
    await until(() => !live?.current().staleness(new Date()).stale, 'the feed to resynchronise', 15_000);
  });
});

describe('judging time-dependent verdicts', () => {
  it('judges to the minute', () => {
    expect(judgementTime(new Date('2026-11-26T05:21:59.900Z'))).toBe('2026-11-26T05:21:00Z');
    expect(judgementTime(new Date('2026-11-26T05:22:00.000Z'))).toBe('2026-11-26T05:22:00Z');
  });

  it('re-judges the same snapshot when the minute changes, without any event (certificates age)', async () => {
    harness = await startHarness();
    let now = new Date('2026-11-26T05:21:30Z');
    live = await startLivePosture(harness.feed(), () => now, 20);
    expect(live.current().computation.model.now).toBe('2026-11-26T05:21:00Z');
    const snapshot = live.current().snapshot;
    now = new Date('2026-11-26T05:22:05Z');
    await until(() => live?.current().computation.model.now === '2026-11-26T05:22:00Z', 'the posture to be judged at the new minute');
    expect(live.current().snapshot).toBe(snapshot);
  });
});
