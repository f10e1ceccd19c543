// Decodes PEM certificate chains read from a proxy or a ConfigMap into snapshot CertificateDetails. Every
// byte here comes from the cluster, so input size and block count are bounded, and only CERTIFICATE blocks
// are ever parsed: any other block (a private key, say) is skipped unread and nothing of it is kept.
import { X509Certificate } from 'node:crypto';
import type { CertificateDetails } from '@/lib/snapshot/types';
import { opensslTimeToRfc3339 } from './rfc3339';

/** A workload chain is ~2 KiB and a federated bundle a few certificates; 1 MiB leaves room and stops abuse. */
export const MAX_PEM_LENGTH = 1024 * 1024;
export const MAX_PEM_CERTIFICATES = 64;
/** SANs kept per certificate, and their length: enough for any real workload, bounded for hostile ones. */
export const MAX_SANS = 64;
export const MAX_SAN_LENGTH = 2048;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]{1,64})-----([A-Za-z0-9+/=\s]*?)-----END \1-----/g;
const BEGIN_MARKER = /-----BEGIN [A-Z0-9 ]{1,64}-----/g;

/** Lower-case hex without leading zeros, zero-padded to 32 digits: istioctl's `%032x` of the big.Int serial (§5.3). */
export function normaliseSerial(hex: string): string {
  const digits = hex.replace(/[:\s]/g, '').toLowerCase().replace(/^0+/, '');
  if (!/^[0-9a-f]*$/.test(digits) || digits.length > 128) throw new Error(`not a hexadecimal serial number: ${JSON.stringify(hex.slice(0, 40))}`);
  return digits.padStart(32, '0');
}

/**
 * Parses node:crypto's `subjectAltName` text: `DNS:a, URI:spiffe://x, IP Address:1.2.3.4`. Since the fix for
 * CVE-2021-44532, Node writes a value that holds a comma, quote or non-ASCII character as a JSON string literal,
 * so a hostile SAN cannot forge a second entry.
 */
export function parseSubjectAltName(text: string | undefined): { uriSans: string[]; dnsSans: string[] } {
  const uriSans: string[] = [];
  const dnsSans: string[] = [];
  if (!text) return { uriSans, dnsSans };
  let pos = 0;
  while (pos < text.length) {
    const colon = text.indexOf(':', pos);
    if (colon < 0) throw new Error('malformed subjectAltName');
    const type = text.slice(pos, colon);
    let value: string;
    let end: number;
    if (text[colon + 1] === '"') {
      end = colon + 2;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      end += 1;
      const parsed: unknown = JSON.parse(text.slice(colon + 1, end));
      if (typeof parsed !== 'string') throw new Error('malformed subjectAltName');
      value = parsed;
    } else {
      const comma = text.indexOf(', ', colon + 1);
      end = comma < 0 ? text.length : comma;
      value = text.slice(colon + 1, end);
    }
    if (value.length <= MAX_SAN_LENGTH) {
      if (type === 'URI' && uriSans.length < MAX_SANS) uriSans.push(value);
      if (type === 'DNS' && dnsSans.length < MAX_SANS) dnsSans.push(value);
    }
    pos = text.startsWith(', ', end) ? end + 2 : end;
    if (pos === end && end < text.length) throw new Error('malformed subjectAltName');
  }
  return { uriSans, dnsSans };
}

/** node:crypto prints a distinguished name one RDN per line (`undefined` when empty); keep it on one line. */
function oneLineName(name: string | undefined): string {
  return (name ?? '').split('\n').filter(Boolean).join(', ');
}

function describe(cert: X509Certificate): CertificateDetails {
  return {
    serial: normaliseSerial(cert.serialNumber),
    subject: oneLineName(cert.subject),
    issuer: oneLineName(cert.issuer),
    notBefore: opensslTimeToRfc3339(cert.validFrom),
    notAfter: opensslTimeToRfc3339(cert.validTo),
    isCA: cert.ca,
    ...parseSubjectAltName(cert.subjectAltName),
    // Lower-case hex without separators, like `serial`, so roots compare by plain string equality.
    fingerprint256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
  };
}

/**
 * Decodes every CERTIFICATE block of a PEM text, in order (leaf first for an SDS `default` chain, §5.3).
 * Throws an Error that names the problem for oversized input, no certificate, a truncated block, or a block
 * that is not DER X.509.
 */
export function decodePemCertificates(pem: string): CertificateDetails[] {
  if (typeof pem !== 'string') throw new Error('PEM input must be text');
  if (pem.length > MAX_PEM_LENGTH) throw new Error(`PEM input is ${pem.length} characters; the limit is ${MAX_PEM_LENGTH}`);
  const out: CertificateDetails[] = [];
  let blocks = 0;
  for (const match of pem.matchAll(PEM_BLOCK)) {
    blocks += 1;
    if (match[1] !== 'CERTIFICATE') continue;
    if (out.length >= MAX_PEM_CERTIFICATES) throw new Error(`PEM input holds more than ${MAX_PEM_CERTIFICATES} certificates`);
    let details: CertificateDetails;
    try {
      details = describe(new X509Certificate(match[0]));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(`PEM certificate #${out.length + 1} is not a valid X.509 certificate (${detail.slice(0, 120)})`);
    }
    out.push(details);
  }
  const begins = pem.match(BEGIN_MARKER)?.length ?? 0;
  if (begins > blocks) throw new Error('PEM input has a BEGIN line without a matching END line (truncated or corrupt block)');
  if (out.length === 0) throw new Error(blocks > 0 ? 'PEM input holds no CERTIFICATE block' : 'input is not PEM: no "-----BEGIN CERTIFICATE-----" block found');
  return out;
}
