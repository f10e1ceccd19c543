import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifests } from './read-manifests';

const READ_AT = '2026-06-01T12:00:00Z';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mp-files-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('reading a folder of manifests', () => {
  it('reads YAML documents with the line of each object, JSON files, and nested folders, in name order', async () => {
    const dir = folder({
      'b.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n# comment\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n',
      'sub/c.json': '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"c"}}',
      'notes.txt': 'ignored',
    });
    const r = await readManifests(dir, { readAt: READ_AT, displayRoot: dir });
    expect(r.documents.map((d) => [(d.raw as { metadata: { name: string } }).metadata.name, d.location])).toEqual([
      ['a', { file: 'b.yaml', line: 1 }],
      ['b', { file: 'b.yaml', line: 6 }],
      ['c', { file: path.join('sub', 'c.json'), line: 1 }],
    ]);
    expect({ files: r.files, issues: r.issues }).toEqual({ files: ['b.yaml', path.join('sub', 'c.json')], issues: [] });
  });

  it('follows symlinks, as a ConfigMap mounted as a volume presents its keys', async () => {
    const dir = folder({ '..data_1/mesh.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: from-configmap}\n' });
    symlinkSync('..data_1', path.join(dir, '..data'));
    symlinkSync(path.join('..data', 'mesh.yaml'), path.join(dir, 'mesh.yaml'));
    const r = await readManifests(dir, { readAt: READ_AT, displayRoot: dir });
    expect(r.documents.map((d) => (d.raw as { metadata: { name: string } }).metadata.name)).toEqual(['from-configmap']);
  });

  it('reports a broken file with its line and still reads the others', async () => {
    const dir = folder({ 'a.yaml': 'kind: Namespace\nmetadata: {name: "unterminated\n', 'b.json': '{ nope', 'c.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n' });
    const r = await readManifests(dir, { readAt: READ_AT, displayRoot: dir });
    expect(r.documents.map((d) => (d.raw as { metadata: { name: string } }).metadata.name)).toEqual(['ok']);
    expect(r.issues.map((i) => `${i.file}:${i.line ?? '-'} ${i.reason.split(':')[0]}`)).toEqual(['a.yaml:3 not valid YAML', 'b.json:- not valid JSON']);
  });

  it('an empty folder is an issue, not an empty mesh', async () => {
    const r = await readManifests(folder({}), { readAt: READ_AT });
    expect(r.issues.map((i) => i.reason)).toEqual(['no .yaml, .yml, .json files found']);
  });
});
