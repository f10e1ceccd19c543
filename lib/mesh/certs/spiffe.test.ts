import { describe, expect, it } from 'vitest';
import { parseSpiffeId, spiffeIdOf } from './spiffe';

describe('parseSpiffeId', () => {
  it.each([
    { uri: 'spiffe://cluster.local/ns/bookinfo/sa/reviews', expected: { id: 'spiffe://cluster.local/ns/bookinfo/sa/reviews', trustDomain: 'cluster.local', namespace: 'bookinfo', serviceAccount: 'reviews' } },
    { uri: 'spiffe://East.Local/workload/x', expected: { id: 'spiffe://East.Local/workload/x', trustDomain: 'east.local' } },
    { uri: 'spiffe://east.local', expected: { id: 'spiffe://east.local', trustDomain: 'east.local' } },
    { uri: 'https://cluster.local/ns/a/sa/b', expected: null },
    { uri: 'spiffe:///ns/a/sa/b', expected: null },
  ])('reads $uri', ({ uri, expected }) => {
    expect(parseSpiffeId(uri)).toEqual(expected);
  });

  it('takes the first SPIFFE ID among URI SANs', () => {
    expect(spiffeIdOf(['urn:x', 'spiffe://td/ns/a/sa/b', 'spiffe://other/ns/c/sa/d'])?.trustDomain).toBe('td');
  });
});
