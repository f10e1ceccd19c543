import { describe, expect, it } from 'vitest';
import { normaliseRfc3339, opensslTimeToRfc3339 } from './rfc3339';

describe('normaliseRfc3339', () => {
  it.each([
    { input: '2023-05-15T01:32:52.262Z', expected: '2023-05-15T01:32:52Z' },
    { input: '2026-06-01T12:00:00+02:00', expected: '2026-06-01T10:00:00Z' },
    { input: '2026-06-01t12:00:00z', expected: '2026-06-01T12:00:00Z' },
    { input: '2026-06-01', expected: null },
    { input: 'June 1st', expected: null },
    { input: '2026-13-01T00:00:00Z', expected: null },
  ])('normalises $input', ({ input, expected }) => {
    expect(normaliseRfc3339(input)).toBe(expected);
  });
});

describe('opensslTimeToRfc3339', () => {
  it.each([
    { input: 'May 15 01:30:52 2023 GMT', expected: '2023-05-15T01:30:52Z' },
    { input: 'Jan  1 00:00:00 2026 GMT', expected: '2026-01-01T00:00:00Z' },
  ])('converts $input', ({ input, expected }) => {
    expect(opensslTimeToRfc3339(input)).toBe(expected);
  });
  it('names an unexpected format', () => {
    expect(() => opensslTimeToRfc3339('2023-05-15')).toThrow('unexpected certificate time format: "2023-05-15"');
  });
});
