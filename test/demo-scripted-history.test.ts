// Lives in test/: lib/sources must not import the engine, and this checks the scripted steps through it.
// The demo's scripted history, through the same digest and diff the store records: each step is a real change of
// the demo mesh with the PeerAuthentication that caused it.
import { describe, expect, it } from 'vitest';
import { computePosture } from '@/lib/mesh/compute-posture';
import { digestPosture } from '@/lib/mesh/history/posture-digest';
import { diffPostures } from '@/lib/mesh/history/posture-delta';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import { scriptedDemoHistory } from '@/lib/sources/demo/scripted-history';

const NOW = new Date('2026-06-01T12:00:30Z');

describe('scriptedDemoHistory', () => {
  it('three postures 3, 2 and 1 days back whose changes are each caused by one PeerAuthentication', async () => {
    const demo = await loadDemoSnapshot({ now: NOW });
    const steps = scriptedDemoHistory(demo, NOW);
    expect(steps.map((s) => s.at.toISOString())).toEqual(['2026-05-29T12:00:00.000Z', '2026-05-30T12:00:00.000Z', '2026-05-31T12:00:00.000Z']);
    const judged = '2026-06-01T12:00:00Z';
    const digests = [...steps.map((s) => ({ snapshot: s.snapshot, at: s.at.toISOString().replace('.000Z', 'Z') })), { snapshot: demo, at: judged }].map((s) =>
      digestPosture(computePosture(s.snapshot, { now: judged }), s.snapshot, s.at),
    );
    const deltas = digests.slice(1).map((d, i) => diffPostures(digests[i] ?? null, d));
    const causes = deltas.map((d) => [...new Set(d.changes.flatMap((c) => c.causes.map((x) => `${x.kind} ${x.namespace}/${x.name} ${x.change}`)))]);
    expect(causes).toEqual([
      ['PeerAuthentication storefront/default added'],
      ['PeerAuthentication checkout/checkout-webhooks-metrics removed'],
      ['PeerAuthentication checkout/checkout-webhooks-metrics added'],
    ]);
    // Storefront regresses from STRICT when its PERMISSIVE default appears; the checkout exception comes and goes.
    expect(deltas[0]?.changes.length).toBeGreaterThan(0);
    expect(deltas[0]?.changes.every((c) => c.namespace === 'storefront' && c.from === 'STRICT' && c.to === 'PERMISSIVE' && c.regression)).toBe(true);
    expect(deltas[1]?.changes.every((c) => c.namespace === 'checkout' && c.to === 'STRICT')).toBe(true);
    expect(deltas[2]?.changes.map((c) => [c.workload, c.port, c.from, c.to])).toEqual(deltas[1]?.changes.map((c) => [c.workload, c.port, c.to, c.from]));
  });
});
