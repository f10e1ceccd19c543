// Collection issues on stderr: one line per problem, or one per file and shape of problem when many objects share it.
import { describe, expect, it } from 'vitest';
import { countOf } from '@/lib/report/render/format-values';
import type { CollectionIssue } from '@/lib/snapshot/types';
import { summariseIssues } from './issue-summary';

const badMode = (i: number): CollectionIssue => ({
  file: 'dump.yaml', line: 10 * i, object: `PeerAuthentication/ns${i}/default`, kind: 'PeerAuthentication',
  reason: 'spec.mtls.mode: expected one of UNSET, DISABLE, PERMISSIVE, STRICT, got "strict"',
});
const rollout = (i: number): CollectionIssue => ({ file: 'argo.yaml', line: i, object: `Rollout/shop/r${i}`, level: 'info', reason: 'skipped: "Rollout" (apiVersion "argoproj.io/v1alpha1") is not a kind the engine reads' });

describe('summarising collection issues', () => {
  it.each([
    ['a few issues: one line each', [badMode(1), badMode(2)], [
      'warning: dump.yaml:10: PeerAuthentication/ns1/default: spec.mtls.mode: expected one of UNSET, DISABLE, PERMISSIVE, STRICT, got "strict"',
      'warning: dump.yaml:20: PeerAuthentication/ns2/default: spec.mtls.mode: expected one of UNSET, DISABLE, PERMISSIVE, STRICT, got "strict"',
    ]],
    ['42 objects of one file with the same problem: one line', Array.from({ length: 42 }, (_, i) => badMode(i + 1)), [
      'warning: 42 objects in dump.yaml: spec.mtls.mode: expected one of UNSET, DISABLE, PERMISSIVE, STRICT, got "strict" (first at line 10, PeerAuthentication/ns1/default)',
    ]],
    ['alike problems that differ in a value: one line, said so', [1, 2, 3, 4].map((i) => ({ ...badMode(i), reason: `spec.mtls.mode: expected one of UNSET, DISABLE, PERMISSIVE, STRICT, got "v${i}"` })), [
      'warning: 4 objects in dump.yaml: spec.mtls.mode: expected one of UNSET, DISABLE, PERMISSIVE, STRICT, got "v1" (and alike) (first at line 10, PeerAuthentication/ns1/default)',
    ]],
    ['skipped kinds are info, summarised apart from warnings', [...[1, 2, 3, 4, 5].map(rollout), badMode(1)], [
      'info: 5 objects in argo.yaml: skipped: "Rollout" (apiVersion "argoproj.io/v1alpha1") is not a kind the engine reads (first at line 1, Rollout/shop/r1)',
      'warning: dump.yaml:10: PeerAuthentication/ns1/default: spec.mtls.mode: expected one of UNSET, DISABLE, PERMISSIVE, STRICT, got "strict"',
    ]],
    ['control characters from file names are replaced', [{ file: 'a\u001b[31m.yaml', reason: 'not valid YAML: x' }], ['warning: a?[31m.yaml: not valid YAML: x']],
  ])('%s', (_, issues, lines) => {
    expect(summariseIssues(issues)).toEqual(lines);
  });
});

describe('counts in words', () => {
  it.each([
    [0, 'problem', undefined, '0 problems'],
    [1, 'problem', undefined, '1 problem'],
    [2, 'problem', undefined, '2 problems'],
    [1, 'proxy', 'proxies', '1 proxy'],
    [1200, 'proxy', 'proxies', '1,200 proxies'],
  ])('%d %s', (n, one, many, text) => {
    expect(countOf(n, one, many)).toBe(text);
  });
});
