import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to';

// The post-sign-in destination is a path on this dashboard or `/`: never another origin (open redirect).
describe('safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/namespaces/checkout?tab=pods#x', '/namespaces/checkout?tab=pods#x'],
    ['/findings/../history', '/history'],
    // Percent-encoded CR LF stays encoded: a path segment, never a header line.
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
  ])('keeps the dashboard path %j', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });

  it.each([
    null,
    '',
    'https://evil.example',
    '//evil.example/',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\r\nSet-Cookie:x',
    'javascript:alert(1)',
    ' /x',
    'evil.example',
    '/api/v1/auth/logout',
    `/${'a'.repeat(3000)}`,
  ])('replaces %j with /', (value) => {
    expect(safeReturnTo(value)).toBe('/');
  });
});
