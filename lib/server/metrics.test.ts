// GET /metrics' exposition: the posture's series with the values of the posture served, and text that promtool
// (Debian's prometheus package, scripts/ensure-prometheus.sh) accepts with its linter.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { historyMesh, relaxedShop } from '@/test/history-fixtures';
import { createPostureMetrics, type MetricsInput } from './metrics';
import { staticPostureState } from './posture-store';

const NOW = new Date('2026-06-01T12:00:00Z');

function input(snapshot = historyMesh(), over: Partial<MetricsInput> = {}): MetricsInput {
  const state = staticPostureState(snapshot, new Date('2026-06-01T11:58:00Z'));
  return {
    model: state.computation.model, computedAt: state.loadedAt, asOf: state.asOf(NOW), stale: false,
    history: { state: 'recording', reason: null, database: '/h', lastRecordedAt: null, pending: false }, now: NOW, ...over,
  };
}

/** The sample lines of one metric, without HELP/TYPE. */
const samples = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

function promtoolCheckMetrics(text: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw new Error(`promtool could not run (${r.error.message}): run 'bash scripts/ensure-prometheus.sh' (Debian's prometheus package)`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('createPostureMetrics', () => {
  it('exposes workloads and ports by namespace and mode, phases, findings and freshness', async () => {
    const metrics = createPostureMetrics({ processMetrics: false });
    const text = await metrics.scrape(input(relaxedShop()));
    expect(samples(text, 'mesh_posture_workloads').filter((l) => l.includes('namespace="shop"'))).toEqual([
      'mesh_posture_workloads{namespace="shop",mode="STRICT"} 0',
      'mesh_posture_workloads{namespace="shop",mode="PERMISSIVE"} 2',
      'mesh_posture_workloads{namespace="shop",mode="DISABLE"} 0',
      'mesh_posture_workloads{namespace="shop",mode="NONE"} 0',
      'mesh_posture_workloads{namespace="shop",mode="UNKNOWN"} 0',
    ]);
    expect(samples(text, 'mesh_posture_ports')).toContain('mesh_posture_ports{namespace="shop",mode="PERMISSIVE"} 2');
    const shopPhase = input(relaxedShop()).model.namespaces.find((n) => n.name === 'shop')?.phase;
    expect(samples(text, 'mesh_posture_namespace_phase')).toContain(`mesh_posture_namespace_phase{namespace="shop"} ${shopPhase}`);
    expect(samples(text, 'mesh_posture_up')).toEqual(['mesh_posture_up 1']);
    expect(samples(text, 'mesh_posture_computed_timestamp_seconds')).toEqual([`mesh_posture_computed_timestamp_seconds ${Date.parse('2026-06-01T11:58:00Z') / 1000}`]);
    expect(samples(text, 'mesh_posture_age_seconds')).toEqual(['mesh_posture_age_seconds 120']);
    expect(samples(text, 'mesh_posture_history_recording')).toEqual([
      'mesh_posture_history_recording{state="recording"} 1',
      'mesh_posture_history_recording{state="not-recording"} 0',
      'mesh_posture_history_recording{state="off"} 0',
    ]);
    const findings = input(relaxedShop()).model.findings;
    expect(samples(text, 'mesh_posture_findings').length).toBe(new Set(findings.map((f) => `${f.code}/${f.severity}`)).size);
  });

  it('without a posture: mesh_posture_up 0 and no posture series', async () => {
    const text = await createPostureMetrics({ processMetrics: false }).scrape(null);
    expect(samples(text, 'mesh_posture_up')).toEqual(['mesh_posture_up 0']);
    expect(samples(text, 'mesh_posture_workloads')).toEqual([]);
  });

  it('escapes a hostile label value (a namespace name from a manifest)', async () => {
    const base = historyMesh();
    const hostile = 'evil"\\\nname';
    const model = input(base).model;
    const text = await createPostureMetrics({ processMetrics: false }).scrape({ ...input(base), model: { ...model, namespaces: [{ ...model.namespaces[0]!, name: hostile }] } });
    expect(samples(text, 'mesh_posture_namespace_phase')[0]).toMatch(/^mesh_posture_namespace_phase\{namespace="evil\\"\\\\\\nname"\} \d$/);
  });

  it('passes promtool check metrics: no problem with our series', async () => {
    const checked = promtoolCheckMetrics(await createPostureMetrics({ processMetrics: false }).scrape(input(relaxedShop())));
    expect(checked).toEqual({ status: 0, output: '' });
  });

  it('with the process metrics: the only remarks of promtool are the names prom-client gives three of its own gauges', async () => {
    const text = await createPostureMetrics().scrape(input(relaxedShop()));
    expect(text).toContain('process_cpu_user_seconds_total');
    const checked = promtoolCheckMetrics(text);
    // prom-client 15 names these gauges *_total; renaming them is prom-client's to do. Anything else fails here.
    expect(checked.output.trim().split('\n').sort()).toEqual([
      'nodejs_active_handles_total non-counter metrics should not have "_total" suffix',
      'nodejs_active_requests_total non-counter metrics should not have "_total" suffix',
      'nodejs_active_resources_total non-counter metrics should not have "_total" suffix',
    ]);
  });
});
