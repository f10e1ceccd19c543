// The tables and fact lists of the rendered report, defined once for HTML and PDF: column titles, alignment, the
// text of every cell and the tone of verdict cells (the word carries the verdict; the tone only adds colour).
import type { CertificatePosture } from '@/lib/mesh/model';
import type { TrafficModel } from '@/lib/mesh/traffic';
import type { RootCertPosture } from '@/lib/mesh/certs/assess-root-certificates';
import type { CompletenessGap, LocatedFinding, PlaintextPort, PolicyInForce, ReportModel } from '../report-model';
import type { FindingChange, PhaseChange, PortChange } from '../baseline-changes';
import { CERT_STATUS_LABELS, countOf, formatCount, formatPercent, formatRemaining, formatTime, MODE_LABELS, phaseLabel, SEVERITY_LABELS, sharePercent } from './format-values';
import type { BlockerGroup, BlockerRow, FindingGroup } from './report-sections';

export type Tone = 'bad' | 'warn' | 'ok';

export interface ColumnSpec<T> {
  readonly label: string;
  readonly align?: 'left' | 'num' | 'code';
  /** Share of the table width in the PDF. */
  readonly width: number;
  readonly value: (row: T) => string | number;
  readonly tone?: (row: T) => Tone | null;
}

export type TableSpec<T> = readonly ColumnSpec<T>[];

export interface Fact {
  readonly label: string;
  readonly value: string;
  readonly tone?: Tone | null;
}

type NamespaceRow = ReportModel['namespaces'][number];

const modeTone = (m: string): Tone => (m === 'STRICT' ? 'ok' : m === 'PERMISSIVE' || m === 'UNKNOWN' ? 'warn' : 'bad');
const severityTone = (s: string): Tone => (s === 'error' ? 'bad' : s === 'warning' ? 'warn' : 'ok');
const certTone = (s: CertificatePosture['status']): Tone | null => (s === 'expired' || s === 'not-yet-valid' ? 'bad' : s === 'expiring' ? 'warn' : s === 'healthy' ? 'ok' : null);

export const NAMESPACE_TABLE: TableSpec<NamespaceRow> = [
  { label: 'Namespace', width: 3, value: (r) => r.name },
  { label: 'Phase', width: 2, value: (r) => phaseLabel(r.phase) },
  { label: 'Dataplane', width: 1.2, value: (r) => r.dataplane },
  { label: 'Workloads', align: 'num', width: 1.2, value: (r) => r.coverage.total },
  { label: 'STRICT', align: 'num', width: 1, value: (r) => r.coverage.strict },
  { label: 'PERMISSIVE', align: 'num', width: 1.3, value: (r) => r.coverage.permissive },
  { label: 'DISABLE', align: 'num', width: 1, value: (r) => r.coverage.disable },
  { label: 'No dataplane', align: 'num', width: 1.3, value: (r) => r.coverage.none },
  { label: 'Unknown', align: 'num', width: 1.1, value: (r) => r.coverage.unknown },
  { label: 'Workloads mTLS', align: 'num', width: 1.4, value: (r) => formatPercent(sharePercent(r.coverage.strict, r.coverage.total)) },
  { label: 'Ports mTLS', align: 'num', width: 1.2, value: (r) => formatPercent(sharePercent(r.portCoverage.strict, r.portCoverage.total)) },
];

export const PLAINTEXT_TABLE: TableSpec<PlaintextPort> = [
  { label: 'Namespace', width: 2, value: (r) => r.namespace },
  { label: 'Pod', width: 3, value: (r) => r.pod },
  { label: 'Port', align: 'num', width: 0.8, value: (r) => (r.port === null ? 'all' : String(r.port)) },
  { label: 'Accepts', width: 1.4, value: (r) => MODE_LABELS[r.mode], tone: (r) => modeTone(r.mode) },
  { label: 'Why', width: 6, value: (r) => r.why },
];

export const BLOCKER_TABLE: TableSpec<BlockerRow> = [
  { label: 'Namespace', width: 2, value: (r) => r.namespace },
  { label: 'Phase', align: 'num', width: 0.7, value: (r) => r.phase },
  { label: 'Needed for', align: 'num', width: 1, value: (r) => `phase ${r.check.phase}` },
  { label: 'Checklist item', width: 3.5, value: (r) => r.check.title },
  { label: 'State', width: 0.9, value: (r) => r.check.state, tone: (r) => (r.check.state === 'failed' ? 'bad' : 'warn') },
  { label: 'Detail', width: 4, value: (r) => r.check.detail },
];

export const BLOCKER_GROUP_TABLE: TableSpec<BlockerGroup> = [
  { label: 'Checklist item', width: 6, value: (r) => r.title },
  { label: 'Needed for', align: 'num', width: 1.2, value: (r) => `phase ${r.phase}` },
  { label: 'Namespaces held back', align: 'num', width: 2, value: (r) => r.namespaces },
];

export const FINDING_GROUP_TABLE: TableSpec<FindingGroup> = [
  { label: 'Code', width: 0.8, value: (r) => r.code },
  { label: 'Severity', width: 1, value: (r) => SEVERITY_LABELS[r.severity], tone: (r) => severityTone(r.severity) },
  { label: 'Findings', align: 'num', width: 1, value: (r) => r.count },
  { label: 'Namespaces', align: 'num', width: 1.1, value: (r) => r.namespaces },
  { label: 'Example', width: 7, value: (r) => r.example.message },
];

export const FINDING_TABLE: TableSpec<LocatedFinding> = [
  { label: 'Code', width: 0.8, value: (r) => r.code },
  { label: 'Severity', width: 1, value: (r) => SEVERITY_LABELS[r.severity], tone: (r) => severityTone(r.severity) },
  { label: 'Namespace', width: 1.6, value: (r) => r.namespace ?? '(mesh)' },
  { label: 'Finding', width: 4.4, value: (r) => r.message + (r.locations.length ? `\n(${r.locations.map((l) => `${l.file}${l.line ? `:${l.line}` : ''}`).join(', ')})` : '') },
  { label: 'Verify with', align: 'code', width: 4.2, value: (r) => r.verify.join('\n') },
];

export const CERTIFICATE_TABLE: TableSpec<CertificatePosture> = [
  { label: 'Namespace', width: 2, value: (r) => r.namespace },
  { label: 'Pod', width: 3, value: (r) => r.pod },
  { label: 'Status', width: 1.3, value: (r) => CERT_STATUS_LABELS[r.status], tone: (r) => certTone(r.status) },
  { label: 'Not after', width: 2, value: (r) => formatTime(r.notAfter) },
  { label: 'Remaining', align: 'num', width: 1.3, value: (r) => formatRemaining(r.remainingSeconds) },
  { label: 'Serial', align: 'code', width: 2, value: (r) => r.serial ?? 'unknown' },
  { label: 'Notes', width: 3, value: (r) => r.notes.join('; ') },
];

export const ROOT_TABLE: TableSpec<RootCertPosture> = [
  { label: 'Namespace', width: 2, value: (r) => r.namespace },
  { label: 'ConfigMap', width: 2, value: (r) => r.configmap },
  { label: 'Subject', width: 3, value: (r) => r.subject },
  { label: 'Status', width: 1.3, value: (r) => CERT_STATUS_LABELS[r.status], tone: (r) => certTone(r.status) },
  { label: 'Not after', width: 2, value: (r) => formatTime(r.notAfter) },
  { label: 'Remaining', align: 'num', width: 1.3, value: (r) => formatRemaining(r.remainingSeconds) },
];

export const POLICY_TABLE: TableSpec<PolicyInForce> = [
  { label: 'Kind', width: 2, value: (r) => r.kind },
  { label: 'Namespace', width: 2, value: (r) => r.namespace },
  { label: 'Name', width: 2.5, value: (r) => r.name },
  { label: 'In force', width: 5, value: (r) => r.summary + (r.location ? ` (${r.location.file}${r.location.line ? `:${r.location.line}` : ''})` : '') },
];

export const GAP_TABLE: TableSpec<CompletenessGap> = [
  { label: 'What', width: 3, value: (r) => r.what },
  { label: 'Status', width: 1.4, value: (r) => r.status, tone: () => 'warn' },
  { label: 'Why it is unknown', width: 6, value: (r) => r.reason },
];

export const AS_OF_TABLE: TableSpec<readonly [string, string | null]> = [
  { label: 'Kind', width: 2, value: (r) => r[0] },
  { label: 'Data as of', width: 3, value: (r) => formatTime(r[1]) },
];

export const PORT_CHANGE_TABLE: TableSpec<PortChange> = [
  { label: 'Namespace', width: 2, value: (r) => r.namespace },
  { label: 'Workload', width: 3, value: (r) => r.workload },
  { label: 'Port', align: 'num', width: 0.8, value: (r) => (r.port === null ? 'all' : String(r.port)) },
  { label: 'Mode', width: 1.5, value: (r) => MODE_LABELS[r.mode], tone: (r) => modeTone(r.mode) },
];

export const PHASE_CHANGE_TABLE: TableSpec<PhaseChange> = [
  { label: 'Namespace', width: 3, value: (r) => r.namespace },
  { label: 'From', width: 2, value: (r) => phaseLabel(r.from) },
  { label: 'To', width: 2, value: (r) => phaseLabel(r.to) },
];

export const FINDING_CHANGE_TABLE: TableSpec<FindingChange> = [
  { label: 'Code', width: 0.8, value: (r) => r.code },
  { label: 'Severity', width: 1, value: (r) => SEVERITY_LABELS[r.severity], tone: (r) => severityTone(r.severity) },
  { label: 'Finding', width: 8, value: (r) => r.message },
];

export function coverFacts(model: ReportModel): Fact[] {
  const c = model.cover;
  return [
    { label: 'Source', value: c.source },
    { label: 'Context', value: c.context ?? '(none)' },
    { label: 'Generated', value: formatTime(c.generatedAt) },
    { label: 'Verdicts computed for', value: formatTime(c.now) },
    { label: 'Tool version', value: c.toolVersion },
    { label: 'Completeness', value: c.complete ? 'complete: every kind was read' : `incomplete: ${countOf(c.gaps.length, 'item')} unknown`, tone: c.complete ? 'ok' : 'warn' },
  ];
}

export function summaryFacts(model: ReportModel): Fact[] {
  const s = model.summary;
  const f = s.findingsBySeverity;
  const certs = s.certificates;
  return [
    { label: 'Mesh phase', value: phaseLabel(s.meshPhase) },
    { label: 'Workloads enforcing mTLS', value: `${formatPercent(s.workloadStrictPercent)} (${formatCount(s.workloads.strict)} of ${formatCount(s.workloads.total)})` },
    { label: 'Ports enforcing mTLS', value: `${formatPercent(s.portStrictPercent)} (${formatCount(s.ports.strict)} of ${formatCount(s.ports.total)})` },
    { label: 'Workloads accepting plaintext', value: formatCount(s.plaintextWorkloads), tone: s.plaintextWorkloads > 0 ? 'bad' : 'ok' },
    { label: 'Findings', value: `${countOf(f.error, 'error')}, ${countOf(f.warning, 'warning')}, ${formatCount(f.info)} info`, tone: f.error > 0 ? 'bad' : f.warning > 0 ? 'warn' : 'ok' },
    { label: 'Certificates expiring within 7 days', value: formatCount(certs.within7Days), tone: certs.within7Days > 0 ? 'bad' : 'ok' },
    { label: 'Certificates expiring within 30 days', value: formatCount(certs.within30Days), tone: certs.within30Days > 0 ? 'warn' : 'ok' },
    { label: 'Certificates expired', value: formatCount(certs.expired), tone: certs.expired > 0 ? 'bad' : 'ok' },
    { label: 'Certificates of unknown state', value: formatCount(certs.unknown), tone: certs.unknown > 0 ? 'warn' : null },
  ];
}

type TrafficNamespace = TrafficModel['namespaces'][number];
type TrafficWorkload = TrafficModel['workloads'][number];
type TrafficContradictionRow = TrafficModel['contradictions'][number];
const readinessTone = (r: string): Tone => (r === 'ready' ? 'ok' : r === 'blocked' ? 'bad' : 'warn');

export const TRAFFIC_NAMESPACE_TABLE: TableSpec<TrafficNamespace> = [
  { label: 'Namespace', width: 2.5, value: (r) => r.namespace },
  { label: 'Readiness', width: 1.4, value: (r) => r.strictReadiness, tone: (r) => readinessTone(r.strictReadiness) },
  { label: 'Plaintext-free since', width: 2.2, value: (r) => (r.strictReadiness === 'ready' && r.plaintextFreeSince ? formatTime(r.plaintextFreeSince) : '') },
  { label: 'Why', width: 6, value: (r) => r.reason },
];

export const TRAFFIC_BLOCKED_TABLE: TableSpec<TrafficWorkload> = [
  { label: 'Workload', width: 3, value: (r) => `${r.namespace}/${r.workload}` },
  { label: 'Plaintext from', width: 2.5, value: (r) => r.plaintextSources.join(', ') },
  { label: 'Likely senders (inferred)', width: 3, value: (r) => r.likelySources.map((s) => s.workload).join(', ') },
  { label: 'Plaintext', align: 'num', width: 1.2, value: (r) => r.plaintext },
  { label: 'Last plaintext', width: 2.2, value: (r) => (r.lastPlaintextAt ? formatTime(r.lastPlaintextAt) : '') },
];

export const TRAFFIC_CONTRADICTION_TABLE: TableSpec<TrafficContradictionRow> = [
  { label: 'Code', align: 'code', width: 1, value: (r) => r.code },
  { label: 'Workload', width: 2.5, value: (r) => `${r.namespace}/${r.workload}` },
  { label: 'Policy', width: 2, value: (r) => r.policy ?? '' },
  { label: 'Observed', width: 5, value: (r) => r.observed },
];
