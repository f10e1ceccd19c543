import { describe, expect, it } from 'vitest';
import { filterReportByNamespace } from './filter-report';
import { syntheticModel } from './render/report-fixtures';

describe('filterReportByNamespace', () => {
  const report = syntheticModel(300, 12);
  const ns = report.namespaces.find((n) => n.coverage.total > 0 && n.coverage.strict < n.coverage.total)?.name ?? '';

  it('keeps only the namespace and recomputes the summary from what it keeps', () => {
    const narrowed = filterReportByNamespace(report, ns);
    expect(narrowed).not.toBeNull();
    if (!narrowed) return;
    const kept = report.namespaces.find((n) => n.name === ns);
    expect(narrowed.namespaces.map((n) => n.name)).toEqual([ns]);
    expect(narrowed.summary.workloads).toEqual(kept?.coverage);
    expect(narrowed.summary.meshPhase).toBe(report.summary.meshPhase);
    for (const rows of [narrowed.plaintext, narrowed.certificates, narrowed.policies, narrowed.blockers.map((b) => ({ namespace: b.namespace }))]) {
      expect(rows.every((r) => r.namespace === ns)).toBe(true);
    }
    expect(narrowed.findings.every((f) => f.namespace === ns)).toBe(true);
    const bySeverity = narrowed.findings.reduce((a, f) => ({ ...a, [f.severity]: a[f.severity] + 1 }), { error: 0, warning: 0, info: 0 });
    expect(narrowed.summary.findingsBySeverity).toEqual(bySeverity);
    expect(narrowed.summary.plaintextWorkloads).toBe(new Set(narrowed.plaintext.filter((p) => p.mode !== 'UNKNOWN').map((p) => p.pod)).size);
    expect(narrowed.cover.gaps.every((g) => !g.what.startsWith('proxy ') || g.what.startsWith(`proxy ${ns}/`))).toBe(true);
    expect(narrowed.cover.title).toBe(`Mesh Posture coverage report: namespace ${ns}`);
  });

  it('returns null for a namespace the mesh does not have', () => {
    expect(filterReportByNamespace(report, 'no-such-namespace')).toBeNull();
  });
});
