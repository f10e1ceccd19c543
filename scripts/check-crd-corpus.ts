// Checks this project's CRD validation against Istio's own CRD validation test data: a checkout of
// github.com/istio/api `tests/testdata` given on the command line (not part of this repository, nor of the test
// suite). Run: `npm run crds:check-corpus -- DIR` (docs/conformance.md: how to get DIR and the last result).
//
// Upstream (tests/validation_test.go) every document of a `*-valid.yaml` must be accepted by the API server's
// validation of the CRD schemas and CEL rules, and every document of a `*-invalid.yaml` rejected with an error
// containing its `_err`. Here each document is read through the file source's decoder and buildSnapshot: a valid
// one adds no issue; an invalid one adds exactly one issue, naming the object and its file:line, and leaves the
// snapshot (everything the engine reads) as it was without it. Whether the issue's text contains upstream's `_err`
// is counted, not required (our messages are in the parsers' words).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { decodeManifestText } from '@/lib/sources/files/read-manifests';
import { buildSnapshot, type SourceDocument } from '@/lib/snapshot/build-snapshot';
import type { CollectionIssue, MeshSnapshot } from '@/lib/snapshot/types';
import { API_VERSION, INVALID } from '@/test/conformance/crd-validation-cases';

const AS_OF = '2026-05-01T00:00:00Z';

/**
 * Cases where this project's YAML decoder (lib/sources/files, the `yaml` package, YAML 1.2) reads a document
 * differently from sigs.k8s.io/yaml, so the object validated is not the one upstream validates. Not asserted.
 */
export const DECODER_DIFFERENCES: Readonly<Record<string, string>> = {
  'serviceentry-valid.yaml#full': 'the flow sequence item `001:db8::` decodes as a map { "001:db8:": null } (sigs.k8s.io/yaml: a string)',
};

interface Case {
  readonly file: string;
  /** 1-based place of the document among the file's objects. */
  readonly doc: number;
  readonly line: number;
  readonly name: string;
  readonly valid: boolean;
  readonly wantErr: string | undefined;
  readonly raw: Record<string, unknown>;
}

export interface CaseResult {
  readonly file: string;
  readonly doc: number;
  readonly kind: string;
  readonly name: string;
  readonly line: number;
  /** 'pass' | 'fail' | 'skip' (a decoder difference). */
  readonly outcome: 'pass' | 'fail' | 'skip';
  readonly valid: boolean;
  /** For an invalid case that passed: whether the issue's text contains upstream's `_err`. */
  readonly upstreamMessage: boolean;
  readonly detail: string;
}

function loadCases(dir: string, problems: string[]): Case[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('-valid.yaml') || f.endsWith('-invalid.yaml'))
    .sort();
  const cases: Case[] = [];
  for (const file of files) {
    const issues: CollectionIssue[] = [];
    for (const { raw, line } of decodeManifestText(readFileSync(path.join(dir, file), 'utf8'), file, issues)) {
      if (raw === null || typeof raw !== 'object') continue;
      const object = raw as Record<string, unknown>;
      const meta = object['metadata'] as { name?: string } | undefined;
      const wantErr = typeof object['_err'] === 'string' ? object['_err'] : undefined;
      cases.push({ file, doc: cases.filter((c) => c.file === file).length + 1, line, name: meta?.name ?? '?', valid: file.endsWith('-valid.yaml'), wantErr, raw: object });
    }
    for (const issue of issues) problems.push(`${file}: not decoded: ${issue.reason}`);
  }
  return cases;
}

const BASE: readonly SourceDocument[] = [
  { raw: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } },
  { raw: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ratings-v1-abc', namespace: 'default', labels: { app: 'ratings' } }, spec: { containers: [{ name: 'app', image: 'ratings' }] } } },
];

function snapshotOf(extra: SourceDocument[]): MeshSnapshot {
  return buildSnapshot([...BASE, ...extra], { source: 'crd-validation', asOf: AS_OF });
}

const withoutIssues = (snapshot: MeshSnapshot): Record<string, unknown> =>
  Object.fromEntries(Object.entries(snapshot).filter(([key]) => key !== 'issues'));

function checkCase(c: Case, base: Record<string, unknown>): CaseResult {
  const result = (outcome: CaseResult['outcome'], detail: string, upstreamMessage = false): CaseResult => ({
    file: c.file,
    doc: c.doc,
    kind: String(c.raw['kind']),
    name: c.name,
    line: c.line,
    outcome,
    valid: c.valid,
    upstreamMessage,
    detail,
  });
  const difference = DECODER_DIFFERENCES[`${c.file}#${c.name}`];
  if (difference) return result('skip', `not asserted: ${difference}`);
  const snapshot = snapshotOf([{ raw: c.raw, location: { file: c.file, line: c.line } }]);
  if (c.valid) {
    if (snapshot.issues.length === 0) return result('pass', 'accepted');
    return result('fail', `expected no issue, got: ${snapshot.issues.map((i) => i.reason).join(' | ')}`);
  }
  if (snapshot.issues.length !== 1) {
    return result('fail', `expected exactly one issue, got ${snapshot.issues.length}: ${snapshot.issues.map((i) => i.reason).join(' | ')}`);
  }
  const issue = snapshot.issues[0]!;
  if (issue.file !== c.file || issue.line !== c.line || issue.kind !== c.raw['kind'] || !issue.object?.includes(`/${c.name}`)) {
    return result('fail', `issue does not name the object at ${c.file}:${c.line}: ${JSON.stringify({ file: issue.file, line: issue.line, kind: issue.kind, object: issue.object })}`);
  }
  if (!isDeepStrictEqual(withoutIssues(snapshot), base)) return result('fail', 'the snapshot changed (the rejected object is in force)');
  const upstreamMessage = c.wantErr !== undefined && issue.reason.includes(c.wantErr);
  return result('pass', `rejected: ${issue.reason}${upstreamMessage ? '' : ` (upstream: ${JSON.stringify(c.wantErr ?? null)})`}`, upstreamMessage);
}

export function checkCorpus(dir: string): { results: CaseResult[]; problems: string[] } {
  const problems: string[] = [];
  const cases = loadCases(dir, problems);
  const base = withoutIssues(snapshotOf([]));
  return { results: cases.map((c) => checkCase(c, base)), problems };
}

export function summarize(results: readonly CaseResult[]): string {
  const asserted = results.filter((r) => r.outcome !== 'skip');
  const passed = asserted.filter((r) => r.outcome === 'pass');
  const invalid = asserted.filter((r) => !r.valid);
  const messages = invalid.filter((r) => r.upstreamMessage).length;
  const skipped = results.length - asserted.length;
  return `crd validation corpus: ${passed.length}/${asserted.length} cases (${invalid.length} invalid, of which ${messages} with upstream's own message; ${skipped} not asserted: decoder differences)`;
}

/**
 * Which upstream invalid documents of the kinds test/conformance/crd-validation.test.ts restates have no restatement
 * there (matched by file, place and name), e.g. a case upstream added since the table was written.
 */
export function restatements(results: readonly CaseResult[]): { line: string; missing: string[] } {
  const kinds = Object.keys(API_VERSION);
  const cited = new Set(INVALID.map((c) => `${c.upstream.file}#${c.upstream.doc} "${c.upstream.name}"`));
  const upstream = results.filter((r) => !r.valid && kinds.includes(r.kind)).map((r) => `${r.file}#${r.doc} "${r.name}"`);
  const missing = upstream.filter((key) => !cited.has(key));
  const line = `restated in test/conformance/crd-validation-cases.ts: ${upstream.length - missing.length}/${upstream.length} upstream invalid documents of ${kinds.join(', ')}`;
  return { line, missing };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const arg = process.argv[2];
  if (!arg) {
    process.stderr.write('usage: check-crd-corpus.ts DIR   (DIR: a checkout of github.com/istio/api tests/testdata)\n');
    process.exit(2);
  }
  const dir = path.resolve(arg);
  if (!existsSync(dir)) {
    process.stderr.write(`check-crd-corpus: ${dir} does not exist\n`);
    process.exit(2);
  }
  const { results, problems } = checkCorpus(dir);
  if (results.length === 0) {
    process.stderr.write(`check-crd-corpus: no *-valid.yaml / *-invalid.yaml documents in ${dir}\n`);
    process.exit(2);
  }
  let file = '';
  for (const r of results) {
    if (r.file !== file) {
      file = r.file;
      const ofFile = results.filter((x) => x.file === file && x.outcome !== 'skip');
      process.stdout.write(`${file}: ${ofFile.filter((x) => x.outcome === 'pass').length}/${ofFile.length}\n`);
    }
    const mark = r.outcome === 'pass' ? 'ok  ' : r.outcome === 'fail' ? 'FAIL' : 'skip';
    process.stdout.write(`  ${mark} ${r.name} (line ${r.line}): ${r.detail}\n`);
  }
  for (const problem of problems) process.stdout.write(`PROBLEM ${problem}\n`);
  const restated = restatements(results);
  for (const key of restated.missing) process.stdout.write(`not restated: ${key}\n`);
  process.stdout.write(`${restated.line}\n`);
  process.stdout.write(`${summarize(results)}\n`);
  if (problems.length > 0 || results.some((r) => r.outcome === 'fail')) process.exit(1);
}
