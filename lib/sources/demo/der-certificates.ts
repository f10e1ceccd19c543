// The demo's certificates, encoded directly in DER (RFC 5280 §4.1) and signed with WebCrypto (ECDSA P-256, SHA-256):
// - leaves as Istio's CA issues them (istio-semantics §5.1; istio:security/pkg/pki/util/generate_cert.go): empty
//   subject, critical SPIFFE URI SAN, key usage digitalSignature + keyEncipherment (critical), extended key usage
//   serverAuth + clientAuth, basic constraints CA:false (critical);
// - self-signed roots: subject = issuer, basic constraints CA:true and key usage keyCertSign + cRLSign (critical).
// Why not a library: @peculiar/x509 serialised and then re-parsed every certificate through its pure-JS ASN.1 layer,
// which was the largest part of loading the demo mesh (148 leaves on every `--source demo`). der-certificates.test.ts
// checks that the signed part is byte for byte what that library encodes for the same request.
import { webcrypto } from 'node:crypto';

const subtle = webcrypto.subtle;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...content: Buffer[]) => tlv(0x30, ...content);
const oid = (hex: string) => Buffer.from(hex, 'hex'); // pre-encoded OBJECT IDENTIFIER TLVs below
const BOOLEAN_TRUE = Buffer.from([0x01, 0x01, 0xff]);

/** An unsigned big-endian integer as a DER INTEGER (minimal, with a 0x00 when the high bit is set). */
function unsignedInteger(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = Buffer.from(bytes.subarray(start));
  return tlv(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** UTCTime for 1950-2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5); whole seconds, as the library wrote them. */
function time(d: Date): Buffer {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = d.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(digits.slice(2), 'latin1')) : tlv(0x18, Buffer.from(digits, 'latin1'));
}

const VERSION_3 = tlv(0xa0, tlv(0x02, Buffer.from([2])));
const ECDSA_WITH_SHA256 = sequence(oid('06082a8648ce3d040302'));
const extension = (id: string, critical: boolean, value: Buffer) => sequence(oid(id), ...(critical ? [BOOLEAN_TRUE] : []), tlv(0x04, value));
const EXT_SAN = '0603551d11';
const EXT_KEY_USAGE = '0603551d0f';
const EXT_EXT_KEY_USAGE = '0603551d25';
const EXT_BASIC_CONSTRAINTS = '0603551d13';
/** digitalSignature (bit 0) | keyEncipherment (bit 2): 0b101 in the first byte's top bits, 5 unused bits. */
const LEAF_KEY_USAGE = Buffer.from([0x03, 0x02, 0x05, 0xa0]);
/** keyCertSign (bit 5) | cRLSign (bit 6): 0x06, 1 unused bit. */
const CA_KEY_USAGE = Buffer.from([0x03, 0x02, 0x01, 0x06]);
const BASIC_CONSTRAINTS_CA = sequence(BOOLEAN_TRUE);
const ATTRIBUTE_OIDS = { O: '060355040a', CN: '0603550403' } as const;
/** The characters of an ASN.1 PrintableString; another value is a UTF8String (as @peculiar/x509 chooses). */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** A distinguished name, in the order given, one attribute per RDN. */
export function distinguishedName(attributes: readonly { readonly type: keyof typeof ATTRIBUTE_OIDS; readonly value: string }[]): Uint8Array {
  return sequence(
    ...attributes.map(({ type, value }) =>
      tlv(0x31, sequence(oid(ATTRIBUTE_OIDS[type]), PRINTABLE.test(value) ? tlv(0x13, Buffer.from(value, 'latin1')) : tlv(0x0c, Buffer.from(value, 'utf8')))),
    ),
  );
}
const SERVER_AUTH = oid('06082b06010505070301');
const CLIENT_AUTH = oid('06082b06010505070302');

export interface DerLeafRequest {
  /** Hex, positive (its high bit clear). */
  readonly serialHex: string;
  /** The issuer's subject Name, DER-encoded. */
  readonly issuerName: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spiffeId: string;
  /** The leaf's public key as SubjectPublicKeyInfo DER (WebCrypto exportKey('spki')). */
  readonly subjectPublicKeyInfo: Uint8Array;
  /** The issuer's ECDSA P-256 private key. */
  readonly signingKey: CryptoKey;
}

/** A workload certificate as PEM. */
export function issueDerLeaf(req: DerLeafRequest): Promise<string> {
  const extensions = sequence(
    extension(EXT_SAN, true, sequence(tlv(0x86, Buffer.from(req.spiffeId, 'latin1')))),
    extension(EXT_KEY_USAGE, true, LEAF_KEY_USAGE),
    extension(EXT_EXT_KEY_USAGE, false, sequence(SERVER_AUTH, CLIENT_AUTH)),
    extension(EXT_BASIC_CONSTRAINTS, true, sequence()),
  );
  return signed(
    sequence(
      VERSION_3,
      unsignedInteger(Buffer.from(req.serialHex, 'hex')),
      ECDSA_WITH_SHA256,
      Buffer.from(req.issuerName),
      sequence(time(req.notBefore), time(req.notAfter)),
      sequence(), // empty subject: the identity is the SAN
      Buffer.from(req.subjectPublicKeyInfo),
      tlv(0xa3, extensions),
    ),
    req.signingKey,
  );
}

export interface DerRootRequest {
  readonly serialHex: string;
  /** Subject and issuer (distinguishedName). */
  readonly name: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly keys: CryptoKeyPair;
}

/** A self-signed CA certificate as PEM. */
export async function issueDerRoot(req: DerRootRequest): Promise<string> {
  const spki = new Uint8Array(await subtle.exportKey('spki', req.keys.publicKey));
  const extensions = sequence(extension(EXT_BASIC_CONSTRAINTS, true, BASIC_CONSTRAINTS_CA), extension(EXT_KEY_USAGE, true, CA_KEY_USAGE));
  return signed(
    sequence(
      VERSION_3,
      unsignedInteger(Buffer.from(req.serialHex, 'hex')),
      ECDSA_WITH_SHA256,
      Buffer.from(req.name),
      sequence(time(req.notBefore), time(req.notAfter)),
      Buffer.from(req.name),
      Buffer.from(spki),
      tlv(0xa3, extensions),
    ),
    req.keys.privateKey,
  );
}


/** The Certificate around `tbs`, signed by `key`, as PEM in the layout @peculiar/x509 wrote (64-character lines, no trailing newline). */
async function signed(tbs: Buffer, key: CryptoKey): Promise<string> {
  // WebCrypto signs ECDSA as r || s (IEEE P1363); X.509 wants ECDSA-Sig-Value, a SEQUENCE of two INTEGERs.
  const p1363 = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, tbs));
  const half = p1363.length / 2;
  const signature = sequence(unsignedInteger(p1363.subarray(0, half)), unsignedInteger(p1363.subarray(half)));
  const der = sequence(tbs, ECDSA_WITH_SHA256, tlv(0x03, Buffer.from([0]), signature));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----`;
}
