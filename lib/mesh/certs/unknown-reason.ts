// Why a proxy with a dataplane has no certificate verdict. Missing data is "unknown" with its reason,
// never "healthy" (ARCHITECTURE §1, §5).
import type { KindProvenance } from '@/lib/snapshot/types';

const withReason = (text: string, p: KindProvenance): string => (p.reason ? `${text}: ${p.reason}` : text);

/** The note for a pod that has a dataplane but no ProxyCertificates entry, given how the kind was collected. */
export function missingCertificatesNote(provenance: KindProvenance, dataplane: 'sidecar' | 'ambient' | 'none'): string {
  switch (provenance.status) {
    case 'ok':
      // The tier ran, so this proxy in particular was not reached (port-forward refused, timeout, pod not ready...).
      return dataplane === 'ambient'
        ? 'no certificate data for this pod: in ambient mode its certificate is held by the node\'s ztunnel, which was not read'
        : 'proxy not reached: no certificate data was collected for this pod';
    case 'not-collected':
      return withReason('proxy certificates were not collected from this source', provenance);
    case 'forbidden':
      return withReason('reading proxy certificates is forbidden', provenance);
    case 'absent':
      return withReason('this source holds no proxy certificate data', provenance);
    case 'error':
      return withReason('reading proxy certificates failed', provenance);
    default: {
      const unreachable: never = provenance.status;
      return `proxy certificates: unexpected collection status ${String(unreachable)}`;
    }
  }
}
