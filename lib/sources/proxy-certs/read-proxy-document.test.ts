import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { podFromNodeId, readProxyCertificatesDocument } from './read-proxy-document';

const PKG = path.resolve(import.meta.dirname, '../../..', '../shared/corpus/istio/istio/istioctl/pkg');
const readJson = (rel: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(PKG, rel), 'utf8')) as Record<string, unknown>;
const FALLBACK = '2026-06-01T12:00:00.250+02:00';
const opts = { fallbackAsOf: FALLBACK };

const wrapper = (extra: Record<string, unknown>) => ({
  apiVersion: 'meshposture.io/v1alpha1',
  kind: 'ProxyCertificates',
  metadata: { namespace: 'bookinfo', name: 'reviews-v1-abc' },
  ...extra,
});
const envoyCerts = {
  certificates: [
    {
      ca_cert: [{ serial_number: '01', valid_from: '2026-01-01T00:00:00Z', expiration_time: '2036-01-01T00:00:00Z' }],
      cert_chain: [{ serial_number: '02', subject_alt_names: [{ uri: 'spiffe://cluster.local/ns/bookinfo/sa/reviews' }], valid_from: '2026-06-01T00:00:00Z', expiration_time: '2026-06-02T00:00:00Z' }],
    },
  ],
};

describe('readProxyCertificatesDocument', () => {
  it('reads a bare config_dump, attributed to the pod named by its bootstrap node id (corpus D3)', () => {
    const result = readProxyCertificatesDocument(readJson('proxyconfig/testdata/config_dump.json'), opts);
    expect(result?.ok && { ...result.value, chain: result.value.chain.map((c) => c.serial), roots: result.value.roots.map((c) => c.serial) }).toEqual({
      namespace: 'default',
      pod: 'httpbin-istio-waypoint-58f646c5ff-dbfkz',
      origin: 'config-dump',
      asOf: '2026-06-01T10:00:00Z',
      chain: ['6fbee254c22900615cb1f74e3d2f1713', '0193a543fe2b0d9cd4847675394dfc54'],
      roots: ['0193a543fe2b0d9cd4847675394dfc54'],
      warmingSecrets: [],
    });
  });

  it('reads a wrapper holding a config_dump, with its own asOf', () => {
    const doc = wrapper({ asOf: '2026-05-31T08:00:00Z', configDump: readJson('writer/envoy/configdump/testdata/secret/spire/config_dump.json') });
    const result = readProxyCertificatesDocument(doc, opts);
    expect(result?.ok && [result.value.origin, result.value.asOf, result.value.roots.map((r) => r.trustDomain)]).toEqual(['config-dump', '2026-05-31T08:00:00Z', ['east.local', 'west.local']]);
  });

  it('reads a wrapper holding Envoy /certs', () => {
    expect(readProxyCertificatesDocument(wrapper({ certs: envoyCerts }), opts)).toEqual({
      ok: true,
      value: {
        namespace: 'bookinfo',
        pod: 'reviews-v1-abc',
        origin: 'envoy-certs',
        asOf: '2026-06-01T10:00:00Z',
        chain: [
          {
            serial: '00000000000000000000000000000002',
            subject: '',
            issuer: '',
            notBefore: '2026-06-01T00:00:00Z',
            notAfter: '2026-06-02T00:00:00Z',
            isCA: false,
            uriSans: ['spiffe://cluster.local/ns/bookinfo/sa/reviews'],
            dnsSans: [],
          },
        ],
        roots: [
          { serial: '00000000000000000000000000000001', subject: '', issuer: '', notBefore: '2026-01-01T00:00:00Z', notAfter: '2036-01-01T00:00:00Z', isCA: true, uriSans: [], dnsSans: [] },
        ],
        warmingSecrets: [],
      },
    });
  });

  it('reads a wrapper holding only agent metrics, relative to scrapedAt', () => {
    const doc = wrapper({ agentMetrics: 'istio_agent_cert_expiry_seconds{resource_name="default"} 3600\n', scrapedAt: '2026-06-01T06:00:00Z' });
    expect(readProxyCertificatesDocument(doc, opts)).toEqual({
      ok: true,
      value: { namespace: 'bookinfo', pod: 'reviews-v1-abc', origin: 'agent-metrics', asOf: '2026-06-01T10:00:00Z', chain: [], roots: [], warmingSecrets: [], leafNotAfter: '2026-06-01T07:00:00Z' },
    });
  });

  it('prefers the richest source when several are given', () => {
    const doc = wrapper({ certs: envoyCerts, agentMetrics: 'istio_agent_cert_expiry_seconds 5' });
    const result = readProxyCertificatesDocument(doc, opts);
    expect(result?.ok && [result.value.origin, result.value.leafNotAfter]).toEqual(['envoy-certs', undefined]);
  });

  it.each([
    { name: 'a Kubernetes object', doc: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } } },
    { name: 'Envoy /certs alone (it names no pod)', doc: envoyCerts },
    { name: 'a scalar', doc: 'text' },
    { name: 'an array', doc: [1, 2] },
  ])('returns null for $name', ({ doc }) => {
    expect(readProxyCertificatesDocument(doc, opts)).toBeNull();
  });

  it.each([
    { name: 'a wrapper without data', doc: wrapper({}), reason: 'f.yaml: ProxyCertificates bookinfo/reviews-v1-abc: none of certs, configDump or agentMetrics is given' },
    { name: 'a wrapper without a pod name', doc: { ...wrapper({ certs: envoyCerts }), metadata: { namespace: 'x' } }, reason: 'f.yaml: ProxyCertificates: metadata.name: Invalid input: expected string, received undefined' },
    { name: 'a wrapper with bad certs', doc: wrapper({ certs: { certificates: 'no' } }), reason: 'f.yaml: ProxyCertificates bookinfo/reviews-v1-abc: certs: Envoy /certs: certificates: Invalid input: expected array, received string' },
    { name: 'a wrapper with a bad asOf', doc: wrapper({ certs: envoyCerts, asOf: 'now' }), reason: 'f.yaml: ProxyCertificates: asOf: expected an RFC 3339 timestamp' },
    {
      name: 'a config_dump without a bootstrap, in a file not named after a pod',
      doc: readJson('writer/envoy/configdump/testdata/secret/istio/config_dump.json'),
      location: 'dumps/config_dump.json:1',
      reason: 'dumps/config_dump.json:1: certificate data without a bootstrap node id, so the pod it belongs to is unknown: save it as POD.NAMESPACE.json (istioctl proxy-config secret POD -n NAMESPACE -o json > POD.NAMESPACE.json) or wrap it in a ProxyCertificates document',
    },
    {
      name: 'a config_dump whose node id names no pod',
      doc: { configs: [{ '@type': 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump', bootstrap: { node: { id: 'ztunnel' } } }] },
      reason: 'f.yaml: Envoy config_dump: bootstrap node id "ztunnel" does not name a pod (TYPE~IP~POD.NAMESPACE~DOMAIN)',
    },
  ])('fails with a reason for $name', ({ doc, reason, location = 'f.yaml' }) => {
    expect(readProxyCertificatesDocument(doc, { ...opts, location })).toEqual({ ok: false, reason });
  });
});

/** What istioctl writes (protomarshal.ToJSONWithIndent): the same dump with lowerCamelCase field names. */
function camelCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCase);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.startsWith('@') ? k : k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), camelCase(v)]));
}

// Certificates as users save them (corpus EXPECTED.md §D gives the reading): `istioctl proxy-config secret POD -o json`
// prints the SecretsConfigDump alone, and `proxy-config all POD -o json` the whole dump, both re-marshalled by istioctl
// in protobuf JSON (istioctl/pkg/writer/envoy/configdump/configdump.go PrintSecretDump, protomarshal.ToJSONWithIndent).
describe('readProxyCertificatesDocument: what istioctl saves', () => {
  const SECRET_D1 = 'writer/envoy/configdump/testdata/secret/istio/config_dump.json';
  const summary = (result: ReturnType<typeof readProxyCertificatesDocument>) =>
    result?.ok ? { namespace: result.value.namespace, pod: result.value.pod, chain: result.value.chain.map((c) => c.serial), roots: result.value.roots.map((c) => c.serial) } : result;
  const d1 = { chain: ['6fbee254c22900615cb1f74e3d2f1713', '0193a543fe2b0d9cd4847675394dfc54'], roots: ['0193a543fe2b0d9cd4847675394dfc54'] };
  const secretsOnly = () => (readJson(SECRET_D1)['configs'] as Record<string, unknown>[])[0]!;

  it.each([
    ['proxy-config secret -o json (a bare SecretsConfigDump, lowerCamelCase), saved as POD.NAMESPACE.json', () => camelCase(secretsOnly()), 'secrets/waypoint-7f9.ambient.json:1'],
    ['the same saved as POD.json: the namespace is the workload certificate\'s', () => camelCase(secretsOnly()), 'waypoint-7f9.json:1'],
    ['the same as Envoy writes it (snake_case)', () => secretsOnly(), 'waypoint-7f9.yaml:1'],
    ['a config_dump?resource=dynamic_active_secrets dump (no bootstrap), saved as POD.NAMESPACE.json', () => readJson(SECRET_D1), 'waypoint-7f9.ambient.json:1'],
  ])('%s', (_, doc, location) => {
    expect(summary(readProxyCertificatesDocument(doc(), { ...opts, location }))).toEqual({ namespace: 'ambient', pod: 'waypoint-7f9', ...d1 });
  });

  it('the docs\' wrapper recipe: a ProxyCertificates document whose configDump is istioctl\'s secret output', () => {
    const doc = { ...wrapper({ configDump: camelCase(secretsOnly()) }), metadata: { namespace: 'ambient', name: 'waypoint-7f9' } };
    expect(summary(readProxyCertificatesDocument(doc, opts))).toEqual({ namespace: 'ambient', pod: 'waypoint-7f9', ...d1 });
  });

  it('proxy-config all -o json (the whole dump, lowerCamelCase) is attributed by its bootstrap node id, as Envoy\'s own dump (corpus D3)', () => {
    const doc = camelCase(readJson('proxyconfig/testdata/config_dump.json'));
    expect(summary(readProxyCertificatesDocument(doc, { ...opts, location: 'all.json:1' }))).toEqual({ namespace: 'default', pod: 'httpbin-istio-waypoint-58f646c5ff-dbfkz', ...d1 });
  });
});

describe('podFromNodeId', () => {
  it.each([
    { id: 'sidecar~10.1.0.7~reviews-v1-7d8f-x2x.bookinfo~bookinfo.svc.cluster.local', expected: { namespace: 'bookinfo', pod: 'reviews-v1-7d8f-x2x' } },
    { id: 'router~10.1.0.9~istio-ingressgateway-5c-abc.istio-system~istio-system.svc.cluster.local', expected: { namespace: 'istio-system', pod: 'istio-ingressgateway-5c-abc' } },
    { id: 'sidecar~10.1.0.7~web.v2.shop~shop.svc.cluster.local', expected: { namespace: 'shop', pod: 'web.v2' } },
    { id: 'sidecar~10.1.0.7~reviews.bookinfo~other.svc.cluster.local', expected: null },
    { id: 'sidecar~10.1.0.7~reviews~bookinfo.svc.cluster.local', expected: null },
    { id: 'sidecar~10.1.0.7~Bad_Pod.ns~ns.svc.cluster.local', expected: null },
  ])('reads $id', ({ id, expected }) => {
    expect(podFromNodeId(id)).toEqual(expected);
  });
});
