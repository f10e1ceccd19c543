// SPIFFE IDs as Istio issues them: spiffe://<trust-domain>/ns/<namespace>/sa/<service-account> (§5.2).

export interface SpiffeId {
  readonly id: string;
  /** Lower-cased: SPIFFE trust domains compare case-insensitively. */
  readonly trustDomain: string;
  /** Set when the path has Istio's /ns/<ns>/sa/<sa> form. */
  readonly namespace?: string;
  readonly serviceAccount?: string;
}

const SPIFFE = /^spiffe:\/\/([^/?#\s]{1,255})(\/[^?#\s]*)?$/i;
const ISTIO_PATH = /^\/ns\/([^/]+)\/sa\/([^/]+)$/;

export function parseSpiffeId(uri: string): SpiffeId | null {
  const m = SPIFFE.exec(uri);
  if (!m || !m[1]) return null;
  const path = ISTIO_PATH.exec(m[2] ?? '');
  return {
    id: uri,
    trustDomain: m[1].toLowerCase(),
    ...(path?.[1] && path[2] ? { namespace: path[1], serviceAccount: path[2] } : {}),
  };
}

/** The first SPIFFE ID among a certificate's URI SANs. */
export function spiffeIdOf(uriSans: readonly string[]): SpiffeId | null {
  for (const uri of uriSans) {
    const id = parseSpiffeId(uri);
    if (id) return id;
  }
  return null;
}
