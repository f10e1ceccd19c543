// The unreadable-input view (issue #15 item 7): a manifest folder with malformed objects, read through the files
// source as the server reads it; every unreadable object is listed with where and why, none is lost or in a verdict.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFilesSnapshot } from '@/lib/sources/files/load-files-snapshot';
import { staticPostureState, type PostureState } from '../posture-store';
import { toEnvelope } from '../view-response';
import { buildIssuesView } from './issues';

const NOW = new Date('2026-06-01T12:00:00Z');
const BAD_PA = (i: number) => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: bad-${i}, namespace: shop}\nspec: {mtls: {mode: strict}}`;
let state: PostureState;
const view = (query = '') => buildIssuesView(state, new URLSearchParams(query));

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mp-issues-'));
  writeFileSync(path.join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
  writeFileSync(path.join(dir, 'bad.yaml'), Array.from({ length: 250 }, (_, i) => BAD_PA(i)).join('\n---\n'));
  writeFileSync(path.join(dir, 'broken.json'), '{ nope');
  state = staticPostureState(await loadFilesSnapshot(dir, { readAt: NOW.toISOString(), label: 'fixture' }), NOW);
});

describe('buildIssuesView', () => {
  it('counts every unreadable object per kind and pages the list', () => {
    const v = view('pageSize=100&page=3');
    expect({ byKind: v.byKind, total: v.issues.total, page: v.issues.page, rows: v.issues.rows.length }).toEqual({
      byKind: [{ kind: 'PeerAuthentication', count: 250 }, { kind: '(no kind)', count: 1 }],
      total: 251,
      page: 3,
      rows: 51,
    });
    expect(state.snapshot.peerAuthentications).toEqual([]); // none of them is in force
  });

  it('names the file, line, object and reason of each', () => {
    expect(view('kind=PeerAuthentication&pageSize=1').issues.rows).toEqual([
      { level: 'warning', kind: 'PeerAuthentication', object: 'PeerAuthentication/shop/bad-0', file: expect.stringMatching(/bad\.yaml$/), line: 1, reason: expect.stringMatching(/spec\.mtls\.mode: expected one of UNSET, DISABLE, PERMISSIVE, STRICT, got "strict"/) },
    ]);
    expect(view('kind=(no kind)').issues.rows).toEqual([{ level: 'warning', kind: null, object: null, file: expect.stringMatching(/broken\.json$/), line: null, reason: expect.stringMatching(/^not valid JSON/) }]);
  });

  it('every view envelope carries the count', () => {
    expect(toEnvelope(state, null, NOW).unreadable).toBe(251);
  });
});
