// The fast path reads what the full reader reads, with the same lines, or steps aside (null) for the full reader.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CollectionIssue } from '@/lib/snapshot/types';
import { decodeYamlDocuments, decodeYamlDocumentsFully } from './yaml-documents';
import { decodeYamlFast } from './yaml-fast-path';

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus');
const DEMO = path.resolve(import.meta.dirname, '../../../demo');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return yamlFiles(file);
    return /\.ya?ml$/.test(name) ? [file] : [];
  });
}

/** The full reader's answer when it has nothing to say about the file (no issue). */
function full(text: string): ReturnType<typeof decodeYamlDocumentsFully> | null {
  const issues: CollectionIssue[] = [];
  const docs = decodeYamlDocumentsFully(text, 'f.yaml', issues);
  return issues.length === 0 ? docs : null;
}

describe('the YAML fast path', () => {
  it('agrees with the full reader, objects and lines, on every YAML file of the corpus and the demo', () => {
    const files = [...yamlFiles(CORPUS), ...yamlFiles(DEMO)];
    let fast = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const got = decodeYamlFast(text);
      if (got === null) continue;
      fast += 1;
      expect(got, file).toEqual(full(text));
    }
    // Most real files are plain YAML: the fast path must not step aside for them.
    expect(files.length).toBeGreaterThan(150);
    expect(fast / files.length).toBeGreaterThan(0.8);
  });

  it.each([
    ['comments, markers and an empty last document', '# c\n---\na: 1 # x\n---\n# only\n---\nb: [1, "*", \'&\']\n---\n'],
    ['a document ended by ...', 'a: 1\n...\n---\nb: 2\n'],
    ['a kind: List with indented items and comments between them', 'apiVersion: v1\nkind: PodList\nitems:\n  # first\n  - metadata:\n      name: a\n\n  - metadata:\n      name: b\n    spec: {}\nmetadata: {}\n'],
    ['CRLF line ends', 'apiVersion: v1\r\nitems:\r\n- kind: Pod\r\n  metadata:\r\n    name: a\r\nkind: List\r\n'],
    ['shell text with & and * in strings and block scalars', 'data:\n  run.sh: |\n    a && b\n    ls *.txt\n  x: "a & b"\nargs: [sh, -c, "x || y &"]\n'],
    ['scalars of the YAML 1.2 core schema', 'a: 012\nb: 0o12\nc: 0x1F\nd: .inf\ne: ~\nf: yes\ng: 1e3\nh: "0b1"\n'],
    ['a top-level sequence and a scalar document', '- a\n- b\n---\nhello\n'],
    ['0b inside a longer scalar (a uid), not a binary integer', 'uid: 30017260-0b10-4c97\nname: x0b1\n'],
  ])('%s: the same objects and lines as the full reader', (_, text) => {
    const got = decodeYamlFast(text);
    expect(got).not.toBeNull();
    expect(got).toEqual(full(text));
  });

  it.each([
    ['an anchor and an alias', 'a: &x {b: 1}\nc: *x\n'],
    ['an anchor after a comment', 'a: # note\n  &x 1\nb: *x\n'],
    ['a merge key', 'base: &b {x: 1}\nobj:\n  <<: *b\n  y: 2\n'],
    ['a tag', 'a: !!str 12\n'],
    ['a duplicate key', 'spec:\n  mode: STRICT\n  mode: DISABLE\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['content on the marker line', '--- {a: 1}\n'],
    ['a binary integer (resolved differently by the two libraries)', 'a: 0b101\n'],
    ['a List in flow style', 'kind: List\nitems: [{kind: Pod}]\n'],
    ['a List of Lists', 'kind: List\nitems:\n- kind: List\n  items:\n  - kind: Pod\n'],
    ['invalid YAML', 'a: [1, 2\n'],
  ])('%s: left to the full reader', (_, text) => {
    expect(decodeYamlFast(text)).toBeNull();
  });

  it('a duplicate key still reaches the full reader, which names it', () => {
    const issues: CollectionIssue[] = [];
    expect(decodeYamlDocuments('kind: PeerAuthentication\nspec:\n  mode: STRICT\n  mode: DISABLE\n', 'pa.yaml', issues)).toEqual([]);
    expect(issues[0]?.reason).toMatch(/duplicate key "mode" at line 4 \(first at line 3\)/);
  });

  it('a kubectl-style dump of 500 pods: the same items and lines by both readers', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p-${i}`, namespace: `ns-${i % 7}`, labels: { app: `a${i % 13}` }, annotations: { note: i % 5 === 0 ? 'x && y *z' : 'plain' } },
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 8080 + (i % 3) }], args: ['sh', '-c', 'echo hi!'] }] },
    }));
    const text = stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
    const got = decodeYamlFast(text);
    expect(got).toHaveLength(500);
    expect(got).toEqual(full(text));
  });
});
