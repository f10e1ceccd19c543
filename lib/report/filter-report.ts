// A report narrowed to one namespace (the dashboard's namespace filter applied to an export). Pure. The mesh phase
// stays the mesh's (a namespace does not change it); every count in the summary is recomputed from what is kept;
// completeness gaps about whole kinds are kept (they affect every namespace), per-proxy ones only for this namespace.
import type { PostureModel, Severity } from '@/lib/mesh/model';
import type { TrafficModel } from '@/lib/mesh/traffic';
import type { BaselineChanges } from './baseline-changes';
import { certificateCounts, sharePercent as percent, type ReportModel } from './report-model';

function changesIn(changes: BaselineChanges | null, ns: string): BaselineChanges | null {
  if (!changes) return null;
  const inNs = <T extends { readonly namespace: string }>(rows: readonly T[]) => rows.filter((r) => r.namespace === ns);
  const findingIn = <T extends { readonly objects: readonly string[] }>(rows: readonly T[]) => rows.filter((f) => f.objects.some((o) => o.split('/')[1] === ns));
  return {
    baseline: changes.baseline,
    newPlaintextPorts: inNs(changes.newPlaintextPorts),
    closedPlaintextPorts: inNs(changes.closedPlaintextPorts),
    phaseRegressions: inNs(changes.phaseRegressions),
    phaseAdvances: inNs(changes.phaseAdvances),
    newFindings: findingIn(changes.newFindings),
    resolvedFindings: findingIn(changes.resolvedFindings),
    renewedCertificates: inNs(changes.renewedCertificates),
  };
}

/** The report for namespace `ns`, or null when the mesh has no such namespace. */
export function filterReportByNamespace(report: ReportModel, ns: string): ReportModel | null {
  const namespace = report.namespaces.find((n) => n.name === ns);
  if (!namespace) return null;
  const plaintext = report.plaintext.filter((p) => p.namespace === ns);
  const findings = report.findings.filter((f) => f.namespace === ns);
  const certificates = report.certificates.filter((c) => c.namespace === ns);
  const roots = report.roots.filter((r) => r.namespace === ns);
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) bySeverity[f.severity] += 1;
  const workloads = namespace.coverage;
  const ports = namespace.portCoverage;
  const gaps = report.cover.gaps.filter((g) => !g.what.startsWith('proxy ') || g.what.startsWith(`proxy ${ns}/`));
  return {
    cover: { ...report.cover, title: `${report.cover.title}: namespace ${ns}`, gaps, complete: gaps.length === 0 },
    summary: {
      meshPhase: report.summary.meshPhase,
      workloads,
      ports,
      workloadStrictPercent: percent(workloads.strict, workloads.total),
      portStrictPercent: percent(ports.strict, ports.total),
      plaintextWorkloads: new Set(plaintext.filter((p) => p.mode !== 'UNKNOWN').map((p) => p.pod)).size,
      findingsBySeverity: bySeverity,
      certificates: certificateCounts(certificates, roots),
    },
    namespaces: [namespace],
    plaintext,
    blockers: report.blockers.filter((b) => b.namespace === ns),
    findings,
    certificates,
    roots,
    policies: report.policies.filter((p) => p.namespace === ns),
    changes: changesIn(report.changes, ns),
    ...(report.traffic !== undefined ? { traffic: report.traffic && filterTrafficByNamespace(report.traffic, ns) } : {}),
  };
}

/** Observed traffic into namespace `ns` (its senders may be anywhere); window, status and counters kept. */
export function filterTrafficByNamespace(t: TrafficModel, ns: string): TrafficModel {
  return {
    ...t,
    workloads: t.workloads.filter((w) => w.namespace === ns),
    namespaces: t.namespaces.filter((n) => n.namespace === ns),
    contradictions: t.contradictions.filter((c) => c.namespace === ns),
    dryRun: t.dryRun && t.dryRun.filter((d) => d.namespace === ns),
    unmatchedDestinations: t.unmatchedDestinations.filter((d) => d.startsWith(`${ns}/`)),
  };
}

/** The engine's model narrowed the same way, for formats that read it beside the report (JSON, CSV). */
export function filterPostureByNamespace(model: PostureModel, ns: string): PostureModel {
  return {
    ...model,
    namespaces: model.namespaces.filter((n) => n.name === ns),
    workloads: model.workloads.filter((w) => w.namespace === ns),
    findings: model.findings.filter((f) => f.namespace === ns),
    certificates: model.certificates.filter((c) => c.namespace === ns),
  };
}
