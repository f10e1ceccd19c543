// When the feed rebuilds after a change (rebuildDelay): an isolated change at once (the next macrotask), changes
// close behind a build folded into one rebuild a debounce after it, and after a long build an idle spell as long.
import { describe, expect, it } from 'vitest';
import { rebuildDelay } from '@/lib/sources/cluster/cluster-feed';

const at = (now: number, lastBuildEnd: number, lastBuildMs = 1) => ({ now, lastBuildEnd, lastBuildMs, debounceMs: 20, first: false });

describe('rebuildDelay', () => {
  it('builds the first snapshot at once', () => {
    expect(rebuildDelay({ ...at(5, 0, 900), first: true })).toBe(0);
  });

  it('builds a change after a quiet spell at once, not a debounce later', () => {
    expect(rebuildDelay(at(10_000, 1_000))).toBe(0);
    expect(rebuildDelay(at(1_020, 1_000))).toBe(0);
  });

  it('folds changes during or right after a build into one rebuild, a debounce after the last', () => {
    expect(rebuildDelay(at(1_000, 1_000))).toBe(20);
    expect(rebuildDelay(at(1_015, 1_000))).toBe(5);
  });

  it('after a long build, idles as long as it took, at most 250 ms', () => {
    expect(rebuildDelay(at(1_000, 1_000, 120))).toBe(120);
    expect(rebuildDelay(at(1_100, 1_000, 120))).toBe(20);
    expect(rebuildDelay(at(1_000, 1_000, 4_000))).toBe(250);
  });
});
