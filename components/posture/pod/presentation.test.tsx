import { describe, expect, it } from 'vitest';
import { CLIENT_VERDICTS } from '@/lib/api/views/pod';
import { formatRemaining, VERDICT_CLASS, VERDICT_TEXT } from './presentation';

describe('formatRemaining', () => {
  it.each([
    [null, 'unknown'],
    [59, '0 min'],
    [3 * 3600 + 12 * 60, '3 h 12 min'],
    [2 * 86_400 + 5 * 3600 + 59, '2 d 5 h'],
    [-(86_400 + 3600), 'expired 1 d 1 h ago'],
  ])('%s seconds → %s', (seconds, text) => {
    expect(formatRemaining(seconds)).toBe(text);
  });
});

describe('client verdict presentation', () => {
  it('gives every verdict a word and a class, so colour is never the only carrier', () => {
    expect(CLIENT_VERDICTS.map((v) => [v, VERDICT_TEXT[v], VERDICT_CLASS[v]])).toEqual([
      ['mtls', 'mTLS', 'state-passed'],
      ['plaintext', 'Plaintext', 'mode-permissive'],
      ['fails', 'Fails', 'state-failed'],
      ['unknown', 'Unknown', 'state-unknown'],
    ]);
  });
});
