// The demo's recorded traffic against the demo mesh: every recorded destination is a demo workload, and each story of
// demo/traffic.ts shows up as told (readiness, likely senders, contradictions, dry run).
import { describe, expect, it } from 'vitest';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { reconcileTrafficWithPosture } from '@/lib/mesh/traffic';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import { recordedDemoTraffic } from '@/lib/sources/demo/demo-traffic';
import { trafficDays, workloadDataplanes } from '@/lib/mesh/history/traffic-daily';

const NOW = new Date('2026-06-01T12:00:00Z');

describe('recordedDemoTraffic', async () => {
  const snapshot = await loadDemoSnapshot({ now: NOW });
  const computation = computePostureDetailed(snapshot, { now: '2026-06-01T12:00:00Z' });
  const recorded = recordedDemoTraffic(NOW, { windowSeconds: 14 * 86_400, evidenceDays: 7 });
  const traffic = reconcileTrafficWithPosture(computation, recorded, { evidenceDays: 7 });
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

  it('counts each plaintext edge per UTC day of the window, the day a step ends in, so the history keeps daily plaintext', () => {
    const days = trafficDays(recorded, workloadDataplanes(snapshot, computation.model));
    const of = (workload: string) => days.filter((d) => `${d.namespace}/${d.workload}` === workload).map((d) => [d.day, d.plaintextRequests, d.plaintextConnections, d.unclassifiedRequests, d.unclassifiedConnections]);
    // 3 an hour from 30 to 6 hours before 12:00: 18 hours on May 31, 6 on June 1.
    expect(of('checkout/tax-calculator')).toEqual([['2026-05-31', 54, 0, 0, 0], ['2026-06-01', 18, 0, 0, 0]]);
    // 4 an hour from 14 days ago (May 18, 12:00) until 240 hours ago (May 22, 12:00).
    expect(of('ops-tools/backstage')).toEqual([['2026-05-18', 48, 0, 0, 0], ['2026-05-19', 96, 0, 0, 0], ['2026-05-20', 96, 0, 0, 0], ['2026-05-21', 96, 0, 0, 0], ['2026-05-22', 48, 0, 0, 0]]);
    // 40 an hour for the whole window until 2 hours ago: half a day on May 18, 10 hours on June 1.
    const notifications = of('notifications/notification-api');
    expect([notifications.length, notifications[0], notifications[1], notifications.at(-1)]).toEqual([15, ['2026-05-18', 480, 0, 0, 0], ['2026-05-19', 960, 0, 0, 0], ['2026-06-01', 400, 0, 0, 0]]);
    // The days add up to the window's totals, edge by edge.
    for (const edge of recorded.edges.filter((e) => e.securityPolicy !== 'mutual_tls')) {
      expect({ to: edge.destinationWorkload, total: (edge.nonMtlsByDay ?? []).reduce((sum, d) => sum + d.count, 0) }).toEqual({ to: edge.destinationWorkload, total: edge.total });
    }
    expect(recorded.edges.filter((e) => e.securityPolicy === 'mutual_tls' && e.nonMtlsByDay !== undefined)).toEqual([]);
  });
});
