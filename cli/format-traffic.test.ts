// The observed-traffic summary of `report --format table`: readiness per namespace, who blocks it, contradictions;
// escape sequences from Prometheus labels never reach the terminal.
import { describe, expect, it } from 'vitest';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { reconcileTrafficWithPosture } from '@/lib/mesh/traffic';
import { aNamespace, aPod, aService, aSnapshot, NOW } from '@/test/builders';
import { anEdge, aTrafficSnapshot } from '@/test/traffic-builders';
import { formatTrafficSummary } from './format-traffic';

const computation = computePostureDetailed(
  aSnapshot({
    namespaces: [aNamespace('pay'), aNamespace('shop')],
    pods: [aPod({ name: 'api', namespace: 'pay', labels: { app: 'api' } }), aPod({ name: 'web', namespace: 'shop', labels: { app: 'web' } }), aPod({ name: 'cron', namespace: 'shop', dataplane: 'none' })],
    services: [aService({ name: 'api', namespace: 'pay' }), aService({ name: 'web', namespace: 'shop' })],
  }),
  { now: NOW },
);

describe('formatTrafficSummary', () => {
  it('prints readiness per namespace, the blocked workloads with senders and inferred likely senders', () => {
    const t = reconcileTrafficWithPosture(
      computation,
      aTrafficSnapshot({ edges: [anEdge({ from: 'shop/web', to: 'pay/api' }), anEdge({ from: 'unknown', to: 'shop/web', securityPolicy: 'none', lastActiveAt: '2026-05-31T09:00:00Z' }), anEdge({ from: 'evil\u001b[2J/x', to: 'shop/web', securityPolicy: 'none', lastActiveAt: '2026-05-30T00:00:00Z' })] }),
      { evidenceDays: 7 },
    );
    const text = formatTrafficSummary(t);
    expect(text).not.toContain('\u001b');
    expect(text.split('\n')).toEqual([
      '',
      'Observed traffic 2026-05-18T12:00:00Z to 2026-06-01T12:00:00Z (evidence: the last 7 days): ok',
      '  pay                      ready      only mTLS into api, plaintext-free since 2026-05-18T12:00:00Z',
      '  shop                     blocked    plaintext into web from evil?[2J/x, unknown',
      '',
      'Blocked by plaintext (sender: last seen):',
      '  shop/web ← evil?[2J/x, unknown, last at 2026-05-31T09:00:00Z (unknown is likely shop/cron: inferred from configuration)',
      '',
    ]);
  });
});
