// The feed keeps parsed objects' identity across rebuilds: what an event did not touch is the same object in the next
// snapshot. The live posture's incremental recompute detects change by identity, so without this every event would
// recompute the whole mesh (and computePostureIncremental would say why).
import { afterEach, describe, expect, it } from 'vitest';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { computePostureIncremental } from '@/lib/mesh/compute-posture-incremental';
import { rawPod, startHarness, waitFor, type Harness } from './harness';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const NOW = '2026-11-26T05:00:00Z';

describe('the feed across rebuilds', () => {
  it('keeps unchanged objects identical, so one pod event recomputes only its namespace', async () => {
    harness = await startHarness();
    const feed = harness.feed();
    const first = await feed.ready();
    harness.sim.apply(rawPod('shop', 'extra-1'));
    const second = await waitFor('the new pod', () => {
      const s = feed.current();
      return s && s.pods.some((p) => p.meta.name === 'extra-1') ? s : undefined;
    });
    for (const collection of ['namespaces', 'services', 'peerAuthentications', 'authorizationPolicies', 'destinationRules'] as const) {
      expect(second[collection], collection).toEqual(first[collection]);
      second[collection].forEach((o, i) => expect(o, `${collection}[${i}] keeps its identity`).toBe(first[collection][i]));
    }
    const unchangedPods = second.pods.filter((p) => p.meta.name !== 'extra-1');
    expect(unchangedPods.every((p) => first.pods.includes(p))).toBe(true);

    const strategies: (string | null)[] = [];
    computePostureIncremental(computePostureDetailed(first, { now: NOW }), second, { now: NOW, onStrategy: (r) => strategies.push(r) });
    expect(strategies).toEqual([null]);
  });
});
