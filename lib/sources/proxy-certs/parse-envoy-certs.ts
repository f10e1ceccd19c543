// Envoy admin `/certs` (envoy:api/envoy/admin/v3/certs.proto) → chain and roots (istio-semantics §5.2).
// The summary carries serials, SANs and validity but no subject, issuer or CA flag: the `ca_cert` list holds
// the trust anchors and `cert_chain` the workload certificate, so that is where `isCA` comes from.
import { z } from 'zod';
import { fail, formatZodError, ok, type ParseResult } from '@/lib/snapshot/parse/common';
import type { CertificateDetails } from '@/lib/snapshot/types';
import { MAX_SAN_LENGTH, MAX_SANS, normaliseSerial } from './decode-pem';
import { normaliseRfc3339 } from './rfc3339';

/** One entry per TLS context; a busy gateway has a few hundred at most. */
export const MAX_TLS_CONTEXTS = 1024;
const MAX_CERTS_PER_LIST = 64;

const timestamp = z.string().max(40).refine((s) => normaliseRfc3339(s) !== null, 'expected an RFC 3339 timestamp');

const sanSchema = z.object({
  uri: z.string().max(MAX_SAN_LENGTH).optional(),
  dns: z.string().max(MAX_SAN_LENGTH).optional(),
  ip_address: z.string().max(MAX_SAN_LENGTH).optional(),
});

const certificateDetailsSchema = z.object({
  path: z.string().max(4096).optional(),
  serial_number: z.string().min(1).max(130).regex(/^[0-9a-fA-F:]+$/, 'expected a hexadecimal serial number'),
  subject_alt_names: z.array(sanSchema).max(MAX_SANS * 4).optional(),
  // int64 in proto-JSON is a string ("0", "3649"); it is only a day count, so remaining time comes from expiration_time.
  days_until_expiration: z.union([z.string().max(24), z.number()]).optional(),
  valid_from: timestamp,
  expiration_time: timestamp,
});
type EnvoyCertificateDetails = z.infer<typeof certificateDetailsSchema>;

const certsSchema = z.object({
  certificates: z
    .array(
      z.object({
        ca_cert: z.array(certificateDetailsSchema).max(MAX_CERTS_PER_LIST).optional(),
        cert_chain: z.array(certificateDetailsSchema).max(MAX_CERTS_PER_LIST).optional(),
      }),
    )
    .max(MAX_TLS_CONTEXTS),
});

export interface EnvoyCertsReading {
  /** The workload certificate(s): those with a SPIFFE URI SAN, newest first (all of them when none has one); unique by serial. */
  readonly chain: CertificateDetails[];
  /** CA certificates from `ca_cert`, de-duplicated by serial. */
  readonly roots: CertificateDetails[];
}

function toDetails(entry: EnvoyCertificateDetails, isCA: boolean): CertificateDetails {
  const sans = entry.subject_alt_names ?? [];
  return {
    serial: normaliseSerial(entry.serial_number),
    subject: '',
    issuer: '',
    // Both checked by the schema's refine, so the fallbacks never apply.
    notBefore: normaliseRfc3339(entry.valid_from) ?? entry.valid_from,
    notAfter: normaliseRfc3339(entry.expiration_time) ?? entry.expiration_time,
    isCA,
    uriSans: sans.flatMap((s) => (s.uri === undefined ? [] : [s.uri])).slice(0, MAX_SANS),
    dnsSans: sans.flatMap((s) => (s.dns === undefined ? [] : [s.dns])).slice(0, MAX_SANS),
  };
}

function addUnique(into: Map<string, CertificateDetails>, entries: readonly EnvoyCertificateDetails[] | undefined, isCA: boolean): void {
  for (const entry of entries ?? []) {
    const details = toDetails(entry, isCA);
    // The same pair is listed once per TLS context that uses it (§5.2).
    if (!into.has(details.serial)) into.set(details.serial, details);
  }
}

const hasSpiffeId = (c: CertificateDetails): boolean => c.uriSans.some((u) => u.startsWith('spiffe://'));

/** Parses an Envoy `/certs` document (already JSON-decoded). */
export function parseEnvoyCerts(doc: unknown): ParseResult<EnvoyCertsReading> {
  const parsed = certsSchema.safeParse(doc);
  if (!parsed.success) return fail(`Envoy /certs: ${formatZodError(parsed.error)}`);
  const chain = new Map<string, CertificateDetails>();
  const roots = new Map<string, CertificateDetails>();
  for (const context of parsed.data.certificates) {
    addUnique(chain, context.cert_chain, false);
    addUnique(roots, context.ca_cert, true);
  }
  // A gateway also serves credentialName certificates: those are not its workload identity, which is the
  // certificate with a SPIFFE URI SAN. While a rotation is in flight both may be listed: newest first.
  const all = [...chain.values()];
  const workload = all.filter(hasSpiffeId).sort((a, b) => (a.notAfter < b.notAfter ? 1 : a.notAfter > b.notAfter ? -1 : 0));
  return ok({ chain: workload.length > 0 ? workload : all, roots: [...roots.values()] });
}
