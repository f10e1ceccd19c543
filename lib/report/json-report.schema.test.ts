// The JSON report against its published schema (docs/report.schema.json), with a real JSON Schema validator: the
// schema is the contract auditors' tooling codes against, so a report that drifts from it must fail here.
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { computePosture } from '@/lib/mesh/compute-posture';
import { aNamespace, anAuthorizationPolicy, aPeerAuthentication, aPod, aProxyCertificates, aService, aSnapshot, NOW } from '@/test/builders';
import schema from '@/docs/report.schema.json';
import { buildJsonReport } from './json-report';

// Formats (date-time) are documented, not enforced: ajv-formats is not a dependency.
const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

function reportOf(snapshot: ReturnType<typeof aSnapshot>) {
  const report = buildJsonReport(computePosture(snapshot, { now: NOW }), snapshot, { generatedAt: NOW, toolVersion: '0.0.0-test' });
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

  it('accepts the report of an empty mesh', () => {
    expect(validate(reportOf(aSnapshot()))).toBe(true);
  });

  it.each([
    ['a dataplane outside sidecar|ambient|none', (r: ReturnType<typeof reportOf>) => (r.workloads[0]!['dataplane'] = 'istio')],
    ['an mTLS mode outside the enum', (r: ReturnType<typeof reportOf>) => ((r.workloads[0]!['mtls'] as Record<string, unknown>)['mode'] = 'MUTUAL')],
    ['a port key that is not a port number', (r: ReturnType<typeof reportOf>) => ((r.workloads[0]!['mtls'] as Record<string, unknown>)['ports'] = { http: 'STRICT' })],
    ['a phase outside 0..4', (r: ReturnType<typeof reportOf>) => ((r['mesh'] as Record<string, unknown>)['phase'] = 5)],
    ['an unknown top-level field', (r: ReturnType<typeof reportOf>) => (r['extra'] = true)],
  ])('rejects a report with %s', (_, mutate) => {
    const report = reportOf(snapshot);
    mutate(report);
    expect(validate(report)).toBe(false);
  });
});
