// The demo's recorded traffic against the demo mesh: every recorded destination is a demo workload, and each story of
// demo/traffic.ts shows up as told (readiness, likely senders, contradictions, dry run).
import { describe, expect, it } from 'vitest';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { reconcileTrafficWithPosture } from '@/lib/mesh/traffic';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import { recordedDemoTraffic } from '@/lib/sources/demo/demo-traffic';

const NOW = new Date('2026-06-01T12:00:00Z');

describe('recordedDemoTraffic', async () => {
  const computation = computePostureDetailed(await loadDemoSnapshot({ now: NOW }), { now: '2026-06-01T12:00:00Z' });
  const traffic = reconcileTrafficWithPosture(computation, recordedDemoTraffic(NOW, { windowSeconds: 14 * 86_400, evidenceDays: 7 }), { evidenceDays: 7 });
  const ns = new Map(traffic.namespaces.map((n) => [n.namespace, n]));
  const wl = new Map(traffic.workloads.map((w) => [`${w.namespace}/${w.workload}`, w]));

  it('names only workloads of the demo mesh', () => {
    expect(traffic.unmatchedDestinations).toEqual([]);
  });

  it('tells each namespace story', () => {
    expect(['storefront', 'notifications', 'recommendations', 'ops-tools', 'payments'].map((n) => [n, ns.get(n)?.strictReadiness, ns.get(n)?.plaintextFreeSince])).toEqual([
      ['storefront', 'ready', '2026-05-18T12:00:00Z'],
      ['notifications', 'blocked', '2026-06-01T10:00:00Z'],
      ['recommendations', 'blocked', '2026-06-01T11:00:00Z'],
      ['ops-tools', 'ready', '2026-05-22T12:00:00Z'],
      ['payments', 'ready', '2026-05-18T12:00:00Z'],
    ]);
  });

  it('names the likely senders of the unknown plaintext, inferred from configuration', () => {
    expect(wl.get('notifications/notification-api')?.likelySources.map((s) => s.workload)).toEqual(['legacy-batch/batch-scheduler']);
    expect(wl.get('recommendations/feature-store')?.likelySources.map((s) => s.workload)).toEqual(['analytics/jupyter-hub']);
  });

  it('raises the contradiction of the DestinationRule DISABLE to a STRICT server, and counts the dry run', () => {
    expect(traffic.contradictions.map((c) => [c.code, `${c.namespace}/${c.workload}`])).toEqual([
      ['MP601', 'checkout/tax-calculator'],
    ]);
    expect(traffic.dryRun).toEqual([{ namespace: 'orders', workload: 'orders-api', action: 'allow', policies: expect.any(Array) as unknown, wouldDeny: 12, wouldAllow: 4810 }]);
  });
});
