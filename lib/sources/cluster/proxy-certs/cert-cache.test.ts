import { describe, expect, it } from 'vitest';
import { ProxyCertCache, type TierOutcome } from './cert-cache';

const refused: TierOutcome = { ok: false, reason: 'pods/proxy: HTTP 503' };

describe('ProxyCertCache', () => {
  it.each([
    { case: 'within the TTL', storedAt: 1000, readAt: 1000 + 59_999, hit: true },
    { case: 'at the TTL', storedAt: 1000, readAt: 1000 + 60_000, hit: false },
    { case: 'after the clock went backwards', storedAt: 1000, readAt: 999, hit: false },
  ])('answers $case: hit=$hit', ({ storedAt, readAt, hit }) => {
    const cache = new ProxyCertCache();
    cache.set('shop/cart-1', storedAt, refused);
    expect(cache.get('shop/cart-1', readAt, 60_000)).toEqual(hit ? refused : undefined);
  });

  it('drops the oldest entry beyond its bound', () => {
    const cache = new ProxyCertCache(2);
    cache.set('a', 0, refused);
    cache.set('b', 0, refused);
    cache.set('a', 1, refused); // refreshed: now the newest
    cache.set('c', 2, refused);
    expect([cache.size, cache.get('a', 3, 60_000), cache.get('b', 3, 60_000), cache.get('c', 3, 60_000)]).toEqual([2, refused, undefined, refused]);
  });
});
