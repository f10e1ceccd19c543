// The JSON report's `traffic` section against the published schema (docs/report.schema.json, $defs/traffic) with a
// real JSON Schema validator: every field the reconciliation can produce, and the enums tools rely on.
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { reconcileTrafficWithPosture } from '@/lib/mesh/traffic';
import schema from '@/docs/report.schema.json';
import { aNamespace, aPeerAuthentication, aPod, aService, aSnapshot, NOW } from '@/test/builders';
import { anEdge, aTrafficSnapshot } from '@/test/traffic-builders';
import { buildJsonReport } from './json-report';
import { buildReportModel } from './report-model';

const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

const snapshot = aSnapshot({
  namespaces: [aNamespace('shop', { 'istio-injection': 'enabled' })],
  pods: [aPod({ name: 'web', namespace: 'shop', labels: { app: 'web' } }), aPod({ name: 'cart', namespace: 'shop', labels: { app: 'cart' } }), aPod({ name: 'cron', namespace: 'shop', dataplane: 'none' })],
  services: [aService({ name: 'web', namespace: 'shop' }), aService({ name: 'cart', namespace: 'shop' })],
  peerAuthentications: [aPeerAuthentication({ name: 'cart', namespace: 'shop', selector: { app: 'cart' }, mode: 'STRICT' })],
});

function reportWithTraffic() {
  const computation = computePostureDetailed(snapshot, { now: NOW });
  const traffic = reconcileTrafficWithPosture(
    computation,
    aTrafficSnapshot({
      edges: [
        anEdge({ from: 'shop/web', to: 'shop/cart', destinationPort: '8080' }),
        anEdge({ from: 'unknown', to: 'shop/cart', securityPolicy: 'none', firstActiveAt: '2026-05-30T00:00:00Z', lastActiveAt: '2026-05-31T00:00:00Z' }),
        anEdge({ from: 'unknown', to: 'shop/web', metric: 'bytes-received', securityPolicy: 'none', lastActiveAt: '2026-05-20T00:00:00Z', evidenceTotal: 0 }),
      ],
      dryRun: [{ namespace: 'shop', pod: 'web', action: 'deny', result: 'denied', count: 3 }],
    }),
    { evidenceDays: 7 },
  );
  const model = buildReportModel(computation, { generatedAt: NOW, toolVersion: '0.0.0-test' });
  return JSON.parse(JSON.stringify(buildJsonReport(model, computation.model, snapshot, traffic))) as Record<string, unknown> & { traffic: Record<string, unknown> & { workloads: Record<string, unknown>[]; contradictions: Record<string, unknown>[] } };
}

describe('the traffic section and the report schema', () => {
  it('accepts a report with observed traffic: readiness, senders, likely senders, ports, suggestion, contradictions, dry run', () => {
    const report = reportWithTraffic();
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    const cart = report.traffic.workloads.find((w) => w['workload'] === 'cart');
    expect(cart).toMatchObject({ strictReadiness: 'blocked', plaintextSources: ['unknown'], likelySources: [{ workload: 'shop/cron', inferred: true }] });
    expect(cart?.['suggestion']).toMatchObject({ principals: ['cluster.local/ns/shop/sa/web'] });
    expect(report.traffic.contradictions.map((c) => c['code'])).toEqual(['MP601']);
  });

  it.each([
    ['a readiness outside the four states', (r: ReturnType<typeof reportWithTraffic>) => (r.traffic.workloads[0]!['strictReadiness'] = 'probably')],
    ['a likely sender not marked inferred', (r: ReturnType<typeof reportWithTraffic>) => (r.traffic.workloads.find((w) => w['workload'] === 'cart')!['likelySources'] = [{ workload: 'shop/cron', reason: 'x', inferred: false }])],
    ['a contradiction code outside MP6xx', (r: ReturnType<typeof reportWithTraffic>) => (r.traffic.contradictions[0]!['code'] = 'MP105')],
    ['a status outside the enum', (r: ReturnType<typeof reportWithTraffic>) => (r.traffic['status'] = 'fine')],
  ])('rejects %s', (_, mutate) => {
    const report = reportWithTraffic();
    mutate(report);
    expect(validate(report)).toBe(false);
  });
});
