// The certificate posture of one proxy at `now` (istio-semantics §5): the leaf's status against Istio's rotation
// schedule, its SPIFFE identity and trust domain, the roots it trusts, and notes saying why a verdict is
// unknown or flagged. Pure: the clock is the `now` argument.
import type { CertificatePosture, CertStatus } from '../model';
import { resolveDataplane } from '../dataplane';
import { findPod, findProxyCertificates, type MeshIndex } from '../mesh-index';
import type { CertificateDetails, ProxyCertificates } from '@/lib/snapshot/types';
import { classifyCa, classifyLeaf, formatDuration, isPastRotationPoint, type Classification } from './classify';
import { distributedRoots, proxyHoldsDifferentRoot } from './root-trust';
import { missingRootConfigMapNote } from './external-ca';
import { spiffeIdOf, type SpiffeId } from './spiffe';
import { LATEST_ROTATION_REMAINING_RATIO } from './thresholds';
import { missingCertificatesNote } from './unknown-reason';

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
  readonly hasDataplane: boolean;
}

const EMPTY = {
  spiffeId: null,
  trustDomain: null,
  serial: null,
  notBefore: null,
  notAfter: null,
  remainingSeconds: null,
  chain: [],
  roots: [],
  trustDomainMismatch: false,
} as const;

function unknownPosture(pod: PodRef, note: string, proxy?: ProxyCertificates): CertificatePosture {
  return { namespace: pod.namespace, pod: pod.name, status: 'unknown', ...EMPTY, origin: proxy?.origin ?? null, asOf: proxy?.asOf ?? null, notes: [note] };
}

/** The mesh's own trust domains: meshConfig.trustDomain and its aliases (lower-cased, as SPIFFE compares them). */
function meshTrustDomains(index: MeshIndex): Set<string> {
  const { trustDomain, trustDomainAliases } = index.snapshot.meshConfig;
  return new Set([trustDomain, ...trustDomainAliases].map((d) => d.toLowerCase()));
}

function leafStatusNote(status: CertStatus, c: Classification, notAfter: string): string | null {
  const left = c.timing ? formatDuration(c.timing.remainingSeconds) : '';
  switch (status) {
    case 'expired':
      return `workload certificate expired at ${notAfter} (${left} ago): peers reject its mTLS handshakes`;
    case 'expiring':
      return `workload certificate expires at ${notAfter} (in ${left}), past the point where Istio's agent rotates it (§5.1)`;
    case 'not-yet-valid':
      return 'workload certificate is not valid yet (clock skew between the CA and this proxy?)';
    case 'unknown':
      return 'workload certificate validity could not be read';
    case 'healthy':
      return null;
    default: {
      const unreachable: never = status;
      return String(unreachable);
    }
  }
}

function identityNotes(pod: PodRef, id: SpiffeId | null, index: MeshIndex, mismatch: boolean): string[] {
  const notes: string[] = [];
  const { trustDomain, trustDomainAliases } = index.snapshot.meshConfig;
  if (!id) notes.push('workload certificate has no SPIFFE URI SAN');
  if (id && mismatch) {
    const aliases = trustDomainAliases.length > 0 ? ` or its aliases (${trustDomainAliases.join(', ')})` : '';
    notes.push(`trust domain ${id.trustDomain} is not the mesh trust domain ${trustDomain}${aliases}: peers of this mesh authorize it only if policies name it`);
  }
  const k8sPod = findPod(index, pod.namespace, pod.name);
  if (id?.namespace && k8sPod && (id.namespace !== pod.namespace || id.serviceAccount !== k8sPod.serviceAccountName)) {
    notes.push(`SPIFFE ID names ns/${id.namespace}/sa/${id.serviceAccount ?? ''} but the pod runs as ${pod.namespace}/${k8sPod.serviceAccountName}`);
  }
  return notes;
}

function caNotes(chain: readonly CertificateDetails[], roots: readonly (CertificateDetails & { trustDomain?: string })[], now: string): string[] {
  const notes: string[] = [];
  for (const [what, certs] of [['issuer', chain.slice(1).filter((c) => c.isCA)], ['trusted root', roots]] as const) {
    for (const cert of certs) {
      const c = classifyCa(cert, now);
      if (c.status === 'expired' || c.status === 'expiring' || c.status === 'not-yet-valid') {
        notes.push(`${what} ${cert.subject || cert.serial} is ${c.status} (not after ${cert.notAfter})`);
      }
    }
  }
  const federated = [...new Set(roots.flatMap((r) => (r.trustDomain ? [r.trustDomain] : [])))];
  if (federated.length > 0) notes.push(`trusts SPIFFE bundles of ${federated.length} trust domain(s): ${federated.join(', ')} (federation)`);
  return notes;
}

/** The data was read before the agent's latest rotation point, which has passed since: it has probably rotated. */
function staleReadNote(leaf: CertificateDetails, c: Classification, asOf: string, now: string): string | null {
  if (!c.timing || c.timing.lifetimeSeconds === null || !isPastRotationPoint(c.timing)) return null;
  const rotationMs = Date.parse(leaf.notAfter) - c.timing.lifetimeSeconds * LATEST_ROTATION_REMAINING_RATIO * 1000;
  const asOfMs = Date.parse(asOf);
  if (Number.isNaN(asOfMs) || asOfMs >= rotationMs || Date.parse(now) < rotationMs) return null;
  return `read at ${asOf}, before the agent's rotation point: the proxy has probably rotated since; re-read it to confirm`;
}

function fromChain(pod: PodRef, proxy: ProxyCertificates, leaf: CertificateDetails, index: MeshIndex, now: string): CertificatePosture {
  const c = classifyLeaf(leaf, now);
  const id = spiffeIdOf(leaf.uriSans);
  const mismatch = id !== null && !meshTrustDomains(index).has(id.trustDomain);
  const notes = [leafStatusNote(c.status, c, leaf.notAfter), ...identityNotes(pod, id, index, mismatch), ...caNotes(proxy.chain, proxy.roots, now)];
  if (c.status === 'expired' || c.status === 'expiring') notes.push(staleReadNote(leaf, c, proxy.asOf, now));
  return {
    namespace: pod.namespace,
    pod: pod.name,
    status: c.status,
    spiffeId: id?.id ?? null,
    trustDomain: id?.trustDomain ?? null,
    serial: leaf.serial,
    notBefore: leaf.notBefore,
    notAfter: leaf.notAfter,
    remainingSeconds: c.timing?.remainingSeconds ?? null,
    origin: proxy.origin,
    asOf: proxy.asOf,
    chain: proxy.chain.map((x) => ({ serial: x.serial, subject: x.subject, notAfter: x.notAfter, isCA: x.isCA })),
    roots: proxy.roots.map((r) => ({ serial: r.serial, notAfter: r.notAfter, trustDomain: r.trustDomain ?? null, status: classifyCa(r, now).status })),
    notes: notes.filter((n): n is string => n !== null),
    trustDomainMismatch: mismatch,
  };
}

function fromExpiryOnly(pod: PodRef, proxy: ProxyCertificates, notAfter: string, now: string): CertificatePosture {
  const c = classifyLeaf({ notBefore: null, notAfter }, now);
  const notes = [
    leafStatusNote(c.status, c, notAfter),
    `only the expiry is known (${proxy.origin}): no serial, SPIFFE ID or root; thresholds assume Istio's default 24h lifetime`,
  ];
  return {
    namespace: pod.namespace,
    pod: pod.name,
    status: c.status,
    ...EMPTY,
    notAfter,
    remainingSeconds: c.timing?.remainingSeconds ?? null,
    origin: proxy.origin,
    asOf: proxy.asOf,
    notes: notes.filter((n): n is string => n !== null),
  };
}

/**
 * The certificate posture of a pod's proxy at `now` (RFC 3339). null when the pod has no dataplane.
 * A pod with a dataplane but no usable data is 'unknown' with a note saying why.
 */
export function assessProxyCertificates(pod: PodRef, index: MeshIndex, now: string): CertificatePosture | null {
  if (!pod.hasDataplane) return null;
  const proxy = findProxyCertificates(index, pod.namespace, pod.name);
  if (!proxy) {
    const k8sPod = findPod(index, pod.namespace, pod.name);
    const dataplane = k8sPod ? resolveDataplane(k8sPod, index.namespaces.get(pod.namespace)) : 'sidecar';
    return unknownPosture(pod, missingCertificatesNote(index.snapshot.kinds.ProxyCertificates, dataplane));
  }
  const warming = proxy.warmingSecrets.length > 0 ? `SDS secrets still warming (never received): ${proxy.warmingSecrets.join(', ')}` : null;
  const leaf = proxy.chain[0];
  let posture: CertificatePosture;
  if (leaf) posture = fromChain(pod, proxy, leaf, index, now);
  else if (proxy.leafNotAfter !== undefined) posture = fromExpiryOnly(pod, proxy, proxy.leafNotAfter, now);
  else return unknownPosture(pod, warming ?? 'the proxy holds no workload certificate', proxy);

  const extra: string[] = warming ? [warming] : [];
  if (proxyHoldsDifferentRoot(proxy, index)) {
    extra.push(`the proxy's ROOTCA holds none of the roots in ConfigMap ${pod.namespace}/istio-ca-root-cert: it trusts a root istiod does not distribute`);
  } else if (proxy.roots.length > 0 && index.snapshot.kinds.RootCertConfigMap.status === 'ok' && !distributedRoots(index, pod.namespace)) {
    extra.push(missingRootConfigMapNote(pod.namespace, findPod(index, pod.namespace, pod.name), proxy, index));
  }
  return extra.length > 0 ? { ...posture, notes: [...posture.notes, ...extra] } : posture;
}
