import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePemCertificates, MAX_PEM_LENGTH, normaliseSerial, parseSubjectAltName } from './decode-pem';

const CORPUS = path.resolve(import.meta.dirname, '../../..', '../shared/corpus/istio/istio/istioctl/pkg/writer/envoy/configdump/testdata/secret');

function corpusChainPem(): string {
  const dump = JSON.parse(readFileSync(path.join(CORPUS, 'istio/config_dump.json'), 'utf8')) as {
    configs: { dynamic_active_secrets: { name: string; secret: { tls_certificate?: { certificate_chain: { inline_bytes: string } } } }[] }[];
  };
  const secret = dump.configs[0]?.dynamic_active_secrets.find((s) => s.name === 'default');
  return Buffer.from(secret?.secret.tls_certificate?.certificate_chain.inline_bytes ?? '', 'base64').toString('utf8');
}

describe('decodePemCertificates', () => {
  it('decodes an Istio SDS chain, leaf first, as istioctl reads it (corpus D1)', () => {
    expect(decodePemCertificates(corpusChainPem())).toEqual([
      {
        serial: '6fbee254c22900615cb1f74e3d2f1713',
        subject: '',
        issuer: 'O=cluster.local',
        notBefore: '2023-05-15T01:30:52Z',
        notAfter: '2023-05-16T01:32:52Z',
        isCA: false,
        uriSans: ['spiffe://cluster.local/ns/ambient/sa/namespace-istio-waypoint'],
        dnsSans: [],
        fingerprint256: '4dbe456bbd83bd4432aebc2d1d84e2d804ec29c314dab4353df93f5266c0c154',
      },
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
    ]);
  });

  describe('with a certificate whose SANs try to forge extra entries', () => {
    let pem = '';
    beforeAll(async () => {
      x509.cryptoProvider.set(webcrypto as unknown as Crypto);
      const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
      const keys = await webcrypto.subtle.generateKey(alg, false, ['sign', 'verify']);
      const cert = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: '00000000000000000000000000000000ff01',
        name: 'CN=evil',
        notBefore: new Date('2026-01-01T00:00:00Z'),
        notAfter: new Date('2026-01-02T00:00:00Z'),
        keys: keys as CryptoKeyPair,
        signingAlgorithm: alg,
        extensions: [
          new x509.SubjectAlternativeNameExtension([
            { type: 'url', value: 'spiffe://cluster.local/ns/a/sa/b, URI:spiffe://cluster.local/ns/admin/sa/root' },
            { type: 'dns', value: 'svc.example' },
            { type: 'ip', value: '10.0.0.1' },
          ]),
        ],
      });
      pem = cert.toString('pem');
    });

    it('keeps each SAN whole and the serial without its leading zeros', () => {
      const [cert] = decodePemCertificates(pem);
      expect(cert).toMatchObject({
        serial: '0000000000000000000000000000ff01',
        subject: 'CN=evil',
        isCA: false,
        uriSans: ['spiffe://cluster.local/ns/a/sa/b, URI:spiffe://cluster.local/ns/admin/sa/root'],
        dnsSans: ['svc.example'],
      });
    });

    it('skips a private key block without reading it', () => {
      const withKey = `-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n${pem}`;
      expect(decodePemCertificates(withKey).map((c) => c.subject)).toEqual(['CN=evil']);
    });
  });

  const garbage: { name: string; input: string; error: RegExp }[] = [
    { name: 'empty text', input: '', error: /not PEM: no "-----BEGIN CERTIFICATE-----" block/ },
    { name: 'text that is not PEM', input: 'hello world', error: /not PEM/ },
    { name: 'only a key block', input: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', error: /holds no CERTIFICATE block/ },
    { name: 'a truncated block', input: '-----BEGIN CERTIFICATE-----\nMIIB', error: /BEGIN line without a matching END/ },
    { name: 'a block that is not DER', input: '-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n', error: /certificate #1 is not a valid X\.509 certificate/ },
    { name: 'oversized input', input: 'x'.repeat(MAX_PEM_LENGTH + 1), error: /the limit is/ },
  ];
  it.each(garbage)('throws a named error for $name', ({ input, error }) => {
    expect(() => decodePemCertificates(input)).toThrow(error);
  });
});

describe('normaliseSerial', () => {
  it.each([
    { input: '6FBEE254C22900615CB1F74E3D2F1713', expected: '6fbee254c22900615cb1f74e3d2f1713' },
    { input: '193A543FE2B0D9CD4847675394DFC54', expected: '0193a543fe2b0d9cd4847675394dfc54' },
    { input: '00A1B2', expected: '0000000000000000000000000000a1b2' },
    { input: '52:9c:bb:af:62:36:11:d0:57:b5:17:d4:ff:e3:41:e4:e8:03:50:37', expected: '529cbbaf623611d057b517d4ffe341e4e8035037' },
  ])('prints $input as $expected (istioctl %032x)', ({ input, expected }) => {
    expect(normaliseSerial(input)).toBe(expected);
  });
  it('rejects text that is not hexadecimal', () => {
    expect(() => normaliseSerial('xyz')).toThrow(/not a hexadecimal serial/);
  });
});

describe('parseSubjectAltName', () => {
  it.each([
    { name: 'no SAN extension', input: undefined, expected: { uriSans: [], dnsSans: [] } },
    { name: 'URI and DNS entries', input: 'URI:spiffe://td/ns/a/sa/b, DNS:a.example, IP Address:10.0.0.1', expected: { uriSans: ['spiffe://td/ns/a/sa/b'], dnsSans: ['a.example'] } },
    { name: 'a JSON-quoted value with a comma', input: 'DNS:"a\\u002c b", URI:x:y', expected: { uriSans: ['x:y'], dnsSans: ['a, b'] } },
  ])('parses $name', ({ input, expected }) => {
    expect(parseSubjectAltName(input)).toEqual(expected);
  });
});
