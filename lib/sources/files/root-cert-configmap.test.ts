// istio-ca-root-cert ConfigMaps read from a manifest file, through the files source's real path (PEM decoded with
// node:crypto, errors recorded against the ConfigMap).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFilesSnapshot } from './load-files-snapshot';

const DUMP = path.resolve(import.meta.dirname, '../../..', '../shared/corpus/istio/istio/istioctl/pkg/writer/envoy/configdump/testdata/secret/istio/config_dump.json');

function corpusRootPem(): string {
  const dump = JSON.parse(readFileSync(DUMP, 'utf8')) as {
    configs: { dynamic_active_secrets: { name: string; secret: { validation_context?: { trusted_ca: { inline_bytes: string } } } }[] }[];
  };
  const rootca = dump.configs[0]?.dynamic_active_secrets.find((s) => s.name === 'ROOTCA');
  return Buffer.from(rootca?.secret.validation_context?.trusted_ca.inline_bytes ?? '', 'base64').toString('utf8');
}

const configMap = (pem: unknown) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-ca-root-cert', namespace: 'bookinfo' }, data: { 'root-cert.pem': pem } });
async function build(pem: unknown) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mp-roots-'));
  const file = path.join(dir, 'roots.json');
  writeFileSync(file, JSON.stringify(configMap(pem)));
  const snapshot = await loadFilesSnapshot(file, { readAt: '2026-01-01T00:00:00Z' });
  // Locations are shown relative to the working directory; compare by file name.
  return { ...snapshot, issues: snapshot.issues.map((i) => ({ ...i, ...(i.file ? { file: path.basename(i.file) } : {}) })) };
}

describe('istio-ca-root-cert ConfigMaps', () => {
  it('decodes root-cert.pem (the corpus root, istio-semantics §5.1)', async () => {
    const snapshot = await build(corpusRootPem());
    expect({ roots: snapshot.rootCertConfigMaps, issues: snapshot.issues }).toEqual({
      roots: [
        {
          namespace: 'bookinfo',
          name: 'istio-ca-root-cert',
          roots: [
            {
              serial: '0193a543fe2b0d9cd4847675394dfc54',
              subject: 'O=cluster.local',
              issuer: 'O=cluster.local',
              notBefore: '2023-05-05T03:41:33Z',
              notAfter: '2033-05-02T03:41:33Z',
              isCA: true,
              uriSans: [],
              dnsSans: [],
              fingerprint256: '44aa7838aacdebf783f104ad39ed06ab0288f8dc37fe32ba753b7f6d09992acb',
            },
          ],
        },
      ],
      issues: [],
    });
  });

  it.each([
    ['garbage', 'data["root-cert.pem"]: input is not PEM: no "-----BEGIN CERTIFICATE-----" block found'],
    [42, 'data["root-cert.pem"]: not a string'],
  ])('names the ConfigMap and key when the PEM is unusable (%j)', async (pem, reason) => {
    const snapshot = await build(pem);
    expect({ roots: snapshot.rootCertConfigMaps, issues: snapshot.issues }).toEqual({
      roots: [],
      issues: [{ object: 'ConfigMap/bookinfo/istio-ca-root-cert', kind: 'RootCertConfigMap', file: 'roots.json', line: 1, reason }],
    });
  });

  // An external CA (SPIRE, istio-csr) leaves the ConfigMap empty or without the key: not an unreadable object, a
  // ConfigMap with no root, which the engine explains (lib/mesh/certs/external-ca.ts).
  it.each([
    ['an empty root-cert.pem', ''],
    ['a root-cert.pem of blanks', '\n  \n'],
    ['no root-cert.pem key', undefined],
  ])('reads %s as a ConfigMap with no root, not as an issue', async (_, pem) => {
    const snapshot = await build(pem);
    expect({ roots: snapshot.rootCertConfigMaps, issues: snapshot.issues }).toEqual({ roots: [{ namespace: 'bookinfo', name: 'istio-ca-root-cert', roots: [] }], issues: [] });
  });
});
