// The coverage report as Markdown, for pull requests and wikis. Every cluster string is hostile (ARCHITECTURE §5):
// in a PR comment or a wiki it must not open a link, an image, raw HTML, a code span or an @mention, nor break a
// table with a `|` or a newline, so each one goes through mdText (or a fence it cannot close). Long tables are capped;
// the JSON and CSV exports hold every row.
import type { CoverageCounts } from '@/lib/mesh/model';
import type { BaselineChanges } from '../baseline-changes';
import type { ReportModel } from '../report-model';
import { countOf } from './format-values';
import { trafficSection } from './markdown-traffic';
import { historyMarkdownSection } from './history-sections';

export interface MarkdownOptions {
  /** Rows per table before "N more in the JSON/CSV export" (default 50). */
  readonly maxRows?: number;
}

const PHASE_NAMES = ['not in the mesh', 'Observe', 'Enable gradually', 'Enforce', 'Optimise continuously'] as const;
const phase = (p: number) => `${p} (${PHASE_NAMES[p] ?? 'unknown'})`;
const pct = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(1)}%`);
const days = (s: number | null) => (s === null ? 'unknown' : `${Math.floor(s / 86_400)} d`);

/** Inline text, safe in a table cell or after a label on one line. */
export function mdText(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '?')
    .replace(/[\\`*_~[\]|@#!]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A fenced code block that its content cannot close: the fence is longer than any backtick run inside. */
export function mdCodeBlock(lines: readonly string[], info = 'sh'): string {
  const body = lines.map((l) => l.replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '?'));
  const longest = Math.max(2, ...body.flatMap((l) => (l.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${info}`, ...body, fence].join('\n');
}

/** A GFM table of at most `max` rows, cells escaped here (callers pass raw values). */
export function mdTable(header: readonly string[], rows: readonly (readonly (string | number | null)[])[], max: number): string {
  if (rows.length === 0) return '_None._';
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const out = [line(header.map((h) => mdText(h))), line(header.map(() => '---')), ...rows.slice(0, max).map((r) => line(header.map((_, i) => mdText(r[i] ?? null))))];
  if (rows.length > max) out.push('', `_${rows.length - max} more in the JSON/CSV export._`);
  return out.join('\n');
}

const coverage = (c: CoverageCounts) => `${c.strict}/${c.total} STRICT, ${c.permissive} PERMISSIVE, ${c.disable} DISABLE, ${c.none} no dataplane, ${c.unknown} UNKNOWN`;

function cover(m: ReportModel, max: number): string[] {
  const c = m.cover;
  const asOf = Object.entries(c.asOf).map(([kind, at]) => [kind, at ?? 'never read']);
  return [
    `# ${mdText(c.title)}`,
    '',
    mdTable(['Field', 'Value'], [['Source', c.source], ['Context', c.context ?? '-'], ['Generated', c.generatedAt], ['Verdicts at', c.now], ['Tool version', c.toolVersion]], max),
    '',
    '<details><summary>Data as of, per kind</summary>',
    '',
    mdTable(['Kind', 'As of'], asOf, max),
    '',
    '</details>',
    '',
    '## Completeness',
    '',
    c.complete ? 'Complete: every kind was read and every object could be read.' : `**Incomplete**: ${c.gaps.length} ${c.gaps.length === 1 ? 'gap' : 'gaps'}. Verdicts that depend on them are UNKNOWN, never counted as secure.`,
    '',
    ...(c.complete ? [] : [mdTable(['What', 'Status', 'Reason'], c.gaps.map((g) => [g.what, g.status, g.reason]), max), '']),
  ];
}

function summary(m: ReportModel): string[] {
  const s = m.summary;
  return [
    '## Executive summary',
    '',
    `- **Mesh phase:** ${phase(s.meshPhase)}`,
    `- **Workloads enforcing mTLS:** ${pct(s.workloadStrictPercent)} (${coverage(s.workloads)})`,
    `- **Ports enforcing mTLS:** ${pct(s.portStrictPercent)} (${coverage(s.ports)})`,
    `- **Workloads accepting plaintext:** ${s.plaintextWorkloads}`,
    `- **Findings:** ${s.findingsBySeverity.error} error, ${s.findingsBySeverity.warning} warning, ${s.findingsBySeverity.info} info`,
    `- **Certificates:** ${s.certificates.expired} expired, ${s.certificates.within7Days} expiring within 7 days, ${s.certificates.within30Days} within 30 days, ${s.certificates.unknown} unknown`,
    '',
  ];
}

function changes(c: BaselineChanges, max: number): string[] {
  const port = (p: { namespace: string; workload: string; port: number | null; mode: string }) => [p.namespace, p.workload, p.port ?? 'all', p.mode];
  const finding = (f: { code: string; severity: string; objects: readonly string[]; message: string }) => [f.code, f.severity, f.objects.join(', '), f.message];
  return [
    '## Changes since the baseline',
    '',
    `Baseline: ${mdText(c.baseline.source)}, generated ${mdText(c.baseline.generatedAt)}, verdicts at ${mdText(c.baseline.now)}.`,
    '',
    '### New plaintext ports', '', mdTable(['Namespace', 'Workload', 'Port', 'Mode'], c.newPlaintextPorts.map(port), max), '',
    '### Phase regressions', '', mdTable(['Namespace', 'From', 'To'], c.phaseRegressions.map((p) => [p.namespace, phase(p.from), phase(p.to)]), max), '',
    '### New findings', '', mdTable(['Code', 'Severity', 'Objects', 'Message'], c.newFindings.map(finding), max), '',
    '### Phase advances', '', mdTable(['Namespace', 'From', 'To'], c.phaseAdvances.map((p) => [p.namespace, phase(p.from), phase(p.to)]), max), '',
    '### Plaintext ports closed', '', mdTable(['Namespace', 'Workload', 'Port', 'Mode'], c.closedPlaintextPorts.map(port), max), '',
    '### Resolved findings', '', mdTable(['Code', 'Severity', 'Objects', 'Message'], c.resolvedFindings.map(finding), max), '',
    '### Renewed certificates', '', mdTable(['Namespace', 'Workload', 'Previous serial', 'Serial', 'Not after'], c.renewedCertificates.map((r) => [r.namespace, r.workload, r.previousSerial, r.serial, r.notAfter]), max), '',
  ];
}

function findings(m: ReportModel, max: number): string[] {
  const out = ['## Findings', '', mdTable(['Severity', 'Code', 'Namespace', 'Message'], m.findings.map((f) => [f.severity, f.code, f.namespace ?? '(mesh)', f.message]), max), ''];
  for (const f of m.findings.slice(0, max)) {
    out.push(`### ${mdText(f.code)} (${f.severity}): ${mdText(f.message)}`, '');
    out.push(`**Why:** ${mdText(f.why)}`, '');
    out.push(`**Objects:** ${f.objects.map((o) => mdText(o)).join(', ') || '-'}`, '');
    if (f.locations.length > 0) out.push(`**Defined in:** ${f.locations.map((l) => `${mdText(l.file)}${l.line ? `:${l.line}` : ''}`).join(', ')}`, '');
    if (f.verify.length > 0) out.push('**Verify:**', '', mdCodeBlock(f.verify), '');
  }
  if (m.findings.length > max) out.push(`_${countOf(m.findings.length - max, 'more finding', 'more findings')} in the JSON/CSV export._`, '');
  return out;
}

export function renderMarkdownReport(m: ReportModel, options: MarkdownOptions = {}): string {
  const max = options.maxRows ?? 50;
  const sections = [
    ...cover(m, max),
    ...summary(m),
    ...(m.changes ? changes(m.changes, max) : []),
    '## mTLS coverage per namespace', '',
    mdTable(['Namespace', 'Phase', 'Dataplane', 'Workloads STRICT', 'Ports STRICT', 'PERMISSIVE', 'DISABLE', 'No dataplane', 'UNKNOWN'],
      m.namespaces.map((n) => [n.name, phase(n.phase), n.dataplane, `${n.coverage.strict}/${n.coverage.total}`, `${n.portCoverage.strict}/${n.portCoverage.total}`,
        n.coverage.permissive, n.coverage.disable, n.coverage.none, n.coverage.unknown]), max), '',
    '## Ports accepting plaintext', '',
    mdTable(['Namespace', 'Pod', 'Port', 'Mode', 'Why'], m.plaintext.map((p) => [p.namespace, p.pod, p.port ?? 'all', p.mode, p.why]), max), '',
    '## Migration blockers', '',
    mdTable(['Namespace', 'Phase', 'Blocking item', 'Needed for', 'State', 'Detail'],
      m.blockers.flatMap((b) => b.blocking.map((c) => [b.namespace, phase(b.phase), c.title, `phase ${c.phase}`, c.state, c.detail])), max), '',
    ...(m.traffic ? trafficSection(m.traffic, max) : []),
    ...(m.history ? historyMarkdownSection(m.history, max) : []),
    ...findings(m, max),
    '## Certificates', '',
    mdTable(['Namespace', 'Pod', 'Status', 'Serial', 'Not after', 'Remaining'],
      m.certificates.map((c) => [c.namespace, c.pod, c.status, c.serial, c.notAfter ?? 'unknown', days(c.remainingSeconds)]), max), '',
    '### Roots of trust', '',
    mdTable(['Namespace', 'ConfigMap', 'Subject', 'Serial', 'Not after', 'Status'], m.roots.map((r) => [r.namespace, r.configmap, r.subject, r.serial, r.notAfter, r.status]), max), '',
    '## Appendix: policies in force', '',
    mdTable(['Kind', 'Namespace', 'Name', 'Summary', 'Defined in'],
      m.policies.map((p) => [p.kind, p.namespace, p.name, p.summary, p.location ? `${p.location.file}${p.location.line ? `:${p.location.line}` : ''}` : '']), max), '',
  ];
  return `${sections.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
