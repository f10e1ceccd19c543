// The observed-traffic bars of `check`, on the pure evaluator: --require-ready and --fail-on with MP6xx codes.
// (End to end against a real Prometheus: test/prometheus/traffic-report.test.ts.)
import { describe, expect, it } from 'vitest';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { reconcileTrafficWithPosture } from '@/lib/mesh/traffic';
import { buildReportModel } from '@/lib/report/report-model';
import { aNamespace, aPeerAuthentication, aPod, aService, aSnapshot, NOW } from '@/test/builders';
import { anEdge, aTrafficSnapshot } from '@/test/traffic-builders';
import { evaluateBars } from './check';

const mesh = aSnapshot({
  namespaces: [aNamespace('pay'), aNamespace('vault')],
  pods: [aPod({ name: 'api', namespace: 'pay', labels: { app: 'api' } }), aPod({ name: 'kv', namespace: 'vault', labels: { app: 'kv' } })],
  services: [aService({ name: 'api', namespace: 'pay' }), aService({ name: 'kv', namespace: 'vault' })],
  peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'vault', mode: 'STRICT' })],
});
const computation = computePostureDetailed(mesh, { now: NOW });
const model = buildReportModel(computation, { generatedAt: NOW, toolVersion: '0.0.0-test' });
const traffic = reconcileTrafficWithPosture(
  computation,
  aTrafficSnapshot({ edges: [anEdge({ from: 'pay/api', to: 'vault/kv' }), anEdge({ from: 'unknown', to: 'vault/kv', securityPolicy: 'none', lastActiveAt: '2026-05-31T10:00:00Z' }), anEdge({ from: 'vault/kv', to: 'pay/api' })] }),
  { evidenceDays: 7 },
);

describe('check bars on observed traffic', () => {
  it('--require-ready passes a ready namespace and fails the others, naming senders and the last time', () => {
    expect(evaluateBars(model, { requireReady: ['pay', 'vault', 'ghost'] }, traffic)).toEqual([
      {
        bar: '--require-ready pay,vault,ghost',
        passed: false,
        measured: '1 of 3 namespaces ready for STRICT on 7 days of evidence (traffic ok)',
        failures: ['vault is blocked: plaintext into kv from unknown', '  vault/kv ← unknown, last plaintext at 2026-05-31T10:00:00Z', 'ghost: not a namespace of the source'],
      },
    ]);
  });

  it('--fail-on takes the MP6xx contradiction codes', () => {
    const [bar] = evaluateBars(model, { failOnCodes: ['MP601'] }, traffic);
    expect(bar).toMatchObject({ passed: false, measured: '1 finding with this code' });
    expect(bar?.failures[0]).toMatch(/^warning MP601  vault\/kv is STRICT \(vault\/default\), but its proxy reported plaintext from unknown$/);
  });

  it('--require-ready without traffic fails: nothing is ready without evidence', () => {
    expect(evaluateBars(model, { requireReady: ['pay'] }, null)[0]).toMatchObject({ passed: false, failures: ['pay: no observed traffic was read'] });
  });
});
