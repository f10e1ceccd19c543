// The hand-encoded certificates against the library that encoded them before (@peculiar/x509, now a dev dependency
// for this test only): for the same request, the signed part (TBSCertificate) is byte for byte the same, the signature
// verifies with the issuer's key, and Node's X509Certificate reads the fields back. Only the ECDSA signature differs,
// as it does between any two signings.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { decodePemCertificates } from '../proxy-certs/decode-pem';
import { distinguishedName, issueDerLeaf, issueDerRoot, type DerLeafRequest } from './der-certificates';

const crypto = webcrypto as unknown as Crypto;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** The TBSCertificate of a DER certificate: the first element of the outer SEQUENCE, header included. */
function tbsOf(der: ArrayBuffer): string {
  const bytes = Buffer.from(der);
  const headerLength = (at: number) => (bytes[at + 1]! < 0x80 ? 2 : 2 + (bytes[at + 1]! & 0x7f));
  const contentLength = (at: number) => {
    const first = bytes[at + 1]!;
    if (first < 0x80) return first;
    let n = 0;
    for (let i = 0; i < (first & 0x7f); i++) n = n * 256 + bytes[at + 2 + i]!;
    return n;
  };
  const start = headerLength(0);
  return bytes.subarray(start, start + headerLength(start) + contentLength(start)).toString('hex');
}

async function issuer() {
  const keys = (await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    { serialNumber: '1f', name: 'O=cluster.local, CN=mesh-root', notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2035-01-01T00:00:00Z'), keys, signingAlgorithm: ALGORITHM },
    crypto,
  );
  return { keys, cert };
}

describe('issueDerRoot', () => {
  it.each([
    { name: 'a printable name', trustDomain: 'cluster.local', cn: 'mesh-root', years: [2025, 2035] },
    { name: 'a name the library writes as UTF8String, valid past 2049', trustDomain: 'legacy_root*', cn: 'légacy', years: [2040, 2060] },
  ])('encodes $name as @peculiar/x509 does, and it verifies', async ({ trustDomain, cn, years }) => {
    const keys = (await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify'])) as CryptoKeyPair;
    const notBefore = new Date(`${years[0]}-03-04T05:06:07.890Z`);
    const notAfter = new Date(`${years[1]}-03-04T05:06:07Z`);
    const ours = new x509.X509Certificate(
      await issueDerRoot({ serialHex: '3c', name: distinguishedName([{ type: 'O', value: trustDomain }, { type: 'CN', value: cn }]), notBefore, notAfter, keys }),
    );
    const theirs = await x509.X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: '3c',
        name: `O=${trustDomain}, CN=${cn}`,
        notBefore,
        notAfter,
        keys,
        signingAlgorithm: ALGORITHM,
        extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
      },
      crypto,
    );
    expect(tbsOf(ours.rawData)).toBe(tbsOf(theirs.rawData));
    expect(await ours.verify({ publicKey: ours.publicKey, signatureOnly: true }, crypto)).toBe(true);
  });
});

describe('issueDerLeaf', () => {
  it.each([
    { name: 'a 2026 leaf (UTCTime)', notBefore: '2026-06-01T11:58:00.123Z', notAfter: '2026-06-02T12:00:00.999Z', spiffeId: 'spiffe://cluster.local/ns/payments/sa/ledger' },
    { name: 'a leaf past 2049 (GeneralizedTime) with a long SPIFFE ID', notBefore: '2049-12-31T23:00:00Z', notAfter: '2051-01-01T00:00:00Z', spiffeId: `spiffe://spire.example.org/ns/${'n'.repeat(120)}/sa/${'s'.repeat(60)}` },
  ])('encodes $name as @peculiar/x509 does, and it verifies', async ({ notBefore, notAfter, spiffeId }) => {
    const root = await issuer();
    const leafKeys = (await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify'])) as CryptoKeyPair;
    const request: DerLeafRequest = {
      serialHex: '1a2b3c4d5e6f708192a3b4c5d6e7f801',
      issuerName: distinguishedName([{ type: 'O', value: 'cluster.local' }, { type: 'CN', value: 'mesh-root' }]),
      notBefore: new Date(notBefore),
      notAfter: new Date(notAfter),
      spiffeId,
      subjectPublicKeyInfo: new Uint8Array(await crypto.subtle.exportKey('spki', leafKeys.publicKey)),
      signingKey: root.keys.privateKey,
    };
    const ours = new x509.X509Certificate(await issueDerLeaf(request));
    const theirs = await x509.X509CertificateGenerator.create(
      {
        serialNumber: request.serialHex,
        subject: '',
        issuer: root.cert.subject,
        notBefore: request.notBefore,
        notAfter: request.notAfter,
        publicKey: leafKeys.publicKey,
        signingKey: root.keys.privateKey,
        signingAlgorithm: ALGORITHM,
        extensions: [
          new x509.SubjectAlternativeNameExtension([{ type: 'url', value: spiffeId }], true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
          new x509.BasicConstraintsExtension(false, undefined, true),
        ],
      },
      crypto,
    );
    expect(tbsOf(ours.rawData)).toBe(tbsOf(theirs.rawData));
    expect(await ours.verify({ publicKey: root.cert.publicKey, signatureOnly: true }, crypto)).toBe(true);
    const [decoded] = decodePemCertificates(ours.toString('pem'));
    expect(decoded).toMatchObject({ serial: request.serialHex, uriSans: [spiffeId], notAfter: new Date(notAfter.replace(/\.\d+Z$/, 'Z')).toISOString().replace('.000Z', 'Z') });
  });
});
