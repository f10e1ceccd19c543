import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRootCertConfigMap } from './root-cert-configmap';

const DUMP = path.resolve(import.meta.dirname, '../../..', '../shared/corpus/istio/istio/istioctl/pkg/writer/envoy/configdump/testdata/secret/istio/config_dump.json');

function corpusRootPem(): string {
  const dump = JSON.parse(readFileSync(DUMP, 'utf8')) as {
    configs: { dynamic_active_secrets: { name: string; secret: { validation_context?: { trusted_ca: { inline_bytes: string } } } }[] }[];
  };
  const rootca = dump.configs[0]?.dynamic_active_secrets.find((s) => s.name === 'ROOTCA');
  return Buffer.from(rootca?.secret.validation_context?.trusted_ca.inline_bytes ?? '', 'base64').toString('utf8');
}

describe('readRootCertConfigMap', () => {
  it('decodes root-cert.pem of istio-ca-root-cert', () => {
    expect(readRootCertConfigMap('bookinfo', 'istio-ca-root-cert', corpusRootPem())).toEqual({
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
    });
  });

  it('names the ConfigMap when its PEM is unusable', () => {
    expect(() => readRootCertConfigMap('bookinfo', 'istio-ca-root-cert', 'garbage')).toThrow(
      'ConfigMap bookinfo/istio-ca-root-cert key root-cert.pem: input is not PEM: no "-----BEGIN CERTIFICATE-----" block found',
    );
  });
});
