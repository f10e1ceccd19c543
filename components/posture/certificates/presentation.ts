// How certificate verdicts, data origins and warnings are shown: one table each, words always beside colour.
import type { CertificateStatusDto, CertificateStatusFilter, CertificateWarningKind } from '@/lib/api/views/certificates';

export const STATUS_PRESENTATION: Readonly<Record<CertificateStatusDto, { readonly label: string; readonly className: string }>> = {
  expired: { label: 'expired', className: 'state-failed' },
  expiring: { label: 'expiring', className: 'mode-permissive' },
  'not-yet-valid': { label: 'not yet valid', className: 'state-failed' },
  unknown: { label: 'unknown', className: 'state-unknown' },
  healthy: { label: 'healthy', className: 'state-passed' },
};

export const STATUS_FILTER_LABELS: Readonly<Record<CertificateStatusFilter, string>> = {
  expired: 'Expired',
  expiring: 'Expiring',
  'not-yet-valid': 'Not yet valid',
  unknown: 'Unknown (data missing)',
  healthy: 'Healthy',
  'trust-domain-mismatch': 'Trust domain mismatch',
  'different-root': 'Holds a different root',
};

/** Where a proxy's certificate data came from (lib/snapshot CertDataOrigin), in words. */
const ORIGIN_LABELS: Readonly<Record<string, string>> = {
  'envoy-certs': 'Envoy /certs',
  'config-dump': 'Envoy config dump',
  'agent-metrics': 'agent expiry metric',
  prometheus: 'Prometheus',
  manifest: 'manifest file',
};

export function originLabel(origin: string | null): string {
  if (origin === null) return 'not read';
  return ORIGIN_LABELS[origin] ?? origin;
}

export const WARNING_PRESENTATION: Readonly<
  Record<CertificateWarningKind, { readonly title: string; readonly why: string; readonly filter: CertificateStatusFilter | null }>
> = {
  expired: { title: 'Expired workload certificates', why: 'Peers reject these proxies’ mTLS handshakes until the certificate is renewed.', filter: 'expired' },
  expiring: { title: 'Expiring workload certificates', why: 'Past the point where Istio’s agent rotates them and close to expiry: rotation is failing.', filter: 'expiring' },
  'not-yet-valid': { title: 'Certificates not valid yet', why: 'Peers reject a certificate before its notBefore; check clock skew between the CA and the proxy.', filter: 'not-yet-valid' },
  'root-expiring': { title: 'Roots of trust expiring', why: 'When a root expires, every workload certificate it anchors stops validating.', filter: null },
  'trust-domain-mismatch': { title: 'Trust domain mismatch', why: 'These proxies present a SPIFFE ID outside the mesh trust domain and its aliases, so principal-based policies do not match them.', filter: 'trust-domain-mismatch' },
  'different-root': { title: 'Pods holding a different root', why: 'These proxies trust none of the roots istiod distributes to their namespace; mTLS with their peers can fail.', filter: 'different-root' },
  unknown: { title: 'Unknown: certificate data missing', why: 'No verdict could be made because the data could not be read; these are never counted as healthy.', filter: 'unknown' },
};
