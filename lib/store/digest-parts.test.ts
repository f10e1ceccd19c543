// The last posture kept in parts (schema version 4): split and joined back it is the same digest, and a record writes
// only the namespaces whose share of the posture changed.
import { describe, expect, it } from 'vitest';
import { aNamespace, aPod } from '@/test/builders';
import { digestOf, historyMesh, relaxedShop } from '@/test/history-fixtures';
import { changedParts, joinDigest, splitDigest } from './digest-parts';
import { StoredDataError } from './history-rows';

const T1 = '2026-06-01T12:00:00Z';
const T2 = '2026-06-01T13:00:00Z';

/** historyMesh with a second application namespace, `billing`, with one pod. */
const withBilling = (base = historyMesh()) => ({
  ...base,
  namespaces: [...base.namespaces, aNamespace('billing', { 'istio-injection': 'enabled' })],
  pods: [...base.pods, aPod({ name: 'invoice-0', namespace: 'billing', ports: [9000], labels: { app: 'invoice' } })],
});

describe('splitDigest / joinDigest', () => {
  it('joins back to the digest it split, field for field (namespaces in their order)', () => {
    const digest = digestOf(withBilling(), T1, 's');
    const stored = splitDigest(digest);
    expect([...stored.parts.keys()].sort()).toEqual(['billing', 'istio-system', 'shop']);
    const joined = joinDigest(stored, 'test');
    expect(joined.summary).toEqual(digest.summary);
    expect({ ...joined, ports: [...joined.ports], findings: [...joined.findings] }).toEqual({ ...digest });
    expect(new Set(joined.ports.map((p) => JSON.stringify(p)))).toEqual(new Set(digest.ports.map((p) => JSON.stringify(p))));
  });

  it('a change in one namespace changes that part only (and the head, which holds the time)', () => {
    const before = splitDigest(digestOf(withBilling(), T1, 's'));
    const after = splitDigest(digestOf(withBilling(relaxedShop()), T2, 's'));
    expect(changedParts(before, after)).toEqual({ write: [['shop', after.parts.get('shop')]], remove: [] });
    expect(after.head).not.toBe(before.head);
  });

  it('a namespace gone is removed; without a before every part is written', () => {
    const before = splitDigest(digestOf(withBilling(), T1, 's'));
    const after = splitDigest(digestOf(historyMesh(), T2, 's'));
    expect(changedParts(before, after)).toEqual({ write: [], remove: ['billing'] });
    expect(changedParts(null, after).write.map(([ns]) => ns).sort()).toEqual(['istio-system', 'shop']);
  });

  it('reads stored parts as untrusted: not JSON, a missing summary or a bad field is an error naming it', () => {
    const stored = splitDigest(digestOf(historyMesh(), T1, 's'));
    const parts = new Map(stored.parts);
    parts.set('shop', '{');
    expect(() => joinDigest({ ...stored, parts }, 'the last posture')).toThrow(new StoredDataError('the last posture, namespace "shop": not JSON'));
    parts.delete('shop');
    expect(() => joinDigest({ ...stored, parts }, 'the last posture')).toThrow('the last posture: namespaces: no summary stored for "shop"');
    const tampered = new Map(stored.parts);
    tampered.set('shop', (stored.parts.get('shop') ?? '').replaceAll('"STRICT"', '"<script>"'));
    expect(() => joinDigest({ ...stored, parts: tampered }, 'the last posture')).toThrow(/^the last posture: ports\.\d+\.mode: /);
    expect(() => joinDigest({ head: 'null', parts: new Map() }, 'the last posture')).toThrow('the last posture: expected an object');
  });
});
