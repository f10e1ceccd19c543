// The coverage report as one model, rendered by every format (JSON, Markdown, CSV, SARIF, HTML, PDF): a cover with
// provenance and completeness, an executive summary, coverage per namespace, every port accepting plaintext and
// why, migration blockers, findings, certificates and the policies in force. Pure: built from the engine's output.
import type { PostureComputation } from '@/lib/mesh/compute-posture';
import { assessRootCertificates, type RootCertPosture } from '@/lib/mesh/certs/assess-root-certificates';
import { acceptsPlaintext } from '@/lib/mesh/coverage';
import type { CertificatePosture, CoverageCounts, EffectiveMode, Finding, PhaseCheck, Severity } from '@/lib/mesh/model';
import { isIncompleteness, objectId, workloadObjectId, type KindStatus, type MeshSnapshot, type SnapshotKind, type SourceLocation } from '@/lib/snapshot/types';
import type { TrafficModel } from '@/lib/mesh/traffic';
import type { ReportHistory } from './history-trend';
import type { BaselineChanges } from './baseline-changes';
import { plaintextExposure } from './plaintext-exposure';

export interface ReportMeta {
  readonly generatedAt: string;
  readonly toolVersion: string;
  /** kubeconfig context, for a cluster source. */
  readonly context?: string | null;
  /** What changed since a baseline report, when one was given. */
  readonly changes?: BaselineChanges | null;
}

export interface CompletenessGap {
  readonly what: string;
  readonly status: KindStatus | 'unreadable' | 'unreached';
  readonly reason: string;
}

export interface PlaintextPort {
  readonly namespace: string;
  readonly pod: string;
  /** Container port; null when the workload declares no port (the workload-level mode then applies to all). */
  readonly port: number | null;
  readonly mode: Exclude<EffectiveMode, 'STRICT'>;
  readonly why: string;
}

export interface NamespaceBlockers {
  readonly namespace: string;
  readonly phase: number;
  /** The checklist items of the next phase (and earlier ones) that did not pass. */
  readonly blocking: readonly PhaseCheck[];
}

export interface LocatedFinding extends Finding {
  /** Where the finding's objects are defined, when the source is manifest files. */
  readonly locations: readonly (SourceLocation & { readonly object: string })[];
}

export interface PolicyInForce {
  readonly kind: 'PeerAuthentication' | 'AuthorizationPolicy' | 'RequestAuthentication' | 'DestinationRule' | 'EnvoyFilter' | 'Telemetry';
  readonly namespace: string;
  readonly name: string;
  readonly summary: string;
  readonly location?: SourceLocation;
}

export interface ReportSummary {
  readonly meshPhase: number;
  readonly workloads: CoverageCounts;
  readonly ports: CoverageCounts;
  /** Percent of workloads / ports enforcing mTLS (STRICT), one decimal; null when there are none. */
  readonly workloadStrictPercent: number | null;
  readonly portStrictPercent: number | null;
  /** Workloads with at least one port that accepts plaintext (PERMISSIVE, DISABLE or no dataplane). */
  readonly plaintextWorkloads: number;
  readonly findingsBySeverity: Readonly<Record<Severity, number>>;
  /**
   * Certificates that will expire within 7 / 30 days unless someone acts: workload certificates already past
   * Istio's rotation point (a healthy 24h certificate always "expires within 7 days" and is not counted), and roots
   * of trust. Expired and unknown ones are counted apart.
   */
  readonly certificates: { readonly expired: number; readonly within7Days: number; readonly within30Days: number; readonly unknown: number };
}

export interface ReportModel {
  readonly cover: {
    readonly title: string;
    readonly source: string;
    readonly context: string | null;
    readonly generatedAt: string;
    /** The instant verdicts were computed for. */
    readonly now: string;
    readonly toolVersion: string;
    readonly asOf: Readonly<Record<SnapshotKind, string | null>>;
    readonly complete: boolean;
    readonly gaps: readonly CompletenessGap[];
  };
  readonly summary: ReportSummary;
  readonly namespaces: readonly { readonly name: string; readonly phase: number; readonly dataplane: string; readonly coverage: CoverageCounts; readonly portCoverage: CoverageCounts }[];
  readonly plaintext: readonly PlaintextPort[];
  readonly blockers: readonly NamespaceBlockers[];
  readonly findings: readonly LocatedFinding[];
  readonly certificates: readonly CertificatePosture[];
  readonly roots: readonly RootCertPosture[];
  readonly policies: readonly PolicyInForce[];
  readonly changes: BaselineChanges | null;
  /** Observed traffic, when a Prometheus was read (the Markdown report renders it; JSON has its own section). */
  readonly traffic?: TrafficModel | null;
  /** The STRICT share trend and the changes since --since, when a history database was given (--db). */
  readonly history?: ReportHistory | null;
}

const DAY = 86_400;

/** A share as a percentage with one decimal; null when there is nothing to share. */
export function sharePercent(part: number, total: number): number | null {
  return total === 0 ? null : Math.round((1000 * part) / total) / 10;
}

function gaps(snapshot: MeshSnapshot, certificates: readonly CertificatePosture[]): CompletenessGap[] {
  const out: CompletenessGap[] = [];
  for (const [kind, k] of Object.entries(snapshot.kinds)) {
    if (k.status !== 'ok') out.push({ what: kind, status: k.status, reason: k.reason ?? k.status });
  }
  for (const issue of snapshot.issues) {
    if (!isIncompleteness(issue)) continue; // a knowingly skipped kind or field is no gap
    const where = issue.file ? `${issue.file}${issue.line ? `:${issue.line}` : ''}` : '';
    out.push({ what: issue.object ?? (where || issue.kind || 'object'), status: 'unreadable', reason: where && issue.object ? `${where}: ${issue.reason}` : issue.reason });
  }
  for (const c of certificates) {
    if (c.status === 'unknown') out.push({ what: `proxy ${c.namespace}/${c.pod}`, status: 'unreached', reason: c.notes[0] ?? 'certificate state unknown' });
  }
  return out;
}

function locationIndex(snapshot: MeshSnapshot): Map<string, SourceLocation> {
  const out = new Map<string, SourceLocation>();
  const add = (kind: string, items: readonly { readonly meta: { readonly name: string; readonly namespace: string; readonly location?: SourceLocation } }[]) => {
    for (const item of items) if (item.meta.location) out.set(objectId(kind, item.meta), item.meta.location);
  };
  add('Namespace', snapshot.namespaces);
  for (const pod of snapshot.pods) if (pod.meta.location) out.set(workloadObjectId(pod), pod.meta.location);
  add('Service', snapshot.services);
  add('PeerAuthentication', snapshot.peerAuthentications);
  add('AuthorizationPolicy', snapshot.authorizationPolicies);
  add('RequestAuthentication', snapshot.requestAuthentications);
  add('DestinationRule', snapshot.destinationRules);
  add('EnvoyFilter', snapshot.envoyFilters);
  add('Telemetry', snapshot.telemetries);
  if (snapshot.meshConfig.from?.location) out.set(`ConfigMap/${snapshot.meshConfig.from.namespace}/${snapshot.meshConfig.from.name}`, snapshot.meshConfig.from.location);
  return out;
}

/** Every policy object of the snapshot with what it does in one line (the report and the namespace view list them). */
export function policiesInForce(snapshot: MeshSnapshot): PolicyInForce[] {
  const loc = (m: { readonly location?: SourceLocation }) => (m.location ? { location: m.location } : {});
  const selector = (s: Readonly<Record<string, string>> | null) => (s ? ` selecting ${Object.entries(s).map(([k, v]) => `${k}=${v}`).join(',')}` : '');
  return [
    ...snapshot.peerAuthentications.map((p): PolicyInForce => ({
      kind: 'PeerAuthentication', namespace: p.meta.namespace, name: p.meta.name, ...loc(p.meta),
      summary: `mode ${p.mode}${selector(p.selector)}${p.portLevelMtls ? `; ports ${Object.entries(p.portLevelMtls).map(([port, m]) => `${port}=${m}`).join(', ')}` : ''}`,
    })),
    ...snapshot.authorizationPolicies.map((p): PolicyInForce => ({
      kind: 'AuthorizationPolicy', namespace: p.meta.namespace, name: p.meta.name, ...loc(p.meta),
      summary: `${p.action}${p.provider ? ` (${p.provider})` : ''}${p.dryRun ? ' dry-run' : ''}${selector(p.selector)}; ${p.rules === null ? 'no rules' : `${p.rules.length} rule${p.rules.length === 1 ? '' : 's'}`}`,
    })),
    ...snapshot.requestAuthentications.map((p): PolicyInForce => ({
      kind: 'RequestAuthentication', namespace: p.meta.namespace, name: p.meta.name, ...loc(p.meta),
      summary: `issuers ${p.jwtRules.map((r) => r.issuer).join(', ') || '(none)'}${selector(p.selector)}`,
    })),
    ...snapshot.destinationRules.map((d): PolicyInForce => ({
      kind: 'DestinationRule', namespace: d.meta.namespace, name: d.meta.name, ...loc(d.meta),
      summary: `host ${d.host}; tls ${d.trafficPolicy?.tls?.mode ?? '(auto)'}${d.trafficPolicy?.portLevelSettings.length ? `; ${d.trafficPolicy.portLevelSettings.length} port-level settings` : ''}`,
    })),
    ...snapshot.envoyFilters.map((e): PolicyInForce => ({
      kind: 'EnvoyFilter', namespace: e.meta.namespace, name: e.meta.name, ...loc(e.meta),
      summary: e.patches.map((p) => p.filterName ?? p.applyTo).join(', ') || '(no patches)',
    })),
    ...snapshot.telemetries.map((t): PolicyInForce => ({
      kind: 'Telemetry', namespace: t.meta.namespace, name: t.meta.name, ...loc(t.meta),
      summary: `access logging ${t.accessLogging.some((a) => !a.disabled) ? 'on' : 'off'}${selector(t.selector)}`,
    })),
  ];
}

/** The summary's certificate counts (see ReportSummary.certificates); also used by the namespace filter. */
export function certificateCounts(certs: readonly CertificatePosture[], roots: readonly RootCertPosture[]): ReportSummary['certificates'] {
  const dueWithin = (days: number) =>
    certs.filter((c) => c.status === 'expiring' && (c.remainingSeconds ?? Infinity) <= days * DAY).length +
    roots.filter((r) => r.status !== 'expired' && (r.remainingSeconds ?? Infinity) <= days * DAY).length;
  return {
    expired: certs.filter((c) => c.status === 'expired').length,
    within7Days: dueWithin(7),
    within30Days: dueWithin(30),
    unknown: certs.filter((c) => c.status === 'unknown').length,
  };
}

export function buildReportModel(computation: PostureComputation, meta: ReportMeta): ReportModel {
  const { model, index } = computation;
  const snapshot = index.snapshot;
  const locations = locationIndex(snapshot);
  const plaintext = computation.workloads.flatMap((w) => plaintextExposure(w.posture));
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of model.findings) bySeverity[f.severity] += 1;
  const certs = model.certificates;
  const roots = assessRootCertificates(index, model.now);
  return {
    cover: {
      title: 'Mesh Posture coverage report',
      source: model.source,
      context: meta.context ?? null,
      generatedAt: meta.generatedAt,
      now: model.now,
      toolVersion: meta.toolVersion,
      asOf: Object.fromEntries(Object.entries(snapshot.kinds).map(([kind, k]) => [kind, k.asOf])) as Record<SnapshotKind, string | null>,
      ...(() => {
        const g = gaps(snapshot, certs);
        return { complete: g.length === 0, gaps: g };
      })(),
    },
    summary: {
      meshPhase: model.mesh.phase,
      workloads: model.mesh.coverage,
      ports: model.mesh.portCoverage,
      workloadStrictPercent: sharePercent(model.mesh.coverage.strict, model.mesh.coverage.total),
      portStrictPercent: sharePercent(model.mesh.portCoverage.strict, model.mesh.portCoverage.total),
      plaintextWorkloads: model.workloads.filter((w) => acceptsPlaintext(w.mtls)).length,
      findingsBySeverity: bySeverity,
      certificates: certificateCounts(certs, roots),
    },
    namespaces: model.namespaces.map((ns) => ({ name: ns.name, phase: ns.phase, dataplane: ns.dataplaneMode, coverage: ns.coverage, portCoverage: ns.portCoverage })),
    plaintext,
    blockers: model.namespaces
      .filter((ns) => ns.phase < 4 && ns.coverage.total > 0)
      .map((ns) => ({ namespace: ns.name, phase: ns.phase, blocking: ns.checks.filter((c) => c.phase <= ns.phase + 1 && c.state !== 'passed') })),
    findings: model.findings.map((f) => ({
      ...f,
      locations: f.objects.flatMap((object) => {
        const l = locations.get(object);
        return l ? [{ object, ...l }] : [];
      }),
    })),
    certificates: certs,
    roots,
    policies: policiesInForce(snapshot),
    changes: meta.changes ?? null,
  };
}
