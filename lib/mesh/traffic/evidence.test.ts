// Observed traffic as evidence on the migration board (ARCHITECTURE §3) and in MP106: the namespace is ready for
// STRICT only on evidence. Traffic semantics as in reconcile-traffic.test.ts (istio.io docs/reference/config/metrics).
import { describe, expect, it } from 'vitest';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { aNamespace, aPeerAuthentication, aPod, aService, aSnapshot, NOW } from '@/test/builders';
import { anEdge, aTrafficSnapshot } from '@/test/traffic-builders';
import type { TrafficSnapshot } from '@/lib/snapshot/traffic-types';
import { applyTrafficEvidence, reconcileTrafficWithPosture, STRICT_EVIDENCE_CHECK } from './index';

// pay and quiet are PERMISSIVE with only sidecar pods: MP106 from configuration. locked is STRICT (phase 2).
const mesh = aSnapshot({
  namespaces: [aNamespace('pay', { 'istio-injection': 'enabled' }), aNamespace('quiet', { 'istio-injection': 'enabled' }), aNamespace('locked', { 'istio-injection': 'enabled' })],
  pods: [aPod({ name: 'api', namespace: 'pay', labels: { app: 'api' } }), aPod({ name: 'idle', namespace: 'quiet', labels: { app: 'idle' } }), aPod({ name: 'vault', namespace: 'locked', labels: { app: 'vault' } })],
  services: [aService({ name: 'api', namespace: 'pay' }), aService({ name: 'idle', namespace: 'quiet' }), aService({ name: 'vault', namespace: 'locked' })],
  peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'locked', mode: 'STRICT' })],
});
const computation = computePostureDetailed(mesh, { now: NOW });
const evidenceOf = (t: TrafficSnapshot) => applyTrafficEvidence(computation.model, reconcileTrafficWithPosture(computation, t, { evidenceDays: 7 }));
const itemOf = (model: ReturnType<typeof evidenceOf>, ns: string) => model.namespaces.find((n) => n.name === ns)?.checks.find((c) => c.id === STRICT_EVIDENCE_CHECK);

describe('applyTrafficEvidence', () => {
  it('leaves the model alone without traffic', () => {
    expect(applyTrafficEvidence(computation.model, null)).toBe(computation.model);
  });

  it('puts readiness on evidence on the board of namespaces below phase 2, without moving any phase', () => {
    const model = evidenceOf(aTrafficSnapshot({ edges: [anEdge({ from: 'pay/api', to: 'pay/api' }), anEdge({ from: 'unknown', to: 'locked/vault', securityPolicy: 'none', lastActiveAt: '2026-05-31T00:00:00Z' })] }));
    expect(itemOf(model, 'pay')).toEqual({
      id: 'strict-evidence',
      phase: 2,
      title: 'Observed traffic: only mTLS for the last 7 days (ready for STRICT on evidence)',
      state: 'passed',
      detail: 'ready: only mTLS into api; plaintext-free since 2026-05-18T12:00:00Z',
      objects: [],
    });
    expect(itemOf(model, 'quiet')).toMatchObject({ state: 'unknown', detail: 'no-traffic: nothing observed into any workload: no evidence either way' });
    // Already STRICT (phase 2): the plaintext it receives is a contradiction (MP601), not a board item.
    expect(itemOf(model, 'locked')).toBeUndefined();
    expect(model.namespaces.map((n) => n.phase)).toEqual(computation.model.namespaces.map((n) => n.phase));
  });

  it('fails the item naming the blocked pods when plaintext arrives', () => {
    const model = evidenceOf(aTrafficSnapshot({ edges: [anEdge({ from: 'unknown', to: 'pay/api', securityPolicy: 'none', lastActiveAt: '2026-05-31T09:00:00Z' })] }));
    expect(itemOf(model, 'pay')).toMatchObject({ state: 'failed', detail: 'blocked: plaintext into api from unknown', objects: ['Pod/pay/api'] });
  });

  it('keeps MP106 where the evidence agrees, with "plaintext-free since", and says why where it does not', () => {
    const model = evidenceOf(aTrafficSnapshot({ edges: [anEdge({ from: 'pay/api', to: 'pay/api' })] }));
    const mp106 = new Map(model.findings.filter((f) => f.code === 'MP106').map((f) => [f.namespace, f.message]));
    expect(mp106.get('pay')).toMatch(/: it is ready for STRICT; observed traffic agrees: only mTLS for the last 7 days, plaintext-free since 2026-05-18T12:00:00Z$/);
    expect(mp106.get('quiet')).toMatch(/, but observed traffic does not show it ready for STRICT \(no-traffic: nothing observed into any workload: no evidence either way\)$/);
  });

  it('with Prometheus unreachable, the item is unknown and MP106 says so', () => {
    const model = evidenceOf(aTrafficSnapshot({ status: 'unreachable', reason: 'connect ECONNREFUSED', edges: [] }));
    expect(itemOf(model, 'pay')).toMatchObject({ state: 'unknown', detail: 'unknown: observed traffic is unreachable: connect ECONNREFUSED' });
    expect(model.findings.find((f) => f.code === 'MP106' && f.namespace === 'pay')?.message).toContain('but observed traffic does not show it ready for STRICT (unknown: observed traffic is unreachable');
  });
});
