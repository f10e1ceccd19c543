// The monitoring files shipped in deploy/ against the real tools and the real /metrics: `promtool check rules` and
// `promtool test rules` (Debian's prometheus package; scripts/ensure-prometheus.sh) on the rules, the
// PrometheusRule holding exactly the same groups, and every series the Grafana dashboard and the rules read being
// one /metrics serves. Lives in test/ because vitest's include globs do not cover deploy/.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createPostureMetrics } from '@/lib/server/metrics';

const PROMETHEUS = path.resolve(__dirname, '..', 'deploy', 'prometheus');
const RULES = path.join(PROMETHEUS, 'mesh-posture-rules.yaml');
const DASHBOARD = path.resolve(__dirname, '..', 'deploy', 'grafana', 'mesh-posture-dashboard.json');

function promtool(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync('promtool', args, { cwd: PROMETHEUS, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw new Error(`promtool could not run (${r.error.message}): run 'bash scripts/ensure-prometheus.sh' (Debian's prometheus package)`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The mesh_posture_* names an expression reads (a selector's metric name, not label names or functions). */
const seriesIn = (expr: string) => [...expr.matchAll(/\b(mesh_posture_[a-z_]+|process_[a-z_]+|nodejs_[a-z_]+)\b/g)].map((m) => m[1] as string);

async function servedNames(): Promise<Set<string>> {
  const text = await createPostureMetrics().scrape(null);
  return new Set(text.split('\n').flatMap((l) => (l.startsWith('# TYPE ') ? [l.split(' ')[2] as string] : [])));
}

describe('deploy/prometheus', () => {
  it('promtool check rules accepts the rules file', () => {
    expect(promtool('check', 'rules', RULES)).toEqual({ status: 0, output: expect.stringContaining('SUCCESS: 6 rules found') });
  });

  it('promtool test rules: each alert fires on a regression, a new error finding, a certificate within 7 days, staleness — and not on a scale-down', () => {
    const r = promtool('test', 'rules', 'mesh-posture-rules.test.yaml');
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('the PrometheusRule holds exactly the groups of the rules file', () => {
    const rules = parse(readFileSync(RULES, 'utf8')) as { groups: unknown };
    const crd = parse(readFileSync(path.join(PROMETHEUS, 'prometheusrule.yaml'), 'utf8')) as { kind: string; spec: { groups: unknown } };
    expect(crd.kind).toBe('PrometheusRule');
    expect(crd.spec.groups).toEqual(rules.groups);
  });

  it('every series the rules read is served by /metrics', async () => {
    const served = await servedNames();
    const rules = parse(readFileSync(RULES, 'utf8')) as { groups: { rules: { expr: string }[] }[] };
    const read = rules.groups.flatMap((g) => g.rules.flatMap((r) => seriesIn(r.expr)));
    expect(read.length).toBeGreaterThan(5);
    expect(read.filter((name) => !served.has(name))).toEqual([]);
  });
});

describe('deploy/grafana', () => {
  it('the dashboard is Grafana JSON whose every query reads series /metrics serves', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { uid: string; panels: { title: string; targets: { expr: string }[] }[] };
    expect(dashboard.uid).toBe('mesh-posture');
    const served = await servedNames();
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs.length).toBeGreaterThanOrEqual(dashboard.panels.length);
    const read = exprs.flatMap(seriesIn);
    expect(new Set(read)).toEqual(new Set([...read].filter((n) => served.has(n))));
    // The series: STRICT share per namespace, findings, phase, certificate expiry, age, process metrics.
    for (const name of ['mesh_posture_ports', 'mesh_posture_workloads', 'mesh_posture_findings', 'mesh_posture_namespace_phase', 'mesh_posture_certificate_expiry_soonest_timestamp_seconds', 'mesh_posture_age_seconds', 'process_resident_memory_bytes']) {
      expect(read).toContain(name);
    }
  });
});
