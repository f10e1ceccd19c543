import { describe, expect, it } from 'vitest';
import { isValidPathTemplate, matchesPathPattern } from './path-match';

describe('matchesPathPattern (Z-7, Z-8)', () => {
  it.each([
    ['exact', '/exact', '/exact', true],
    ['exact ignores the query', '/exact', '/exact?a=b', true],
    ['prefix', '/prefix/*', '/prefix/a/b', true],
    ['suffix', '*/suffix', '/a/suffix', true],
    ['presence needs a non-empty path', '*', '', false],
    ['{*} is one segment', '/path/template/{*}', '/path/template/x', true],
    ['{*} is not two segments', '/path/template/{*}', '/path/template/x/y', false],
    ['{*} is not empty', '/path/template/{*}', '/path/template/', false],
    ['{**} spans segments', '/{**}/path/template', '/a/b/path/template', true],
    ['{**} last with trailing slash', '/api/{**}/', '/api/v1/users/', true],
    ['template literal differs', '/{**}/path/template', '/a/path/other', false],
  ] as const)('%s', (_, pattern, path, want) => {
    expect(matchesPathPattern(pattern, path)).toBe(want);
  });

  it.each([
    ['/a/{*}/b', true],
    ['/{**}/a/{*}', false],
    ['/a{*}/b', false],
    ['/plain', true],
  ] as const)('template %s valid: %s', (t, want) => {
    expect(isValidPathTemplate(t)).toBe(want);
  });
});
