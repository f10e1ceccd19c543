// The JSON coverage report, schemaVersion 1 (documented in docs/report-schema.md). One plain object built from
// the PostureModel and the snapshot's provenance; it never carries raw objects, secrets or annotations.
import type { PostureModel } from '@/lib/mesh/model';
import type { CollectionIssue, MeshSnapshot, SnapshotKind } from '@/lib/snapshot/types';

export const REPORT_SCHEMA_VERSION = 1;

export interface ReportMeta {
  readonly generatedAt: string;
  readonly toolVersion: string;
}

export function buildJsonReport(model: PostureModel, snapshot: MeshSnapshot, meta: ReportMeta) {
  const incompleteKinds = (Object.entries(snapshot.kinds) as [SnapshotKind, MeshSnapshot['kinds'][SnapshotKind]][])
    .filter(([, k]) => k.status !== 'ok')
    .map(([kind, k]) => ({ kind, status: k.status, reason: k.reason ?? null }));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: meta.generatedAt,
    toolVersion: meta.toolVersion,
    source: model.source,
    now: model.now,
    asOf: Object.fromEntries(Object.entries(snapshot.kinds).map(([kind, k]) => [kind, k.asOf])),
    completeness: {
      complete: incompleteKinds.length === 0 && snapshot.issues.length === 0,
      unknownKinds: incompleteKinds,
      unreadableObjects: snapshot.issues.length,
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
    findings: model.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      objects: f.objects,
      namespace: f.namespace,
      message: f.message,
      why: f.why,
      verify: f.verify,
    })),
    certificates: model.certificates.map((c) => ({
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
    })),
  };
}

export type JsonReport = ReturnType<typeof buildJsonReport>;
