import { describe, expect, it } from 'vitest';
import type { CertificatePosture } from '@/lib/mesh/model';
import { buildMeshIndex } from '@/lib/mesh/mesh-index';
import type { CertificateDetails, MeshSnapshot, RootCertConfigMap } from '@/lib/snapshot/types';
import { aMeshConfig, aPod, aProxyCertificates, aSnapshot, NOW } from '@/test/builders';
import { assessProxyCertificates } from './assess-proxy-certificates';
import { holdsDifferentRoot } from './root-trust';

function aCert(input: Partial<CertificateDetails> & { serial: string }): CertificateDetails {
  return { subject: '', issuer: 'O=cluster.local', notBefore: '2026-06-01T01:58:00Z', notAfter: '2026-06-02T02:00:00Z', isCA: false, uriSans: [], dnsSans: [], ...input };
}
const ROOT = aCert({ serial: 'r1', subject: 'O=cluster.local', isCA: true, notBefore: '2026-01-01T00:00:00Z', notAfter: '2036-01-01T00:00:00Z', fingerprint256: 'f1' });
const OTHER_ROOT = aCert({ serial: 'r2', subject: 'O=legacy', isCA: true, notBefore: '2016-06-21T00:00:00Z', notAfter: '2026-06-21T00:00:00Z', fingerprint256: 'f2' });
const LEAF = aCert({ serial: 'l1', uriSans: ['spiffe://cluster.local/ns/shop/sa/web'] });
const rootConfigMap = (namespace: string, roots = [ROOT]): RootCertConfigMap => ({ namespace, name: 'istio-ca-root-cert', roots });
const POD = { namespace: 'shop', name: 'web-1', hasDataplane: true } as const;
const base = (overrides: Partial<CertificatePosture> = {}): CertificatePosture => ({
  namespace: 'shop',
  pod: 'web-1',
  status: 'healthy',
  spiffeId: 'spiffe://cluster.local/ns/shop/sa/web',
  trustDomain: 'cluster.local',
  serial: 'l1',
  notBefore: '2026-06-01T01:58:00Z',
  notAfter: '2026-06-02T02:00:00Z',
  remainingSeconds: 14 * 3600,
  origin: 'config-dump',
  asOf: NOW,
  chain: [{ serial: 'l1', subject: '', notAfter: '2026-06-02T02:00:00Z', isCA: false }],
  roots: [{ serial: 'r1', notAfter: '2036-01-01T00:00:00Z', trustDomain: null, status: 'healthy' }],
  notes: [],
  trustDomainMismatch: false,
  ...overrides,
});

function snapshotWith(input: Parameters<typeof aSnapshot>[0] = {}): MeshSnapshot {
  return aSnapshot({
    pods: [aPod({ name: 'web-1', namespace: 'shop', serviceAccountName: 'web' })],
    rootCertConfigMaps: [rootConfigMap('shop')],
    proxyCertificates: [aProxyCertificates({ namespace: 'shop', pod: 'web-1', origin: 'config-dump', chain: [LEAF], roots: [ROOT] })],
    ...input,
  });
}

describe('assessProxyCertificates', () => {
  const cases: { name: string; snapshot: MeshSnapshot; expected: CertificatePosture }[] = [
    { name: 'a healthy leaf trusting the distributed root', snapshot: snapshotWith(), expected: base() },
    {
      name: 'an expired leaf',
      snapshot: snapshotWith({ proxyCertificates: [aProxyCertificates({ namespace: 'shop', pod: 'web-1', origin: 'config-dump', chain: [{ ...LEAF, notBefore: '2026-05-31T05:58:00Z', notAfter: '2026-06-01T06:00:00Z' }], roots: [ROOT] })] }),
      expected: base({
        status: 'expired',
        notBefore: '2026-05-31T05:58:00Z',
        notAfter: '2026-06-01T06:00:00Z',
        remainingSeconds: -6 * 3600,
        chain: [{ serial: 'l1', subject: '', notAfter: '2026-06-01T06:00:00Z', isCA: false }],
        notes: ['workload certificate expired at 2026-06-01T06:00:00Z (6h ago): peers reject its mTLS handshakes'],
      }),
    },
    {
      name: 'an expiring leaf read before its rotation point, with a warming secret',
      snapshot: snapshotWith({
        proxyCertificates: [
          aProxyCertificates({ namespace: 'shop', pod: 'web-1', origin: 'config-dump', asOf: '2026-05-31T20:00:00Z', chain: [{ ...LEAF, notBefore: '2026-05-31T14:58:00Z', notAfter: '2026-06-01T15:00:00Z' }], roots: [ROOT], warmingSecrets: ['file-root:/x'] }),
        ],
      }),
      expected: base({
        status: 'expiring',
        notBefore: '2026-05-31T14:58:00Z',
        notAfter: '2026-06-01T15:00:00Z',
        remainingSeconds: 3 * 3600,
        asOf: '2026-05-31T20:00:00Z',
        chain: [{ serial: 'l1', subject: '', notAfter: '2026-06-01T15:00:00Z', isCA: false }],
        notes: [
          "workload certificate expires at 2026-06-01T15:00:00Z (in 3h), past the point where Istio's agent rotates it (§5.1)",
          "read at 2026-05-31T20:00:00Z, before the agent's rotation point: the proxy has probably rotated since; re-read it to confirm",
          'SDS secrets still warming (never received): file-root:/x',
        ],
      }),
    },
    {
      name: 'a SPIRE leaf of a federated trust domain, with a different root than istiod distributes',
      snapshot: snapshotWith({
        proxyCertificates: [
          aProxyCertificates({
            namespace: 'shop',
            pod: 'web-1',
            origin: 'config-dump',
            chain: [{ ...LEAF, uriSans: ['spiffe://east.local/ns/shop/sa/web'], notBefore: '2026-06-01T11:50:00Z', notAfter: '2026-06-01T12:50:00Z' }],
            roots: [{ ...OTHER_ROOT, serial: 'e1', fingerprint256: 'e1', subject: 'CN=East', notAfter: '2034-01-01T00:00:00Z', trustDomain: 'east.local' }],
          }),
        ],
      }),
      expected: base({
        spiffeId: 'spiffe://east.local/ns/shop/sa/web',
        trustDomain: 'east.local',
        notBefore: '2026-06-01T11:50:00Z',
        notAfter: '2026-06-01T12:50:00Z',
        remainingSeconds: 50 * 60,
        chain: [{ serial: 'l1', subject: '', notAfter: '2026-06-01T12:50:00Z', isCA: false }],
        roots: [{ serial: 'e1', notAfter: '2034-01-01T00:00:00Z', trustDomain: 'east.local', status: 'healthy' }],
        trustDomainMismatch: true,
        notes: [
          'trust domain east.local is not the mesh trust domain cluster.local: peers of this mesh authorize it only if policies name it',
          'trusts SPIFFE bundles of 1 trust domain(s): east.local (federation)',
          "the proxy's ROOTCA holds none of the roots in ConfigMap shop/istio-ca-root-cert: it trusts a root istiod does not distribute",
        ],
      }),
    },
    {
      name: 'a leaf of a trust domain alias, with an expiring legacy root and a SPIFFE ID for another service account',
      snapshot: snapshotWith({
        meshConfig: aMeshConfig({ trustDomain: 'new.td', trustDomainAliases: ['cluster.local'] }),
        proxyCertificates: [aProxyCertificates({ namespace: 'shop', pod: 'web-1', origin: 'envoy-certs', chain: [{ ...LEAF, uriSans: ['spiffe://cluster.local/ns/shop/sa/admin'] }], roots: [ROOT, OTHER_ROOT] })],
      }),
      expected: base({
        origin: 'envoy-certs',
        spiffeId: 'spiffe://cluster.local/ns/shop/sa/admin',
        roots: [
          { serial: 'r1', notAfter: '2036-01-01T00:00:00Z', trustDomain: null, status: 'healthy' },
          { serial: 'r2', notAfter: '2026-06-21T00:00:00Z', trustDomain: null, status: 'expiring' },
        ],
        notes: ['SPIFFE ID names ns/shop/sa/admin but the pod runs as shop/web', 'trusted root O=legacy is expiring (not after 2026-06-21T00:00:00Z)'],
      }),
    },
    {
      name: 'only the expiry metric',
      snapshot: snapshotWith({ proxyCertificates: [aProxyCertificates({ namespace: 'shop', pod: 'web-1', origin: 'agent-metrics', leafNotAfter: '2026-06-01T16:00:00Z' })] }),
      expected: base({
        status: 'expiring',
        origin: 'agent-metrics',
        spiffeId: null,
        trustDomain: null,
        serial: null,
        notBefore: null,
        notAfter: '2026-06-01T16:00:00Z',
        remainingSeconds: 4 * 3600,
        chain: [],
        roots: [],
        notes: [
          "workload certificate expires at 2026-06-01T16:00:00Z (in 4h), past the point where Istio's agent rotates it (§5.1)",
          "only the expiry is known (agent-metrics): no serial, SPIFFE ID or root; thresholds assume Istio's default 24h lifetime",
        ],
      }),
    },
  ];
  it.each(cases)('assesses $name', ({ snapshot, expected }) => {
    expect(assessProxyCertificates(POD, buildMeshIndex(snapshot), NOW)).toEqual(expected);
  });

  const unknown = (note: string, extra: Partial<CertificatePosture> = {}): CertificatePosture =>
    base({ status: 'unknown', spiffeId: null, trustDomain: null, serial: null, notBefore: null, notAfter: null, remainingSeconds: null, origin: null, asOf: null, chain: [], roots: [], notes: [note], ...extra });
  it.each([
    { name: 'a proxy that was not reached', snapshot: snapshotWith({ proxyCertificates: [] }), expected: unknown('proxy not reached: no certificate data was collected for this pod') },
    {
      name: 'an ambient pod whose ztunnel was not read',
      snapshot: snapshotWith({ pods: [aPod({ name: 'web-1', namespace: 'shop', dataplane: 'ambient-label' })], proxyCertificates: [] }),
      expected: unknown("no certificate data for this pod: in ambient mode its certificate is held by the node's ztunnel, which was not read"),
    },
    {
      name: 'a source that did not collect proxy certificates',
      snapshot: snapshotWith({ proxyCertificates: [], kinds: { ProxyCertificates: { status: 'not-collected', asOf: null, reason: 'port-forward is opt-in (--proxy-certs)' } } }),
      expected: unknown('proxy certificates were not collected from this source: port-forward is opt-in (--proxy-certs)'),
    },
    {
      name: 'a forbidden port-forward',
      snapshot: snapshotWith({ proxyCertificates: [], kinds: { ProxyCertificates: { status: 'forbidden', asOf: null } } }),
      expected: unknown('reading proxy certificates is forbidden'),
    },
    {
      name: 'a proxy whose secrets are still warming',
      snapshot: snapshotWith({ proxyCertificates: [aProxyCertificates({ namespace: 'shop', pod: 'web-1', origin: 'config-dump', warmingSecrets: ['default'] })] }),
      expected: unknown('SDS secrets still warming (never received): default', { origin: 'config-dump', asOf: NOW }),
    },
  ])('is unknown for $name', ({ snapshot, expected }) => {
    expect(assessProxyCertificates(POD, buildMeshIndex(snapshot), NOW)).toEqual(expected);
  });

  it('is null for a pod without a dataplane', () => {
    expect(assessProxyCertificates({ ...POD, hasDataplane: false }, buildMeshIndex(snapshotWith()), NOW)).toBeNull();
  });
});

describe('holdsDifferentRoot', () => {
  const posture = (roots: CertificatePosture['roots']) => base({ pod: 'elsewhere', roots });
  const rootRef = (serial: string) => ({ serial, notAfter: '2036-01-01T00:00:00Z', trustDomain: null, status: 'healthy' as const });
  it.each([
    { name: 'the distributed root', snapshot: snapshotWith(), roots: [rootRef('r1')], expected: false },
    { name: 'another root', snapshot: snapshotWith(), roots: [rootRef('r2')], expected: true },
    { name: 'both roots during a rotation', snapshot: snapshotWith(), roots: [rootRef('r2'), rootRef('r1')], expected: false },
    { name: 'no roots known', snapshot: snapshotWith(), roots: [], expected: false },
    { name: 'ConfigMaps not read', snapshot: snapshotWith({ kinds: { RootCertConfigMap: { status: 'forbidden', asOf: null } } }), roots: [rootRef('r2')], expected: false },
    { name: 'no ConfigMap in the namespace', snapshot: snapshotWith({ rootCertConfigMaps: [rootConfigMap('other')] }), roots: [rootRef('r2')], expected: false },
  ])('is $expected for a proxy holding $name', ({ snapshot, roots, expected }) => {
    expect(holdsDifferentRoot(posture(roots), buildMeshIndex(snapshot))).toBe(expected);
  });

  it('compares fingerprints when both sides were decoded from PEM (same serial, other key)', () => {
    const forged = { ...ROOT, fingerprint256: 'ff' };
    const snapshot = snapshotWith({ proxyCertificates: [aProxyCertificates({ namespace: 'shop', pod: 'web-1', chain: [LEAF], roots: [forged] })] });
    expect(holdsDifferentRoot(base(), buildMeshIndex(snapshot))).toBe(true);
  });
});
