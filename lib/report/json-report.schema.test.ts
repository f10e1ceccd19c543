// The JSON report against its published schema (docs/report.schema.json), with a real JSON Schema validator: the
// schema is the contract auditors' tooling codes against, so a report that drifts from it must fail here.
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { aNamespace, anAuthorizationPolicy, aPeerAuthentication, aPod, aProxyCertificates, aService, aSnapshot, NOW } from '@/test/builders';
import schema from '@/docs/report.schema.json';
import { buildJsonReport } from './json-report';
import { buildReportModel } from './report-model';

// Formats (date-time) are documented, not enforced: ajv-formats is not a dependency.
const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

function reportOf(snapshot: ReturnType<typeof aSnapshot>) {
  const computation = computePostureDetailed(snapshot, { now: NOW });
  const model = buildReportModel(computation, { generatedAt: NOW, toolVersion: '0.0.0-test' });
  const report = buildJsonReport(model, computation.model, snapshot);
  return JSON.parse(JSON.stringify(report)) as Record<string, unknown> & { workloads: Record<string, unknown>[] };
}

const snapshot = aSnapshot({
  namespaces: [aNamespace('shop', { 'istio-injection': 'enabled' }), aNamespace('legacy'), aNamespace('istio-system')],
  pods: [
    aPod({ name: 'web-1', namespace: 'shop', labels: { app: 'web' }, ports: [8080, 9090], serviceAccountName: 'web' }),
    aPod({ name: 'cron-1', namespace: 'legacy', dataplane: 'none', ports: [] }),
  ],
  services: [aService({ name: 'web', namespace: 'shop' })],
  peerAuthentications: [
    aPeerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'STRICT' }),
    aPeerAuthentication({ name: 'web', namespace: 'shop', selector: { app: 'web' }, mode: 'STRICT', portLevelMtls: { 9090: 'PERMISSIVE', 15020: 'DISABLE' } }),
  ],
  authorizationPolicies: [
    anAuthorizationPolicy({ name: 'allow-web', namespace: 'shop', selector: { app: 'web' }, rules: [{ from: [{ namespaces: ['shop'] }], to: null, when: null }] }),
  ],
  proxyCertificates: [aProxyCertificates({ namespace: 'shop', pod: 'web-1' })],
  issues: [{ object: 'PeerAuthentication/shop/bad', kind: 'PeerAuthentication', file: 'mesh.yaml', line: 12, reason: 'spec.mtls.mode: expected one of …' }],
  kinds: { Telemetry: { status: 'forbidden', asOf: null, reason: 'telemetries.telemetry.istio.io is forbidden' } },
});

describe('JSON report schema (docs/report.schema.json)', () => {
  it('accepts a report built from a snapshot with sidecar and no-dataplane pods, port exceptions, a forbidden kind and an issue', () => {
    const report = reportOf(snapshot);
    const valid = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(report['completeness']).toMatchObject({ complete: false, unreadableObjects: 1 });
    const web = report.workloads.find((w) => w['pod'] === 'web-1');
    // Declared ports and every portLevelMtls port of the selecting workload policy, keyed by container port.
    expect(web?.['mtls']).toMatchObject({ mode: 'STRICT', ports: { '8080': 'STRICT', '9090': 'PERMISSIVE', '15020': 'DISABLE' } });
  });

  it('carries the report sections: summary, plaintext ports and why, blockers, policies in force, located findings, no changes', () => {
    const report = reportOf(snapshot);
    expect({
      summary: report['summary'],
      plaintext: report['plaintext'],
      blockers: (report['blockers'] as { namespace: string; phase: number; blocking: { id: string }[] }[]).map((b) => ({ ...b, blocking: b.blocking.map((c) => c.id) })),
      policies: report['policies'],
      changes: report['changes'],
      gaps: report['gaps'],
    }).toEqual({
      summary: {
        meshPhase: 0,
        workloads: { total: 2, strict: 1, permissive: 0, disable: 0, none: 1, unknown: 0 },
        ports: { total: 3, strict: 1, permissive: 1, disable: 1, none: 0, unknown: 0 },
        workloadStrictPercent: 50,
        portStrictPercent: 33.3,
        plaintextWorkloads: 2,
        findingsBySeverity: expect.any(Object),
        certificates: { expired: 0, within7Days: 0, within30Days: 0, unknown: 1 },
      },
      plaintext: [
        { namespace: 'shop', pod: 'web-1', port: 9090, mode: 'PERMISSIVE', why: 'port-level exception: shop/web sets port 9090 to PERMISSIVE while the workload is STRICT' },
        { namespace: 'shop', pod: 'web-1', port: 15020, mode: 'DISABLE', why: 'port-level exception: shop/web sets port 15020 to DISABLE while the workload is STRICT' },
        { namespace: 'legacy', pod: 'cron-1', port: null, mode: 'NONE', why: 'no sidecar or ztunnel: nothing enforces mTLS, the pod accepts plaintext' },
      ],
      blockers: [
        { namespace: 'legacy', phase: 0, blocking: ['enrolled', 'dataplane-everywhere'] },
        { namespace: 'shop', phase: 2, blocking: ['access-logging'] },
      ],
      policies: [
        { kind: 'PeerAuthentication', namespace: 'istio-system', name: 'default', summary: 'mode STRICT', location: null },
        { kind: 'PeerAuthentication', namespace: 'shop', name: 'web', summary: 'mode STRICT selecting app=web; ports 9090=PERMISSIVE, 15020=DISABLE', location: null },
        { kind: 'AuthorizationPolicy', namespace: 'shop', name: 'allow-web', summary: 'ALLOW selecting app=web; 1 rule', location: null },
      ],
      changes: null,
      gaps: [
        { what: 'Telemetry', status: 'forbidden', reason: 'telemetries.telemetry.istio.io is forbidden' },
        { what: 'PeerAuthentication/shop/bad', status: 'unreadable', reason: 'mesh.yaml:12: spec.mtls.mode: expected one of …' },
        expect.objectContaining({ what: 'proxy shop/web-1', status: 'unreached' }),
      ],
    });
  });

  it('accepts a report with located findings, roots of trust and baseline changes', () => {
    const report = reportOf(snapshot);
    (report['findings'] as Record<string, unknown>[]).push({
      code: 'MP102', severity: 'warning', objects: ['PeerAuthentication/shop/web'], namespace: 'shop', message: 'm', why: 'w', verify: [],
      locations: [{ object: 'PeerAuthentication/shop/web', file: 'manifests/shop.yaml', line: 3 }],
    });
    report['roots'] = [{ namespace: 'shop', configmap: 'istio-ca-root-cert', serial: 'ab', subject: 'O=cluster.local', notBefore: NOW, notAfter: NOW, remainingSeconds: -5, status: 'expired', expiringWithin30Days: false }];
    report['changes'] = {
      baseline: { generatedAt: NOW, source: 'old.json', now: NOW },
      newPlaintextPorts: [{ namespace: 'shop', workload: 'web', port: 9090, mode: 'PERMISSIVE' }],
      closedPlaintextPorts: [{ namespace: 'shop', workload: 'api', port: null, mode: 'STRICT' }],
      phaseRegressions: [{ namespace: 'shop', from: 2, to: 1 }],
      phaseAdvances: [],
      newFindings: [{ code: 'MP102', severity: 'warning', objects: ['PeerAuthentication/shop/web'], message: 'm' }],
      resolvedFindings: [],
      renewedCertificates: [{ namespace: 'shop', workload: 'web', previousSerial: '01', serial: '02', notAfter: NOW }],
    };
    expect(validate(report) ? [] : validate.errors).toEqual([]);
  });

  it('accepts a report written before the report sections existed (additions only within version 1)', () => {
    const report = reportOf(snapshot);
    for (const key of ['context', 'gaps', 'summary', 'plaintext', 'blockers', 'roots', 'policies', 'changes']) delete report[key];
    for (const f of report['findings'] as Record<string, unknown>[]) delete f['locations'];
    expect(validate(report)).toBe(true);
  });

  it('accepts the report of an empty mesh', () => {
    expect(validate(reportOf(aSnapshot()))).toBe(true);
  });

  it.each([
    ['a dataplane outside sidecar|ambient|none', (r: ReturnType<typeof reportOf>) => (r.workloads[0]!['dataplane'] = 'istio')],
    ['an mTLS mode outside the enum', (r: ReturnType<typeof reportOf>) => ((r.workloads[0]!['mtls'] as Record<string, unknown>)['mode'] = 'MUTUAL')],
    ['a port key that is not a port number', (r: ReturnType<typeof reportOf>) => ((r.workloads[0]!['mtls'] as Record<string, unknown>)['ports'] = { http: 'STRICT' })],
    ['a phase outside 0..4', (r: ReturnType<typeof reportOf>) => ((r['mesh'] as Record<string, unknown>)['phase'] = 5)],
    ['an unknown top-level field', (r: ReturnType<typeof reportOf>) => (r['extra'] = true)],
    ['a plaintext entry whose mode is STRICT', (r: ReturnType<typeof reportOf>) => ((r['plaintext'] as Record<string, unknown>[])[0]!['mode'] = 'STRICT')],
    ['a strict percent over 100', (r: ReturnType<typeof reportOf>) => ((r['summary'] as Record<string, unknown>)['portStrictPercent'] = 101)],
    ['changes that are not an object or null', (r: ReturnType<typeof reportOf>) => (r['changes'] = [])],
  ])('rejects a report with %s', (_, mutate) => {
    const report = reportOf(snapshot);
    mutate(report);
    expect(validate(report)).toBe(false);
  });
});
