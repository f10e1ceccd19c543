// The JSON coverage report, schemaVersion 1 (documented in docs/report-schema.md). One plain object built from the
// ReportModel (the sections every format renders) plus the engine's per-workload detail and the snapshot's
// provenance; it never carries raw objects, secrets, managedFields or annotations. Fields are only ever added
// within version 1: the first block below is the original report, the second the report sections.
import type { PostureModel } from '@/lib/mesh/model';
import { isIncompleteness, type CollectionIssue, type MeshSnapshot, type SnapshotKind } from '@/lib/snapshot/types';
import type { TrafficModel } from '@/lib/mesh/traffic';
import type { ReportModel } from './report-model';
import { buildTrafficJson } from './traffic-json';

export const REPORT_SCHEMA_VERSION = 1;

export function buildJsonReport(report: ReportModel, model: PostureModel, snapshot: MeshSnapshot, traffic: TrafficModel | null = null) {
  const incompleteKinds = (Object.entries(snapshot.kinds) as [SnapshotKind, MeshSnapshot['kinds'][SnapshotKind]][])
    .filter(([, k]) => k.status !== 'ok')
    .map(([kind, k]) => ({ kind, status: k.status, reason: k.reason ?? null }));
  const unreadable = snapshot.issues.filter(isIncompleteness).length;
  const locationsOf = new Map(report.findings.map((f) => [f, f.locations]));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: report.cover.generatedAt,
    toolVersion: report.cover.toolVersion,
    source: report.cover.source,
    now: report.cover.now,
    asOf: report.cover.asOf,
    completeness: {
      complete: incompleteKinds.length === 0 && unreadable === 0,
      unknownKinds: incompleteKinds,
      unreadableObjects: unreadable,
      // Info-level notes (kinds the engine does not read, mesh config fields Istio discards): listed, not gaps.
      skipped: snapshot.issues.length - unreadable,
    },
    mesh: {
      phase: model.mesh.phase,
      rootNamespace: model.mesh.rootNamespace,
      trustDomain: model.mesh.trustDomain,
      coverage: model.mesh.coverage,
      portCoverage: model.mesh.portCoverage,
      checks: model.mesh.checks,
    },
    namespaces: model.namespaces.map((ns) => ({
      name: ns.name,
      coverage: ns.coverage,
      portCoverage: ns.portCoverage,
      phase: ns.phase,
      namespaceMode: ns.namespaceMode,
      dataplane: ns.dataplaneMode,
      checks: ns.checks,
    })),
    workloads: model.workloads.map((w) => ({
      namespace: w.namespace,
      pod: w.pod,
      serviceAccount: w.serviceAccount,
      spiffeId: w.spiffeId,
      dataplane: w.dataplane,
      gateway: w.isGateway,
      predictedFrom: w.predictedFrom,
      mtls: {
        mode: w.mtls.mode,
        ports: w.mtls.ports,
        policy: w.mtls.policy,
        ...(w.mtls.unknownReason ? { unknownReason: w.mtls.unknownReason } : {}),
      },
      authorization: { coverage: w.authz.coverage, policies: w.authz.policies.map((p) => p.policy) },
      certificate: w.certificate
        ? { status: w.certificate.status, serial: w.certificate.serial, notAfter: w.certificate.notAfter, origin: w.certificate.origin }
        : null,
    })),
    findings: report.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      objects: f.objects,
      namespace: f.namespace,
      message: f.message,
      why: f.why,
      verify: f.verify,
      locations: (locationsOf.get(f) ?? []).map((l) => ({ object: l.object, file: l.file, line: l.line ?? null })),
    })),
    certificates: report.certificates.map((c) => ({
      namespace: c.namespace,
      pod: c.pod,
      status: c.status,
      spiffeId: c.spiffeId,
      serial: c.serial,
      notBefore: c.notBefore,
      notAfter: c.notAfter,
      remainingSeconds: c.remainingSeconds,
      origin: c.origin,
      asOf: c.asOf,
    })),
    issues: snapshot.issues.map((i: CollectionIssue) => ({
      object: i.object ?? null,
      kind: i.kind ?? null,
      file: i.file ?? null,
      line: i.line ?? null,
      reason: i.reason,
      level: i.level ?? 'warning',
    })),
    // Report sections (added within schemaVersion 1).
    context: report.cover.context,
    gaps: report.cover.gaps.map((g) => ({ what: g.what, status: g.status, reason: g.reason })),
    summary: report.summary,
    plaintext: report.plaintext.map((p) => ({ namespace: p.namespace, pod: p.pod, port: p.port, mode: p.mode, why: p.why })),
    blockers: report.blockers.map((b) => ({ namespace: b.namespace, phase: b.phase, blocking: b.blocking })),
    roots: report.roots.map((r) => ({
      namespace: r.namespace,
      configmap: r.configmap,
      serial: r.serial,
      subject: r.subject,
      notBefore: r.notBefore,
      notAfter: r.notAfter,
      remainingSeconds: r.remainingSeconds,
      status: r.status,
      expiringWithin30Days: r.expiringWithin30Days,
    })),
    policies: report.policies.map((p) => ({
      kind: p.kind,
      namespace: p.namespace,
      name: p.name,
      summary: p.summary,
      location: p.location ? { file: p.location.file, line: p.location.line ?? null } : null,
    })),
    changes: report.changes,
    // Observed traffic (added within schemaVersion 1): only when a Prometheus was configured.
    ...(traffic ? { traffic: buildTrafficJson(traffic) } : {}),
    // Posture history (added within schemaVersion 1): only with --db.
    ...(report.history ? { history: report.history } : {}),
  };
}

export type JsonReport = ReturnType<typeof buildJsonReport>;
