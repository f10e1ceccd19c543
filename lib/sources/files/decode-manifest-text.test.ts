// How one manifest file decodes, as kubectl would read it (sigs.k8s.io/yaml over go-yaml: YAML 1.1 merge keys,
// "key ... already set in map" for duplicate keys), with the line of every object, List items included.
import { describe, expect, it } from 'vitest';
import type { CollectionIssue } from '@/lib/snapshot/types';
import { decodeManifestText } from './read-manifests';
import { MAX_JSON_DUPLICATE_SCAN } from './yaml-documents';

function decode(text: string, file = 'mesh.yaml') {
  const issues: CollectionIssue[] = [];
  const documents = decodeManifestText(text, file, issues);
  return { documents, issues };
}

const PA_WITH_MERGE = `apiVersion: v1
kind: List
items:
- apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata: { name: default, namespace: shop }
  spec: &strict
    mtls: { mode: STRICT }
- apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata: { name: default, namespace: payments }
  spec:
    <<: *strict
`;

const LIST = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata: { name: a }
- apiVersion: v1
  kind: Namespace
  metadata:
    name: b
    name: b-again
- apiVersion: v1
  kind: Namespace
  metadata: { name: c }
`;

describe('decoding YAML manifests', () => {
  it('applies merge keys (<<: *anchor), so a PeerAuthentication that uses one keeps its declared mode', () => {
    const pa = (namespace: string) => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace }, spec: { mtls: { mode: 'STRICT' } } });
    expect(decode(PA_WITH_MERGE)).toEqual({ documents: [{ raw: pa('shop'), line: 4 }, { raw: pa('payments'), line: 9 }], issues: [] });
  });

  it('a duplicate key makes its object invalid, naming the key and its line; the other objects are still read', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: b }\nmetadata: { name: c }\n';
    expect(decode(text)).toEqual({
      documents: [{ raw: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }, line: 1 }],
      issues: [{ file: 'mesh.yaml', line: 8, object: 'Namespace/c', reason: 'duplicate key "metadata" at line 8 (first at line 7): kubectl rejects this object (key already set in map); it is not read' }],
    });
  });

  it('gives each item of a kind: List its own line; a duplicate key invalidates only its item', () => {
    const { documents, issues } = decode(LIST);
    expect(documents.map((d) => [(d.raw as { metadata: { name: string } }).metadata.name, d.line])).toEqual([['a', 4], ['c', 12]]);
    expect(issues).toEqual([{ file: 'mesh.yaml', line: 11, object: 'Namespace/b-again', reason: expect.stringMatching(/^duplicate key "name" at line 11 \(first at line 10\)/) }]);
  });

  it('fills the kind of the items of a <Kind>List, as kubectl get writes it', () => {
    const text = 'apiVersion: v1\nkind: NamespaceList\nitems:\n- metadata: { name: a }\n- metadata: { name: b }\n';
    expect(decode(text).documents).toEqual([
      { raw: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }, line: 4 },
      { raw: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } }, line: 5 },
    ]);
  });

  it.each([
    ['pretty-printed, as kubectl get -o json writes it', JSON.stringify({ apiVersion: 'v1', kind: 'NamespaceList', items: [{ metadata: { name: 'a', labels: { x: '}]"' } } }, { metadata: { name: 'b' } }] }, null, 2), [5, 13]],
    ['on one line', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ kind: 'Namespace', metadata: { name: 'a' } }, { kind: 'Namespace', metadata: { name: 'b' } }] }), [1, 1]],
  ])('gives each item of a JSON List its own line (%s)', (_, text, lines) => {
    const { documents, issues } = decode(text, 'dump.json');
    expect({ issues, found: documents.map((d) => [(d.raw as { kind: string; metadata: { name: string } }).kind, (d.raw as { metadata: { name: string } }).metadata.name, d.line]) }).toEqual({
      issues: [],
      found: [['Namespace', 'a', lines[0]], ['Namespace', 'b', lines[1]]],
    });
  });

  it('refuses a JSON object holding a repeated key, as the API server does, instead of keeping the last value', () => {
    // JSON.parse would read this PeerAuthentication as DISABLE; kubectl apply (strict field validation) refuses it.
    const text = '{"apiVersion":"security.istio.io/v1","kind":"PeerAuthentication","metadata":{"name":"default","namespace":"shop"},\n"spec":{"mtls":{"mode":"STRICT","mode":"DISABLE"}}}';
    expect(decode(text, 'pa.json')).toEqual({
      documents: [],
      issues: [{ file: 'pa.json', line: 2, reason: 'duplicate key "mode" at line 2 (first at line 2): the API server rejects this object (json: duplicate field); it is not read' }],
    });
  });

  it('refuses only the List item holding a repeated key, and reads the others at their lines', () => {
    const text = JSON.stringify(
      { apiVersion: 'v1', kind: 'NamespaceList', items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b', labels: { team: 'x' } } }, { metadata: { name: 'c', note: '"name": "d", \\"' } }] },
      null,
      2,
    ).replace('"team": "x"', '"team": "x",\n          "team": "y"');
    const { documents, issues } = decode(text, 'dump.json');
    expect(documents.map((d) => [(d.raw as { metadata: { name: string } }).metadata.name, d.line])).toEqual([['a', 5], ['c', 19]]);
    expect(issues).toEqual([{ file: 'dump.json', line: 15, reason: expect.stringMatching(/^duplicate key "team" at line 15 \(first at line 14\)/) }]);
  });

  it('does not scan a dump over 32 MiB for repeated keys (kubectl never writes one), and says so', () => {
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'big', annotations: { filler: 'x'.repeat(MAX_JSON_DUPLICATE_SCAN) } } });
    const { documents, issues } = decode(text, 'dump.json');
    expect(documents).toHaveLength(1);
    expect(issues).toEqual([{ file: 'dump.json', level: 'info', reason: expect.stringMatching(/^over 32 MiB: read as a machine-written dump, not checked for repeated keys/) }]);
  });

  it('keeps aliases bounded ("billion laughs")', () => {
    const lol = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');
    expect(decode(lol)).toEqual({ documents: [], issues: [{ file: 'mesh.yaml', line: 1, reason: expect.stringMatching(/^YAML document could not be decoded: /) }] });
  });
});
