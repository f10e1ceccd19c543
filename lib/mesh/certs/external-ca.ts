// An absent or empty istio-ca-root-cert ConfigMap is not necessarily a fault: with an external CA (SPIRE through the
// SPIFFE CSI driver, cert-manager istio-csr, any `caAddress`) proxies get their root from that CA, and istiod does not
// distribute one (https://istio.io/latest/docs/ops/integrations/spire/; istio-semantics §5.1). This explains the gap
// with the evidence the snapshot holds about that workload, so an operator can tell the pattern from a fault.
// Only the pod itself, its proxy's data and the mesh config are read: a verdict about one pod depends on nothing
// another pod holds (the incremental engine recomputes a pod when these change).
import type { Pod, ProxyCertificates } from '@/lib/snapshot/types';
import type { MeshIndex } from '../mesh-index';
import { spiffeIdOf } from './spiffe';

/** What in the snapshot points at an external CA for this pod; empty when nothing does. */
export function externalCaEvidence(pod: Pod | undefined, proxy: ProxyCertificates | undefined, index: MeshIndex): string[] {
  const mesh = index.snapshot.meshConfig;
  const out: string[] = [];
  if (pod?.spireAgentSocket) out.push(`the pod mounts a SPIRE agent socket (${pod.spireAgentSocket})`);
  if (mesh.defaultConfig.caAddress) out.push(`the mesh config sets defaultConfig.caAddress to ${mesh.defaultConfig.caAddress} (a CA other than istiod)`);
  const leaf = proxy?.chain[0];
  const trustDomain = leaf ? spiffeIdOf(leaf.uriSans)?.trustDomain : undefined;
  const meshDomains = [mesh.trustDomain, ...mesh.trustDomainAliases].map((d) => d.toLowerCase());
  if (trustDomain && !meshDomains.includes(trustDomain)) {
    out.push(`the proxy's certificate is in trust domain ${trustDomain}, which istiod (trust domain ${mesh.trustDomain}) does not issue`);
  }
  return out;
}

/** The note for a proxy whose namespace has no istio-ca-root-cert root to compare with. */
export function missingRootConfigMapNote(namespace: string, pod: Pod | undefined, proxy: ProxyCertificates | undefined, index: MeshIndex): string {
  const evidence = externalCaEvidence(pod, proxy, index);
  const gap = `ConfigMap ${namespace}/istio-ca-root-cert is absent or holds no root`;
  if (evidence.length > 0) {
    return `${gap}, as with an external CA (SPIRE, or a caAddress): the proxies get their root from that CA, not from istiod. Evidence: ${evidence.join('; ')}`;
  }
  return `${gap}: istiod writes one to every namespace (§5.1) unless certificates come from an external CA (SPIRE, defaultConfig.caAddress), and the snapshot shows none (no SPIRE agent socket on the pod, no caAddress, the mesh's trust domain)`;
}
