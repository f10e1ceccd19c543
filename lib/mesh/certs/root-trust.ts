// Does a proxy trust the root istiod distributes? istiod writes ConfigMap `istio-ca-root-cert` (key
// root-cert.pem) into every namespace (istio-semantics §5.1); a proxy whose ROOTCA holds none of those roots
// was configured elsewhere (a plug-in CA, SPIRE, a stale agent after a root rotation) and may fail mTLS with
// peers that hold the distributed root.
import type { CertificatePosture } from '../model';
import type { MeshIndex } from '../mesh-index';
import { findProxyCertificates } from '../mesh-index';
import { ROOT_CERT_CONFIGMAP_NAME, type CertificateDetails } from '@/lib/snapshot/types';


type RootRef = Pick<CertificateDetails, 'serial'> & { readonly fingerprint256?: string };

/** The roots istiod distributed to `namespace`; null when unknown (kind not read, or no ConfigMap there). */
export function distributedRoots(index: MeshIndex, namespace: string): readonly CertificateDetails[] | null {
  if (index.snapshot.kinds.RootCertConfigMap.status !== 'ok') return null;
  const roots = index.snapshot.rootCertConfigMaps
    .filter((cm) => cm.namespace === namespace && cm.name === ROOT_CERT_CONFIGMAP_NAME)
    .flatMap((cm) => cm.roots);
  return roots.length > 0 ? roots : null;
}

/** Same certificate: by SHA-256 fingerprint when both sides have one (a PEM was decoded), else by serial. */
function sameRoot(a: RootRef, b: RootRef): boolean {
  return a.fingerprint256 !== undefined && b.fingerprint256 !== undefined ? a.fingerprint256 === b.fingerprint256 : a.serial === b.serial;
}

/** True when the proxy holds roots and none of them is among those distributed to its namespace. */
export function proxyHoldsDifferentRoot(proxy: { readonly namespace: string; readonly roots: readonly RootRef[] }, index: MeshIndex): boolean {
  const distributed = distributedRoots(index, proxy.namespace);
  if (!distributed || proxy.roots.length === 0) return false;
  return !proxy.roots.some((r) => distributed.some((d) => sameRoot(r, d)));
}

/**
 * The posture-level predicate: uses the proxy's full data from the index (fingerprints) when present,
 * else the serials the posture carries. False when either side is unknown.
 */
export function holdsDifferentRoot(posture: Pick<CertificatePosture, 'namespace' | 'pod' | 'roots'>, index: MeshIndex): boolean {
  const proxy = findProxyCertificates(index, posture.namespace, posture.pod);
  return proxyHoldsDifferentRoot(proxy ?? { namespace: posture.namespace, roots: posture.roots }, index);
}
