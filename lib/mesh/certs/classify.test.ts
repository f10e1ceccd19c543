import { describe, expect, it } from 'vitest';
import { classifyCa, classifyLeaf, formatDuration } from './classify';

const NOW = '2026-06-01T12:00:00Z';
const H = 3600 * 1000;
const at = (offsetMs: number): string => new Date(Date.parse(NOW) + offsetMs).toISOString().replace('.000Z', 'Z');
/** A leaf issued `issuedAgoH` hours before NOW with `lifetimeH` hours of life; NotBefore backdated 2 min (§5.1). */
const leaf = (issuedAgoH: number, lifetimeH = 24) => ({ notBefore: at(-issuedAgoH * H - 120_000), notAfter: at((lifetimeH - issuedAgoH) * H) });

describe('classifyLeaf', () => {
  it.each([
    { name: 'a 24h leaf issued 11h ago (before rotation)', validity: leaf(11), status: 'healthy' },
    { name: 'a 24h leaf issued 13h ago (past rotation, 11h left)', validity: leaf(13), status: 'healthy' },
    { name: 'a 24h leaf with 6h10m left', validity: leaf(17 + 50 / 60), status: 'healthy' },
    { name: 'a 24h leaf with 5h59m left', validity: leaf(18 + 1 / 60), status: 'expiring' },
    { name: 'a 24h leaf issued 21h ago', validity: leaf(21), status: 'expiring' },
    { name: 'a 24h leaf at its notAfter', validity: leaf(24), status: 'expired' },
    { name: 'a 24h leaf issued 30h ago', validity: leaf(30), status: 'expired' },
    { name: 'a leaf whose notBefore is ahead of now', validity: leaf(-1), status: 'not-yet-valid' },
    { name: 'a 1h SPIRE leaf issued 12m ago', validity: leaf(0.2, 1), status: 'healthy' },
    { name: 'a 1h SPIRE leaf with 29m left (past its rotation point)', validity: leaf(31 / 60, 1), status: 'expiring' },
    { name: 'a 90-day leaf with 30 days left', validity: leaf(60 * 24, 90 * 24), status: 'healthy' },
    { name: 'a 90-day leaf with 20 days left', validity: leaf(70 * 24, 90 * 24), status: 'expiring' },
    { name: 'a leaf known by expiry only, 7h left', validity: { notBefore: null, notAfter: at(7 * H) }, status: 'healthy' },
    { name: 'a leaf known by expiry only, 5h left', validity: { notBefore: null, notAfter: at(5 * H) }, status: 'expiring' },
    { name: 'a leaf known by expiry only, expired', validity: { notBefore: null, notAfter: at(-1000) }, status: 'expired' },
    { name: 'unreadable timestamps', validity: { notBefore: null, notAfter: 'soon' }, status: 'unknown' },
  ])('$name is $status', ({ validity, status }) => {
    expect(classifyLeaf(validity, NOW).status).toBe(status);
  });

  it('reports the timing', () => {
    expect(classifyLeaf(leaf(21), NOW)).toEqual({
      status: 'expiring',
      timing: { remainingSeconds: 3 * 3600, elapsedSeconds: 21 * 3600 + 120, lifetimeSeconds: 24 * 3600 + 120 },
    });
  });
});

describe('classifyCa', () => {
  it.each([
    { name: 'a root with 31 days left', validity: { notBefore: at(-3000 * 24 * H), notAfter: at(31 * 24 * H) }, status: 'healthy' },
    { name: 'a root with 29 days left', validity: { notBefore: at(-3000 * 24 * H), notAfter: at(29 * 24 * H) }, status: 'expiring' },
    { name: 'an expired root', validity: { notBefore: at(-3000 * 24 * H), notAfter: at(-1) }, status: 'expired' },
    { name: 'a root issued tomorrow', validity: { notBefore: at(24 * H), notAfter: at(3650 * 24 * H) }, status: 'not-yet-valid' },
  ])('$name is $status', ({ validity, status }) => {
    expect(classifyCa(validity, NOW).status).toBe(status);
  });
});

describe('formatDuration', () => {
  it.each([
    { s: 30, text: '30s' },
    { s: 42 * 60, text: '42m' },
    { s: 5 * 3600 + 12 * 60, text: '5h 12m' },
    { s: 3 * 3600, text: '3h' },
    { s: -(3 * 86400 + 4 * 3600 + 5), text: '3d 4h' },
  ])('formats $s as $text', ({ s, text }) => {
    expect(formatDuration(s)).toBe(text);
  });
});
