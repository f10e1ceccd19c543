// A folder holding manifests and the certificate data users save with istioctl (corpus EXPECTED.md §D1:
// `istioctl proxy-config secret POD -o json`, a SecretsConfigDump whose workload certificate is in namespace ambient).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFilesSnapshot } from './load-files-snapshot';

const SECRET_D1 = path.resolve(import.meta.dirname, '../../..', '../shared/corpus/istio/istio/istioctl/pkg/writer/envoy/configdump/testdata/secret/istio/config_dump.json');

/** What istioctl prints: the SecretsConfigDump alone, in lowerCamelCase (protomarshal.ToJSONWithIndent). */
function istioctlSecretJson(): string {
  const camel = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(camel);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.startsWith('@') ? k : k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), camel(v)]));
  };
  const dump = JSON.parse(readFileSync(SECRET_D1, 'utf8')) as { configs: Record<string, unknown>[] };
  const secrets = Object.fromEntries(Object.entries(dump.configs[0]!).filter(([k]) => k !== '@type'));
  return JSON.stringify(camel(secrets), null, 4);
}

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: { name: waypoint-7f9, namespace: ambient }\nspec: { containers: [{ name: app }] }\n';

describe('certificate data saved with istioctl, in a folder of manifests', () => {
  it.each([
    ['named after a pod of the snapshot: joined to it, no issue', 'waypoint-7f9.ambient.json', []],
    ['named after a pod the snapshot lacks: listed as an issue naming the pod and the file', 'gone-1.ambient.json', [
      { object: 'Pod/ambient/gone-1', kind: 'ProxyCertificates', file: expect.stringMatching(/gone-1\.ambient\.json$/), line: 1, reason: expect.stringMatching(/^certificate data for pod ambient\/gone-1, which is not in the snapshot: not used/) },
    ]],
  ])('%s', async (_, name, issues) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mp-certs-'));
    writeFileSync(path.join(dir, 'pods.yaml'), POD);
    writeFileSync(path.join(dir, name), istioctlSecretJson());
    const snapshot = await loadFilesSnapshot(dir, { readAt: '2026-06-01T12:00:00Z' });
    expect(snapshot.proxyCertificates.map((c) => [c.namespace, c.pod, c.chain[0]?.serial])).toEqual([['ambient', name.split('.')[0], '6fbee254c22900615cb1f74e3d2f1713']]);
    expect(snapshot.issues).toEqual(issues);
  });
});

// kubectl get -o yaml writes a kind: List: each object keeps its own line, in objects (report locations, SARIF) and issues.
describe('objects of a kind: List located at their own line', () => {
  it('gives each item its line, in the snapshot and in its issue', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mp-list-'));
    const list = [
      'apiVersion: v1', 'kind: List', 'items:',
      '- apiVersion: security.istio.io/v1', '  kind: PeerAuthentication', '  metadata: { name: default, namespace: shop }', '  spec: { mtls: { mode: STRICT } }',
      '- apiVersion: security.istio.io/v1', '  kind: PeerAuthentication', '  metadata: { name: typo, namespace: shop }', '  spec: { mtls: { mode: strict } }',
    ].join('\n');
    writeFileSync(path.join(dir, 'dump.yaml'), `${list}\n`);
    const snapshot = await loadFilesSnapshot(path.join(dir, 'dump.yaml'), { readAt: '2026-06-01T12:00:00Z' });
    expect(snapshot.peerAuthentications.map((p) => [p.meta.name, p.meta.location?.line])).toEqual([['default', 4]]);
    expect(snapshot.issues.map((i) => [i.object, i.line])).toEqual([['PeerAuthentication/shop/typo', 8]]);
  });
});
