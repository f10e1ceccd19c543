// CRD validation, restated from Istio's own test data. For every document of istio/api `tests/testdata/*-invalid.yaml`
// (tests/validation_test.go, TestCRDs) of the kinds the engine reads — AuthorizationPolicy, DestinationRule,
// EnvoyFilter, Telemetry, PeerAuthentication, RequestAuthentication — a case written here (our own object: our names,
// only the fields the rule needs) breaks the same schema constraint or CEL rule, and is cited by the upstream file and
// document it restates. Each is read through buildSnapshot as a file object: it must be rejected with exactly one
// issue naming the object, its file:line and the rule (the CEL message or the schema's reason), and leave the
// snapshot (everything the engine reads, so every verdict) as it was without it. For each kind a few valid objects of
// our own sit on the same rules' boundaries and must be read with no issue.
//
// The upstream files themselves are not in this repository; `npm run crds:check-corpus -- DIR` runs all of them
// against a local checkout (docs/conformance.md).
import { afterAll, describe, expect, it } from 'vitest';
import { buildSnapshot, type SourceDocument } from '@/lib/snapshot/build-snapshot';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { API_VERSION, COLLECTION, INVALID, VALID, type Kind } from './crd-validation-cases';

const AS_OF = '2026-05-01T00:00:00Z';
const FILE = 'restated/crd-validation.yaml';

const BASE: readonly SourceDocument[] = [
  { raw: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } },
  { raw: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ratings-v1-abc', namespace: 'default', labels: { app: 'ratings' } }, spec: { containers: [{ name: 'app', image: 'ratings' }] } } },
];

function snapshotOf(extra: SourceDocument[]): MeshSnapshot {
  return buildSnapshot([...BASE, ...extra], { source: 'crd-validation', asOf: AS_OF });
}

const withoutIssues = (snapshot: MeshSnapshot): Omit<MeshSnapshot, 'issues'> =>
  Object.fromEntries(Object.entries(snapshot).filter(([key]) => key !== 'issues')) as Omit<MeshSnapshot, 'issues'>;

function documentOf(kind: Kind, name: string, spec: Record<string, unknown>, line: number): SourceDocument {
  return { raw: { apiVersion: API_VERSION[kind], kind, metadata: { name, namespace: 'default' }, spec }, location: { file: FILE, line } };
}

const counts = { passed: 0, total: 0, invalid: 0, valid: 0 };

describe('CRD validation: istio/api tests/testdata invalid cases, restated', () => {
  it('restates each upstream document once, with names of our own', () => {
    const cited = INVALID.map((c) => `${c.upstream.file}#${c.upstream.doc}`);
    expect(new Set(cited).size).toBe(cited.length);
    const names = [...INVALID, ...VALID].map((c) => `${c.kind}/${c.name}`);
    expect(new Set(names).size).toBe(names.length);
    for (const c of INVALID) expect(c.name, `${c.upstream.file} "${c.upstream.name}"`).not.toBe(c.upstream.name);
  });

  const base = withoutIssues(snapshotOf([]));

  it.each(INVALID.map((c, i) => [`${c.upstream.file} "${c.upstream.name}" (document ${c.upstream.doc}): ${c.kind} ${c.name}`, c, i + 1] as const))(
    '%s',
    (_title, c, line) => {
      counts.total++;
      counts.invalid++;
      const snapshot = snapshotOf([documentOf(c.kind, c.name, c.spec, line)]);
      expect(snapshot.issues).toHaveLength(1);
      const issue = snapshot.issues[0]!;
      expect(issue).toMatchObject({ file: FILE, line, kind: c.kind, object: `${c.kind}/default/${c.name}` });
      expect(issue.reason).toContain(c.error);
      // Nothing the engine reads changes: the object is not in force, no verdict moves.
      expect(withoutIssues(snapshot)).toEqual(base);
      counts.passed++;
    },
  );
});

describe('CRD validation: valid objects on the same rules’ boundaries', () => {
  it.each(VALID.map((c, i) => [`${c.kind} ${c.name}: ${c.why}`, c, 1000 + i] as const))('%s', (_title, c, line) => {
    counts.total++;
    counts.valid++;
    const snapshot = snapshotOf([documentOf(c.kind, c.name, c.spec, line)]);
    expect(snapshot.issues).toEqual([]);
    const read = snapshot[COLLECTION[c.kind]] as readonly { meta: { name: string; namespace: string } }[];
    expect(read.map((o) => `${o.meta.namespace}/${o.meta.name}`)).toEqual([`default/${c.name}`]);
    counts.passed++;
  });
});

afterAll(() => {
  const perKind = Object.keys(API_VERSION)
    .map((kind) => `${kind} ${INVALID.filter((c) => c.kind === kind).length}+${VALID.filter((c) => c.kind === kind).length}`)
    .join(', ');
  console.log(`crd validation (istio/api invalid cases restated): ${counts.passed}/${counts.total} cases (${counts.invalid} invalid, ${counts.valid} valid; invalid+valid per kind: ${perKind})`);
});
