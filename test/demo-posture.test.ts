// The embedded demo mesh, through the real source and engine: every migration phase and every finding code is
// present, as designed in demo/README.md and listed in demo/expectations.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EXPECTED } from '@/demo/expectations';
import { computePosture } from '@/lib/mesh/compute-posture';
import { FINDING_SPECS } from '@/lib/mesh/findings/catalogue';
import type { PostureModel } from '@/lib/mesh/model';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import type { MeshSnapshot } from '@/lib/snapshot/types';

const NOW = new Date('2026-11-26T12:00:00Z');
let snapshot: MeshSnapshot;
let model: PostureModel;

beforeAll(async () => {
  snapshot = await loadDemoSnapshot({ now: NOW });
  model = computePosture(snapshot, { now: NOW.toISOString() });
});

describe('embedded demo mesh', () => {
  it('loads without a single collection issue and with every kind read', () => {
    expect(snapshot.issues).toEqual([]);
    expect(Object.entries(snapshot.kinds).filter(([, k]) => k.status !== 'ok')).toEqual([]);
  });

  it('is the size the product promises: 12–20 namespaces and about 150 pods', () => {
    expect(snapshot.namespaces.length).toBeGreaterThanOrEqual(12);
    expect(snapshot.namespaces.length).toBeLessThanOrEqual(20);
    expect(snapshot.pods.length).toBeGreaterThanOrEqual(140);
    expect(snapshot.pods.length).toBeLessThanOrEqual(160);
  });

  it('places every namespace in its designed phase, covering phases 0–4', () => {
    const phases = Object.fromEntries(model.namespaces.filter((ns) => ns.name in DEMO_EXPECTED.phases).map((ns) => [ns.name, ns.phase]));
    expect(phases).toEqual(DEMO_EXPECTED.phases);
    expect(new Set(Object.values(phases))).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('has sidecar, ambient and no-dataplane workloads', () => {
    expect(new Set(model.workloads.map((w) => w.dataplane))).toEqual(new Set(['sidecar', 'ambient', 'none']));
  });

  it.each(FINDING_SPECS.map((s) => s.code))('fires %s on the objects planted for it', (code) => {
    const named = new Set(model.findings.filter((f) => f.code === code).flatMap((f) => f.objects));
    const expected = (DEMO_EXPECTED.findings as Record<string, readonly string[]>)[code] ?? [];
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.filter((id) => !named.has(id))).toEqual([]);
  });

  it('judges certificates: one expired and one expiring workload certificate, and some unknown', () => {
    const byStatus = (s: string) => model.certificates.filter((c) => c.status === s).length;
    expect({ expired: byStatus('expired') >= 1, expiring: byStatus('expiring') >= 1, unknown: byStatus('unknown') >= 1 }).toEqual({ expired: true, expiring: true, unknown: true });
  });
});
