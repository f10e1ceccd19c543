// Certificate data in the snapshot: what sources read from proxies (Envoy /certs, config_dump, agent metrics) and
// from istio-ca-root-cert ConfigMaps, already decoded into plain data.

/** One decoded X.509 certificate (decoded in lib/sources, where node:crypto is allowed). */
export interface CertificateDetails {
  /** Lower-case hex, no separators, as printed by istioctl (zero-padded to 32 digits when shorter). */
  readonly serial: string;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly isCA: boolean;
  /** URI SANs (SPIFFE IDs among them). */
  readonly uriSans: readonly string[];
  readonly dnsSans: readonly string[];
  /** SHA-256 fingerprint when decoded from PEM; absent when read from Envoy's /certs summary. */
  readonly fingerprint256?: string;
}

export const CERT_DATA_ORIGINS = ['envoy-certs', 'config-dump', 'agent-metrics', 'prometheus', 'manifest'] as const;
export type CertDataOrigin = (typeof CERT_DATA_ORIGINS)[number];

/** A proxy's certificate state as some tier of the source could see it. */
export interface ProxyCertificates {
  readonly namespace: string;
  readonly pod: string;
  readonly origin: CertDataOrigin;
  /** When the data was read from the proxy (RFC 3339). */
  readonly asOf: string;
  /** Leaf first, then intermediates, as served by the `default` SDS secret. Empty when only metrics were available. */
  readonly chain: readonly CertificateDetails[];
  /** Trust anchors from ROOTCA (one per trust domain with SPIRE federation). */
  readonly roots: readonly (CertificateDetails & { readonly trustDomain?: string })[];
  /** From metrics only (istio_agent_cert_expiry_seconds): the leaf's expiry, when no chain is known. */
  readonly leafNotAfter?: string;
  /** SDS secrets still warming (`version_info: uninitialized`). */
  readonly warmingSecrets: readonly string[];
  /** Where it was read from, for file sources ("file:line"), so an issue about it can name the file. */
  readonly from?: string;
}

export interface RootCertConfigMap {
  readonly namespace: string;
  readonly name: string;
  readonly roots: readonly CertificateDetails[];
}

/** The ConfigMap istiod writes into every namespace with the root of trust, and its key (istio-semantics §5.1). */
export const ROOT_CERT_CONFIGMAP_NAME = 'istio-ca-root-cert';
export const ROOT_CERT_CONFIGMAP_KEY = 'root-cert.pem';
