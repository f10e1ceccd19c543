import { describe, expect, it } from 'vitest';
import { decodePemCertificates } from '../proxy-certs/decode-pem';
import { issueDemoCertificates, parseDemoCertSpec, type DemoPod } from './issue-certificates';

const NOW = new Date('2026-06-01T12:00:00Z');
const RAW_SPEC = {
  roots: [
    { name: 'mesh-root', trustDomain: 'cluster.local', notBeforeDaysAgo: 400, lifetimeDays: 3650 },
    { name: 'legacy-root', notBeforeDaysAgo: 3640, lifetimeDays: 3660 },
    { name: 'spire-root', trustDomain: 'spire.example.org', notBeforeDaysAgo: 30, lifetimeDays: 365 },
  ],
  defaults: { root: 'mesh-root', lifetimeHours: 24, issuedHoursAgoMax: 11 },
  pods: {
    'payments/ledger-1': { issuedHoursAgo: 30 },
    'payments/fraud-check-1': { issuedHoursAgo: 21 },
    'spire-ns/agent-1': { root: 'spire-root', spiffeId: 'spiffe://spire.example.org/ns/x/sa/y', lifetimeHours: 1, issuedHoursAgo: 0.2 },
    'legacy/app-1': { trustRoot: 'legacy-root' },
    'other/ghost-1': { unreachable: true },
    'metrics/only-1': { origin: 'agent-metrics' },
    'edge/gw-1': { origin: 'envoy-certs' },
  },
};
const pod = (ns: string, name: string, dataplane: DemoPod['dataplane'] = 'sidecar'): DemoPod => ({ namespace: ns, name, serviceAccount: name.replace(/-\d+$/, ''), dataplane });
const PODS: DemoPod[] = [
  pod('payments', 'ledger-1'),
  pod('payments', 'fraud-check-1'),
  pod('payments', 'api-1'),
  pod('spire-ns', 'agent-1'),
  pod('legacy', 'app-1'),
  pod('other', 'ghost-1'),
  pod('metrics', 'only-1'),
  pod('edge', 'gw-1'),
  pod('ambient', 'web-1', 'ambient'),
];

async function demo() {
  return issueDemoCertificates(parseDemoCertSpec(RAW_SPEC), PODS, { trustDomain: 'cluster.local', now: NOW });
}

/** Hours, to the nearest 3.6 s, so the table reads in round numbers. */
const hours = (ms: number): number => Math.round(ms / 3600) / 1000;
const hoursFromNow = (iso: string | undefined): number | null => (iso === undefined ? null : hours(Date.parse(iso) - NOW.getTime()));

describe('issueDemoCertificates', () => {
  it('issues one reading per reachable pod, relative to now, through the tier the spec names', async () => {
    const certs = await demo();
    const meshRoot = decodePemCertificates(certs.meshRootPem)[0]?.serial;
    const rows = certs.proxyCertificates.map((p) => {
      const leaf = p.chain[0];
      return {
        pod: `${p.namespace}/${p.pod}`,
        origin: p.origin,
        asOf: p.asOf,
        spiffeId: leaf?.uriSans[0] ?? null,
        leftHours: hoursFromNow(leaf?.notAfter ?? p.leafNotAfter),
        lifetimeHours: leaf ? hours(Date.parse(leaf.notAfter) - Date.parse(leaf.notBefore)) : null,
        roots: p.roots.map((r) => (r.serial === meshRoot ? 'mesh-root' : r.subject || r.serial) + (r.trustDomain ? ` (${r.trustDomain})` : '')),
      };
    });
    const h = (issuedAgo: number, lifetime = 24) => ({ leftHours: lifetime - issuedAgo, lifetimeHours: Math.round((lifetime + 2 / 60) * 1000) / 1000 });
    const asOf = '2026-06-01T12:00:00Z';
    expect(rows).toEqual([
      { pod: 'payments/ledger-1', origin: 'config-dump', asOf, spiffeId: 'spiffe://cluster.local/ns/payments/sa/ledger', ...h(30), roots: ['mesh-root'] },
      { pod: 'payments/fraud-check-1', origin: 'config-dump', asOf, spiffeId: 'spiffe://cluster.local/ns/payments/sa/fraud-check', ...h(21), roots: ['mesh-root'] },
      expect.objectContaining({ pod: 'payments/api-1', origin: 'config-dump', spiffeId: 'spiffe://cluster.local/ns/payments/sa/api', roots: ['mesh-root'] }),
      { pod: 'spire-ns/agent-1', origin: 'config-dump', asOf, spiffeId: 'spiffe://spire.example.org/ns/x/sa/y', leftHours: 0.8, lifetimeHours: 1.033, roots: ['O=spire.example.org, CN=spire-root (spire.example.org)'] },
      expect.objectContaining({ pod: 'legacy/app-1', spiffeId: 'spiffe://cluster.local/ns/legacy/sa/app', roots: ['O=legacy-root, CN=legacy-root'] }),
      { pod: 'metrics/only-1', origin: 'agent-metrics', asOf, spiffeId: null, leftHours: expect.any(Number), lifetimeHours: null, roots: [] },
      expect.objectContaining({ pod: 'edge/gw-1', origin: 'envoy-certs', spiffeId: 'spiffe://cluster.local/ns/edge/sa/gw', roots: ['mesh-root'] }),
      expect.objectContaining({ pod: 'ambient/web-1', origin: 'config-dump', spiffeId: 'spiffe://cluster.local/ns/ambient/sa/web' }),
    ]);
    // Pods without an exception were issued 0 to issuedHoursAgoMax (11) hours ago: still before Istio's rotation point.
    for (const row of rows.filter((r) => ['payments/api-1', 'legacy/app-1', 'metrics/only-1', 'edge/gw-1', 'ambient/web-1'].includes(r.pod))) {
      expect(row.leftHours).toBeGreaterThanOrEqual(13);
      expect(row.leftHours).toBeLessThanOrEqual(24);
    }
  });

  it('issues leaves the way Istio does: empty subject, 2-minute backdating, chain = leaf then issuer', async () => {
    const certs = await demo();
    const expired = certs.proxyCertificates.find((p) => p.pod === 'ledger-1');
    const [leaf, issuer] = expired?.chain ?? [];
    expect({
      subject: leaf?.subject,
      issuer: leaf?.issuer,
      notBefore: leaf?.notBefore,
      notAfter: leaf?.notAfter,
      serialDigits: leaf?.serial.length,
      issuerSubject: issuer?.subject,
      issuerIsCA: issuer?.isCA,
      roots: expired?.roots.map((r) => r.subject),
    }).toEqual({
      subject: '',
      issuer: 'O=cluster.local, CN=mesh-root',
      notBefore: '2026-05-31T05:58:00Z',
      notAfter: '2026-06-01T06:00:00Z',
      serialDigits: 32,
      issuerSubject: 'O=cluster.local, CN=mesh-root',
      issuerIsCA: true,
      roots: ['O=cluster.local, CN=mesh-root'],
    });
  });

  it('issues the roots relative to now: the legacy one 20 days from expiry', async () => {
    const certs = await demo();
    const roots = Object.entries(certs.rootPemByName).map(([name, pem]) => {
      const [root] = decodePemCertificates(pem);
      return { name, subject: root?.subject, isCA: root?.isCA, notBefore: root?.notBefore, notAfter: root?.notAfter };
    });
    expect(roots).toEqual([
      { name: 'mesh-root', subject: 'O=cluster.local, CN=mesh-root', isCA: true, notBefore: '2025-04-27T12:00:00Z', notAfter: '2035-04-25T12:00:00Z' },
      { name: 'legacy-root', subject: 'O=legacy-root, CN=legacy-root', isCA: true, notBefore: '2016-06-13T12:00:00Z', notAfter: '2026-06-21T12:00:00Z' },
      { name: 'spire-root', subject: 'O=spire.example.org, CN=spire-root', isCA: true, notBefore: '2026-05-02T12:00:00Z', notAfter: '2027-05-02T12:00:00Z' },
    ]);
    expect(certs.meshRootPem).toBe(certs.rootPemByName['mesh-root']);
  });

  it('puts SPIRE bundles in a SPIFFE validator, one root per trust domain', async () => {
    const certs = await demo();
    expect(certs.proxyCertificates.find((p) => p.pod === 'agent-1')?.roots.map((r) => r.trustDomain)).toEqual(['spire.example.org']);
  });

  // Speed is not asserted here (a timed test fails on a loaded machine); the demo's start-up is what times it.
  it('issues a certificate with its own serial to each of ~150 pods', async () => {
    const many = Array.from({ length: 150 }, (_, i) => pod(`ns-${i % 10}`, `app-${i}`));
    const certs = await issueDemoCertificates(parseDemoCertSpec({ ...RAW_SPEC, pods: {} }), many, { trustDomain: 'cluster.local', now: NOW });
    expect(certs.proxyCertificates).toHaveLength(150);
    expect(new Set(certs.proxyCertificates.map((p) => p.chain[0]?.serial)).size).toBe(150);
  });

  it('throws for a pod the spec names but the demo does not have', async () => {
    await expect(issueDemoCertificates(parseDemoCertSpec(RAW_SPEC), PODS.slice(1), { trustDomain: 'cluster.local', now: NOW })).rejects.toThrow(
      'demo certificates: pods listed in the spec but not in the demo mesh: payments/ledger-1',
    );
  });
});

describe('parseDemoCertSpec', () => {
  it('fills defaults', () => {
    expect(parseDemoCertSpec({ roots: [{ name: 'mesh-root', notBeforeDaysAgo: 1, lifetimeDays: 10 }], defaults: { root: 'mesh-root' } })).toEqual({
      roots: [{ name: 'mesh-root', notBeforeDaysAgo: 1, lifetimeDays: 10 }],
      defaults: { root: 'mesh-root', lifetimeHours: 24, issuedHoursAgoMax: 11 },
      pods: {},
    });
  });

  it.each([
    { name: 'no roots', raw: { roots: [], defaults: { root: 'x' } }, error: 'demo certificates: roots: at least one root (the mesh CA) is required' },
    { name: 'an unknown default root', raw: { ...RAW_SPEC, defaults: { root: 'nope' } }, error: 'demo certificates: defaults.root: unknown root "nope" (roots: mesh-root, legacy-root, spire-root)' },
    { name: 'a misspelt pod option', raw: { ...RAW_SPEC, pods: { 'a/b': { issuedHoursAog: 3 } } }, error: 'demo certificates: pods.a/b: Unrecognized key: "issuedHoursAog"' },
    { name: 'a pod key without a namespace', raw: { ...RAW_SPEC, pods: { ledger: {} } }, error: 'demo certificates: pods.ledger: keys must be "namespace/pod"' },
    { name: 'an unknown trust root', raw: { ...RAW_SPEC, pods: { 'a/b': { trustRoot: 'gone' } } }, error: 'demo certificates: pods.a/b.trustRoot: unknown root "gone" (roots: mesh-root, legacy-root, spire-root)' },
    { name: 'a bad SPIFFE ID', raw: { ...RAW_SPEC, pods: { 'a/b': { spiffeId: 'http://x' } } }, error: 'demo certificates: pods.a/b.spiffeId: expected spiffe://<trust-domain>/<path>' },
  ])('rejects $name', ({ raw, error }) => {
    expect(() => parseDemoCertSpec(raw)).toThrow(error);
  });
});
