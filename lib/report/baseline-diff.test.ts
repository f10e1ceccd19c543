import { describe, expect, it } from 'vitest';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import type { CertificateDetails, MeshSnapshot } from '@/lib/snapshot/types';
import { aNamespace, anAuthorizationPolicy, aPeerAuthentication, aPod, aProxyCertificates, aSnapshot, NOW } from '@/test/builders';
import { diffAgainstBaseline, workloadKey } from './baseline-diff';
import { buildJsonReport, type JsonReport } from './json-report';
import { buildReportModel } from './report-model';

function jsonOf(snapshot: MeshSnapshot): JsonReport {
  const computation = computePostureDetailed(snapshot, { now: NOW });
  const report = buildJsonReport(buildReportModel(computation, { generatedAt: NOW, toolVersion: 'test' }), computation.model, snapshot);
  return JSON.parse(JSON.stringify(report)) as JsonReport;
}

const leaf = (serial: string, pod: string): CertificateDetails => ({
  serial, subject: '', issuer: 'O=cluster.local', notBefore: '2026-06-01T01:58:00Z', notAfter: serial === '02' ? '2026-06-02T03:00:00Z' : '2026-06-02T02:00:00Z',
  isCA: false, uriSans: [`spiffe://cluster.local/ns/shop/sa/${pod}`], dnsSans: [],
});

/** Two namespaces at phase 2 (mesh-wide STRICT, ALLOW policies, no access logging); `after` plants the changes. */
function mesh(after: boolean): MeshSnapshot {
  // Pods restart between the two snapshots: same Deployment (ReplicaSet suffix changes), same StatefulSet ordinal.
  const web = after ? 'web-7d9f8c6b5-k8m2p' : 'web-7d9f8c6b5-x2x4z';
  const api = after ? 'api-6b8c9d7f5-q7w9z' : 'api-5c7d9f8b6-v2v4x';
  return aSnapshot({
    namespaces: [aNamespace('shop', { 'istio-injection': 'enabled' }), aNamespace('billing', { 'istio-injection': 'enabled' }), aNamespace('istio-system')],
    pods: [
      aPod({ name: web, namespace: 'shop', labels: { app: 'web' }, ports: [8080, 9090], serviceAccountName: 'web' }),
      aPod({ name: api, namespace: 'billing', labels: { app: 'api' }, ports: [8080], serviceAccountName: 'api' }),
      aPod({ name: 'ledger-0', namespace: 'billing', labels: { app: 'ledger' }, ports: [5432], serviceAccountName: 'ledger' }),
    ],
    peerAuthentications: [
      aPeerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'STRICT' }),
      // Planted: a port of shop/web turns PERMISSIVE; namespace billing drops to PERMISSIVE (phase regression).
      ...(after
        ? [
            aPeerAuthentication({ name: 'web-metrics', namespace: 'shop', selector: { app: 'web' }, mode: 'UNSET', portLevelMtls: { 9090: 'PERMISSIVE' } }),
            aPeerAuthentication({ name: 'default', namespace: 'billing', mode: 'PERMISSIVE' }),
          ]
        : []),
    ],
    authorizationPolicies: ['shop', 'billing'].map((ns) => anAuthorizationPolicy({ name: 'allow', namespace: ns, rules: [{ from: [{ namespaces: ['shop', 'billing'] }], to: null, when: null }] })),
    // The proxy certificate of shop/web is renewed across the restart.
    proxyCertificates: [aProxyCertificates({ namespace: 'shop', pod: web, origin: 'config-dump', chain: [leaf(after ? '02' : '01', 'web')] })],
  });
}

describe('workloadKey', () => {
  it.each([
    ['httpbin-6d8f7c9b5-abcde', 'httpbin'],
    ['batch-scheduler-ztsb8mpzgc-4r4z5', 'batch-scheduler'],
    ['istio-ingressgateway-7d4f8b9c6-x2x4z', 'istio-ingressgateway'],
    ['postgres-0', 'postgres-0'],
    ['web-1', 'web-1'],
    ['my-app', 'my-app'],
  ])('%s → %s', (pod, key) => {
    expect(workloadKey(pod)).toBe(key);
  });
});

describe('diffAgainstBaseline', () => {
  it('names the planted phase regression and the port turned PERMISSIVE, and not the pod restarts', () => {
    const before = jsonOf(mesh(false));
    const now = jsonOf(mesh(true));
    const phases = (r: JsonReport) => Object.fromEntries(r.namespaces.map((n) => [n.name, n.phase]));
    expect({ before: phases(before), now: phases(now) }).toEqual({ before: { shop: 2, billing: 2, 'istio-system': 0 }, now: { shop: 2, billing: 1, 'istio-system': 0 } });
    const changes = diffAgainstBaseline(now, before);
    expect({ ...changes, newFindings: changes.newFindings.map((f) => [f.code, f.objects]) }).toEqual({
      baseline: { generatedAt: NOW, source: 'test', now: NOW },
      newPlaintextPorts: [
        { namespace: 'billing', workload: 'api', port: 8080, mode: 'PERMISSIVE' },
        { namespace: 'billing', workload: 'ledger-0', port: 5432, mode: 'PERMISSIVE' },
        { namespace: 'shop', workload: 'web', port: 9090, mode: 'PERMISSIVE' },
      ],
      closedPlaintextPorts: [],
      phaseRegressions: [{ namespace: 'billing', from: 2, to: 1 }],
      phaseAdvances: [],
      newFindings: [['MP106', ['Namespace/billing', 'PeerAuthentication/billing/default']]],
      resolvedFindings: [],
      renewedCertificates: [{ namespace: 'shop', workload: 'web', previousSerial: '01', serial: '02', notAfter: '2026-06-02T03:00:00Z' }],
    });
  });

  it('finds nothing between a report and itself after every pod restarted', () => {
    const before = jsonOf(mesh(false));
    const restarted = jsonOf(mesh(false));
    const changes = diffAgainstBaseline(restarted, before);
    expect(changes).toEqual({ ...changes, newPlaintextPorts: [], closedPlaintextPorts: [], phaseRegressions: [], phaseAdvances: [], newFindings: [], resolvedFindings: [], renewedCertificates: [] });
  });

  it('reads the reversed pair as advances, closed ports and resolved findings', () => {
    const changes = diffAgainstBaseline(jsonOf(mesh(false)), jsonOf(mesh(true)));
    expect({
      advances: changes.phaseAdvances,
      closed: changes.closedPlaintextPorts.map((p) => `${p.namespace}/${p.workload}:${p.port} ${p.mode}`),
      resolved: changes.resolvedFindings.map((f) => f.code),
    }).toEqual({
      advances: [{ namespace: 'billing', from: 1, to: 2 }],
      closed: ['billing/api:8080 STRICT', 'billing/ledger-0:5432 STRICT', 'shop/web:9090 STRICT'],
      resolved: ['MP106'],
    });
  });

  it.each([
    ['not an object', [], /^baseline: expected a JSON report object$/],
    ['another schema version', { schemaVersion: 2 }, /^baseline: schemaVersion: expected 1 .*got 2$/],
    ['no schema version', { generatedAt: NOW }, /^baseline: schemaVersion: expected 1 .*got null$/],
    ['a workload mode outside the enum', { mutate: (r: Record<string, unknown>) => (((r['workloads'] as Record<string, Record<string, unknown>>[])[1]!['mtls']!)['mode'] = 'MUTUAL') }, /^baseline: workloads\[1\]\.mtls\.mode: /],
    ['namespaces missing', { mutate: (r: Record<string, unknown>) => delete r['namespaces'] }, /^baseline: namespaces: /],
    ['a phase that is not a number', { mutate: (r: Record<string, unknown>) => ((r['namespaces'] as Record<string, unknown>[])[0]!['phase'] = 'two') }, /^baseline: namespaces\[0\]\.phase: /],
  ])('rejects a baseline with %s, naming the field', (_, input, message) => {
    let baseline: unknown = input;
    if (typeof input === 'object' && input !== null && 'mutate' in input) {
      const report = jsonOf(mesh(false)) as unknown as Record<string, unknown>;
      input.mutate(report);
      baseline = report;
    }
    expect(() => diffAgainstBaseline(jsonOf(mesh(true)), baseline)).toThrow(message);
  });
});
