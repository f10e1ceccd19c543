import { describe, expect, it } from 'vitest';
import { parseEnvoyCerts } from './parse-envoy-certs';

// Shape of a real sidecar's /certs (istio-semantics §5.2): one entry per TLS context, the same pair repeated.
const leaf = {
  path: '<inline>',
  serial_number: '6fbee254c22900615cb1f74e3d2f1713',
  subject_alt_names: [{ uri: 'spiffe://cluster.local/ns/bookinfo/sa/reviews' }],
  days_until_expiration: '0',
  valid_from: '2026-06-01T01:58:00Z',
  expiration_time: '2026-06-02T02:00:00.000Z',
};
const root = {
  path: '<inline>',
  serial_number: '193a543fe2b0d9cd4847675394dfc54',
  subject_alt_names: [],
  days_until_expiration: '3649',
  valid_from: '2026-01-01T00:00:00Z',
  expiration_time: '2035-12-30T00:00:00Z',
};
const context = { ca_cert: [root], cert_chain: [leaf] };

describe('parseEnvoyCerts', () => {
  it('de-duplicates the pair listed once per TLS context and marks ca_cert entries as CA', () => {
    expect(parseEnvoyCerts({ certificates: [context, context, { ca_cert: [root], cert_chain: [] }] })).toEqual({
      ok: true,
      value: {
        chain: [
          {
            serial: '6fbee254c22900615cb1f74e3d2f1713',
            subject: '',
            issuer: '',
            notBefore: '2026-06-01T01:58:00Z',
            notAfter: '2026-06-02T02:00:00Z',
            isCA: false,
            uriSans: ['spiffe://cluster.local/ns/bookinfo/sa/reviews'],
            dnsSans: [],
          },
        ],
        roots: [
          {
            serial: '0193a543fe2b0d9cd4847675394dfc54',
            subject: '',
            issuer: '',
            notBefore: '2026-01-01T00:00:00Z',
            notAfter: '2035-12-30T00:00:00Z',
            isCA: true,
            uriSans: [],
            dnsSans: [],
          },
        ],
      },
    });
  });

  it('keeps only the SPIFFE workload certificate when a gateway also serves credentialName certificates', () => {
    const gatewayCert = { ...leaf, serial_number: 'aa', subject_alt_names: [{ dns: 'shop.example.com' }] };
    const result = parseEnvoyCerts({ certificates: [{ cert_chain: [gatewayCert] }, context] });
    expect(result.ok && result.value.chain.map((c) => c.serial)).toEqual(['6fbee254c22900615cb1f74e3d2f1713']);
  });

  it('accepts days_until_expiration as a number too', () => {
    expect(parseEnvoyCerts({ certificates: [{ cert_chain: [{ ...leaf, days_until_expiration: 0 }] }] }).ok).toBe(true);
  });

  it('reads an Envoy with no certificates loaded yet as empty', () => {
    expect(parseEnvoyCerts({ certificates: [] })).toEqual({ ok: true, value: { chain: [], roots: [] } });
  });

  it.each([
    { name: 'a document without certificates', doc: { foo: 1 }, reason: /^Envoy \/certs: certificates: / },
    { name: 'a serial that is not hex', doc: { certificates: [{ cert_chain: [{ ...leaf, serial_number: 'zz' }] }] }, reason: /serial_number: expected a hexadecimal serial number/ },
    { name: 'a bad timestamp', doc: { certificates: [{ cert_chain: [{ ...leaf, expiration_time: 'tomorrow' }] }] }, reason: /expiration_time: expected an RFC 3339 timestamp/ },
  ])('fails with a reason for $name', ({ doc, reason }) => {
    const result = parseEnvoyCerts(doc);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
