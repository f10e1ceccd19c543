// An absent or empty istio-ca-root-cert explained with the snapshot's evidence of an external CA (SPIRE:
// https://istio.io/latest/docs/ops/integrations/spire/ mounts the agent socket with the csi.spiffe.io driver; a
// caAddress points proxies at another CA; a trust domain istiod does not issue), instead of reading as a fault.
import { describe, expect, it } from 'vitest';
import { buildMeshIndex } from '@/lib/mesh/mesh-index';
import type { CertificateDetails, Pod } from '@/lib/snapshot/types';
import { aMeshConfig, aPod, aProxyCertificates, aSnapshot, NOW } from '@/test/builders';
import { assessProxyCertificates } from './assess-proxy-certificates';

const cert = (serial: string, input: Partial<CertificateDetails> = {}): CertificateDetails => ({
  serial, subject: '', issuer: '', notBefore: '2026-06-01T01:58:00Z', notAfter: '2026-06-02T02:00:00Z', isCA: false, uriSans: [], dnsSans: [], ...input,
});
const ROOT = cert('r1', { isCA: true, notBefore: '2026-01-01T00:00:00Z', notAfter: '2036-01-01T00:00:00Z' });
const leafIn = (trustDomain: string) => cert('l1', { uriSans: [`spiffe://${trustDomain}/ns/shop/sa/web`] });
const spirePod: Pod = { ...aPod({ name: 'web-1', namespace: 'shop' }), spireAgentSocket: 'volume workload-socket: csi driver csi.spiffe.io' };

function notes(input: { pod?: Pod; trustDomain?: string; caAddress?: string; roots?: 'empty' | 'absent' }) {
  const snapshot = aSnapshot({
    pods: [input.pod ?? aPod({ name: 'web-1', namespace: 'shop' })],
    meshConfig: aMeshConfig(input.caAddress ? { defaultConfig: { proxyMetadata: {}, holdApplicationUntilProxyStarts: false, caAddress: input.caAddress } } : {}),
    rootCertConfigMaps: input.roots === 'empty' ? [{ namespace: 'shop', name: 'istio-ca-root-cert', roots: [] }] : [],
    proxyCertificates: [aProxyCertificates({ namespace: 'shop', pod: 'web-1', origin: 'config-dump', chain: [leafIn(input.trustDomain ?? 'cluster.local')], roots: [ROOT] })],
  });
  return assessProxyCertificates({ namespace: 'shop', name: 'web-1', hasDataplane: true }, buildMeshIndex(snapshot), NOW)?.notes.filter((n) => n.includes('istio-ca-root-cert'));
}

const EXTERNAL = 'ConfigMap shop/istio-ca-root-cert is absent or holds no root, as with an external CA (SPIRE, or a caAddress): the proxies get their root from that CA, not from istiod. Evidence: ';

describe('an absent or empty istio-ca-root-cert, explained', () => {
  it.each([
    ['a pod mounting the SPIRE agent socket (empty ConfigMap)', { pod: spirePod, roots: 'empty' as const }, [`${EXTERNAL}the pod mounts a SPIRE agent socket (volume workload-socket: csi driver csi.spiffe.io)`]],
    ['a caAddress in the mesh config (no ConfigMap)', { caAddress: 'cert-manager-istio-csr.cert-manager.svc:443' }, [`${EXTERNAL}the mesh config sets defaultConfig.caAddress to cert-manager-istio-csr.cert-manager.svc:443 (a CA other than istiod)`]],
    ['a certificate in another trust domain', { trustDomain: 'spire.example.org', roots: 'empty' as const }, [`${EXTERNAL}the proxy's certificate is in trust domain spire.example.org, which istiod (trust domain cluster.local) does not issue`]],
    ['no evidence of an external CA', { roots: 'absent' as const }, [
      "ConfigMap shop/istio-ca-root-cert is absent or holds no root: istiod writes one to every namespace (§5.1) unless certificates come from an external CA (SPIRE, defaultConfig.caAddress), and the snapshot shows none (no SPIRE agent socket on the pod, no caAddress, the mesh's trust domain)",
    ]],
  ])('%s', (_, input, expected) => {
    expect(notes(input)).toEqual(expected);
  });
});
