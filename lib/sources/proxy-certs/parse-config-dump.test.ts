import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DYNAMIC_SECRET_TYPE, parseConfigDump, SECRETS_CONFIG_DUMP_TYPE } from './parse-config-dump';

const SECRET_DIR = path.resolve(import.meta.dirname, '../../..', '../shared/corpus/istio/istio/istioctl/pkg/writer/envoy/configdump/testdata/secret');
const readDump = (name: string): unknown => JSON.parse(readFileSync(path.join(SECRET_DIR, name, 'config_dump.json'), 'utf8'));

/** The corpus's `default` secret entry, reused to build the other forms of a dump. */
function istioSecrets(): { name: string }[] {
  const dump = readDump('istio') as { configs: { dynamic_active_secrets: { name: string }[] }[] };
  return dump.configs[0]?.dynamic_active_secrets ?? [];
}

const summary = (result: ReturnType<typeof parseConfigDump>) =>
  result.ok
    ? {
        chain: result.value.chain.map((c) => [c.serial, c.isCA]),
        roots: result.value.roots.map((c) => [c.serial, c.trustDomain ?? null]),
        warmingSecrets: result.value.warmingSecrets,
      }
    : result.reason;

describe('parseConfigDump', () => {
  it.each([
    {
      name: 'an Istio dump: chain leaf then root, ROOTCA from trusted_ca, one warming secret (corpus D1)',
      dump: () => readDump('istio'),
      expected: {
        chain: [['6fbee254c22900615cb1f74e3d2f1713', false], ['0193a543fe2b0d9cd4847675394dfc54', true]],
        roots: [['0193a543fe2b0d9cd4847675394dfc54', null]],
        warmingSecrets: ['configmap://some/thing'],
      },
    },
    {
      name: 'a SPIRE dump: one root per federated trust domain bundle (corpus D2)',
      dump: () => readDump('spire'),
      expected: {
        chain: [['cd4902e499169b11ec171dad1668adbb', false], ['fb3ce62e670f537c7c02052b68786661', true]],
        roots: [['529cbbaf623611d057b517d4ffe341e4e8035037', 'east.local'], ['6726e5fad145f8ca9a711f0550297ced839ee37f', 'west.local']],
        warmingSecrets: [],
      },
    },
    {
      name: 'the filtered form of ?resource=dynamic_active_secrets',
      dump: () => ({ configs: istioSecrets().map((s) => ({ '@type': DYNAMIC_SECRET_TYPE, ...s })) }),
      expected: {
        chain: [['6fbee254c22900615cb1f74e3d2f1713', false], ['0193a543fe2b0d9cd4847675394dfc54', true]],
        roots: [['0193a543fe2b0d9cd4847675394dfc54', null]],
        warmingSecrets: [],
      },
    },
    {
      name: 'a proxy whose secrets are all still warming',
      dump: () => ({ configs: [{ '@type': SECRETS_CONFIG_DUMP_TYPE, dynamic_warming_secrets: [{ name: 'default', version_info: 'uninitialized' }, { name: 'ROOTCA', version_info: 'uninitialized' }] }] }),
      expected: { chain: [], roots: [], warmingSecrets: ['default', 'ROOTCA'] },
    },
    {
      name: 'a root read from a file inside the proxy (not readable from here)',
      dump: () => ({ configs: [{ '@type': SECRETS_CONFIG_DUMP_TYPE, dynamic_active_secrets: [{ name: 'ROOTCA', secret: { validation_context: { trusted_ca: { filename: '/etc/certs/root-cert.pem' } } } }] }] }),
      expected: { chain: [], roots: [], warmingSecrets: [] },
    },
  ])('reads $name', ({ dump, expected }) => {
    expect(summary(parseConfigDump(dump()))).toEqual(expected);
  });

  it('never keeps private key material', () => {
    const text = JSON.stringify(parseConfigDump(readDump('istio')));
    expect(text).not.toContain('private_key');
    expect(text).not.toContain('W3JlZGFjdGVkXQ==');
  });

  it.each([
    { name: 'a document that is not a dump', dump: { hello: 'world' }, reason: 'config_dump: configs: Invalid input: expected array, received undefined' },
    { name: 'a dump without secrets', dump: { configs: [{ '@type': 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump' }] }, reason: 'config_dump holds no SecretsConfigDump (fetch it with ?resource=dynamic_active_secrets or in full)' },
    {
      name: 'a chain that is not base64',
      dump: { configs: [{ '@type': SECRETS_CONFIG_DUMP_TYPE, dynamic_active_secrets: [{ name: 'default', secret: { tls_certificate: { certificate_chain: { inline_bytes: '%%%' } } } }] }] },
      reason: 'config_dump: default certificate_chain: inline_bytes is not base64',
    },
    {
      name: 'a chain that is not PEM',
      dump: { configs: [{ '@type': SECRETS_CONFIG_DUMP_TYPE, dynamic_active_secrets: [{ name: 'default', secret: { tls_certificate: { certificate_chain: { inline_bytes: 'aGVsbG8=' } } } }] }] },
      reason: 'config_dump: default certificate_chain: input is not PEM: no "-----BEGIN CERTIFICATE-----" block found',
    },
    {
      name: 'a bundle with a bad trust domain name',
      dump: { configs: [{ '@type': SECRETS_CONFIG_DUMP_TYPE, dynamic_active_secrets: [{ name: 'ROOTCA', secret: { validation_context: { custom_validator_config: { typed_config: { trust_domains: [{ name: '' }] } } } } }] }] },
      reason: 'config_dump: configs[0].dynamic_active_secrets[0].secret.validation_context.custom_validator_config.typed_config.trust_domains[0].name: Too small: expected string to have >=1 characters',
    },
  ])('fails with a reason for $name', ({ dump, reason }) => {
    expect(parseConfigDump(dump)).toEqual({ ok: false, reason });
  });
});
