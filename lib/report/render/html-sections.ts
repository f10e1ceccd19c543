// The sections of the HTML report, in reading order: cover and completeness, executive summary, coverage per
// namespace (chart and table), plaintext ports, migration blockers, findings, certificates, changes since a
// baseline; then the appendix with every row. Tables come from report-tables.ts, shared with the PDF.
import type { ReportModel } from '../report-model';
import { escapeHtml } from './escape-html';
import { countOf, formatCount } from './format-values';
import { htmlTable, moreNote, verdict, type SafeHtml } from './html-parts';
import {
  AS_OF_TABLE, BLOCKER_GROUP_TABLE, BLOCKER_TABLE, CERTIFICATE_TABLE, coverFacts, FINDING_CHANGE_TABLE, FINDING_GROUP_TABLE, FINDING_TABLE,
  GAP_TABLE, NAMESPACE_TABLE, PHASE_CHANGE_TABLE, PLAINTEXT_TABLE, POLICY_TABLE, PORT_CHANGE_TABLE, ROOT_TABLE, summaryFacts, type Fact, type TableSpec,
} from './report-tables';
import {
  blockerRows, blockersByCheck, certificatesSoonestFirst, CHART_NAMESPACES, excerpt, findingsByCode, findingsWorstFirst, gapsByStatus, namespacesForBody,
  plaintextWorstFirst, BODY_ROWS, GAP_ROWS,
} from './report-sections';
import { coverageBarChartSvg } from './svg-charts';

export function specTable<T>(caption: string, spec: TableSpec<T>, rows: readonly T[]): string {
  return htmlTable(
    caption,
    spec.map((c) => ({ label: c.label, align: c.align ?? 'left' })),
    rows.map((r) => spec.map((c): string | number | SafeHtml => {
      const tone = c.tone?.(r);
      const v = c.value(r);
      return tone ? verdict(String(v), tone) : v;
    })),
  );
}

function facts(list: readonly Fact[], cls: 'facts' | 'cards'): string {
  const item = (f: Fact) => `<dt>${escapeHtml(f.label)}</dt><dd>${f.tone ? verdict(f.value, f.tone).html : escapeHtml(f.value)}</dd>`;
  // Cards group each term with its value; the cover's facts are one two-column grid.
  return `<dl class="${cls}">${list.map((f) => (cls === 'cards' ? `<div>${item(f)}</div>` : item(f))).join('')}</dl>`;
}

const h2 = (id: string, title: string, keep = false) => `<h2 id="${id}"${keep ? ' class="keep"' : ''}>${escapeHtml(title)}</h2>`;
const p = (text: string, cls = '') => `<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</p>`;

export function coverSection(m: ReportModel): string {
  const c = m.cover;
  const groups = gapsByStatus(c.gaps).map((g) => `${formatCount(g.count)} ${g.status}`).join(', ');
  const gapExcerpt = excerpt(c.gaps, GAP_ROWS);
  return [
    `<header id="cover"><h1>${escapeHtml(c.title)}</h1>`,
    facts(coverFacts(m), 'facts'),
    '</header>',
    h2('completeness', 'Completeness', true),
    c.complete
      ? p('Every kind of object was read; no verdict in this report rests on missing data.')
      : `<div class="banner" role="note">${escapeHtml(`Some data could not be read. Verdicts that depend on it are reported as unknown, never as secure. Unknown: ${groups}.`)}</div>` +
        specTable('Everything that was unknown', GAP_TABLE, gapExcerpt.rows) +
        moreNote(gapExcerpt.more, 'Appendix G'),
    specTable('Data as of, per kind', AS_OF_TABLE, Object.entries(c.asOf)),
  ].join('');
}

export function summarySection(m: ReportModel): string {
  return h2('summary', 'Executive summary', true) + facts(summaryFacts(m), 'cards');
}

export function coverageSection(m: ReportModel): string {
  const chartRows = namespacesForBody(m.namespaces, CHART_NAMESPACES);
  const tableRows = namespacesForBody(m.namespaces, BODY_ROWS);
  const scope = chartRows.more > 0 ? `the ${CHART_NAMESPACES} namespaces with the most workloads not enforcing mTLS, of ${formatCount(m.namespaces.length)}` : 'every namespace';
  return [
    h2('coverage', 'mTLS coverage per namespace'),
    p(`Share of each namespace's workloads by effective inbound mTLS mode; the chart shows ${scope}.`, 'note'),
    coverageBarChartSvg(
      [{ label: '(whole mesh)', coverage: m.summary.workloads }, ...chartRows.rows.map((ns) => ({ label: ns.name, coverage: ns.coverage }))],
      'mTLS coverage per namespace: workloads by effective mode',
    ),
    specTable('Workloads per namespace by effective mTLS mode', NAMESPACE_TABLE, tableRows.rows),
    moreNote(tableRows.more, 'Appendix A'),
  ].join('');
}

export function plaintextSection(m: ReportModel): string {
  const rows = excerpt(plaintextWorstFirst(m.plaintext));
  return [
    h2('plaintext', 'Workloads and ports that accept plaintext'),
    p(`${countOf(m.plaintext.length, 'port')} on ${countOf(m.summary.plaintextWorkloads, 'workload')} ${m.plaintext.length === 1 ? 'accepts' : 'accept'} plaintext (plaintext-only first).`),
    specTable('Ports accepting plaintext, and why', PLAINTEXT_TABLE, rows.rows),
    moreNote(rows.more, 'Appendix B'),
  ].join('');
}

export function blockersSection(m: ReportModel): string {
  const rows = excerpt(blockerRows(m.blockers));
  return [
    h2('blockers', 'Migration blockers per namespace'),
    specTable('Checklist items holding namespaces back', BLOCKER_GROUP_TABLE, blockersByCheck(m.blockers)),
    specTable('Blocking items per namespace', BLOCKER_TABLE, rows.rows),
    moreNote(rows.more, 'Appendix C'),
  ].join('');
}

export function findingsSection(m: ReportModel): string {
  const rows = excerpt(findingsWorstFirst(m.findings));
  return [
    h2('findings', 'Findings'),
    specTable('Findings by code', FINDING_GROUP_TABLE, findingsByCode(m.findings)),
    specTable('Findings, most severe first, with the commands that confirm them', FINDING_TABLE, rows.rows),
    moreNote(rows.more, 'Appendix D'),
  ].join('');
}

export function certificatesSection(m: ReportModel): string {
  const rows = excerpt(certificatesSoonestFirst(m.certificates));
  return [
    h2('certificates', 'Certificate expiry'),
    specTable('Workload certificates, expired and soonest to expire first', CERTIFICATE_TABLE, rows.rows),
    moreNote(rows.more, 'Appendix E'),
    specTable('Roots of trust (istio-ca-root-cert)', ROOT_TABLE, m.roots),
  ].join('');
}

export function changesSection(m: ReportModel): string {
  const c = m.changes;
  if (!c) return '';
  return [
    h2('changes', 'Changes since the baseline'),
    p(`Baseline generated ${c.baseline.generatedAt} from ${c.baseline.source}.`),
    specTable('Newly accepting plaintext', PORT_CHANGE_TABLE, c.newPlaintextPorts),
    specTable('No longer accepting plaintext', PORT_CHANGE_TABLE, c.closedPlaintextPorts),
    specTable('Phase regressions', PHASE_CHANGE_TABLE, c.phaseRegressions),
    specTable('Phase advances', PHASE_CHANGE_TABLE, c.phaseAdvances),
    specTable('New findings', FINDING_CHANGE_TABLE, c.newFindings),
    specTable('Resolved findings', FINDING_CHANGE_TABLE, c.resolvedFindings),
    p(`${countOf(c.renewedCertificates.length, 'workload certificate')} renewed since the baseline.`),
  ].join('');
}

export function appendixSection(m: ReportModel): string {
  return [
    h2('appendix', 'Appendix'),
    `<h3 id="appendix-a">A. Every namespace</h3>`,
    specTable('Workloads per namespace by effective mTLS mode', NAMESPACE_TABLE, [...m.namespaces].sort((a, b) => (a.name < b.name ? -1 : 1))),
    `<h3 id="appendix-b">B. Every port accepting plaintext</h3>`,
    specTable('Ports accepting plaintext, and why', PLAINTEXT_TABLE, m.plaintext),
    `<h3 id="appendix-c">C. Every migration blocker</h3>`,
    specTable('Blocking items per namespace', BLOCKER_TABLE, blockerRows(m.blockers)),
    `<h3 id="appendix-d">D. Every finding</h3>`,
    specTable('Findings with the commands that confirm them', FINDING_TABLE, findingsWorstFirst(m.findings)),
    `<h3 id="appendix-e">E. Every workload certificate</h3>`,
    specTable('Workload certificates', CERTIFICATE_TABLE, certificatesSoonestFirst(m.certificates)),
    `<h3 id="appendix-f">F. Policies in force</h3>`,
    specTable('PeerAuthentication, AuthorizationPolicy, RequestAuthentication, DestinationRule, EnvoyFilter and Telemetry objects', POLICY_TABLE, m.policies),
    `<h3 id="appendix-g">G. Everything that was unknown</h3>`,
    specTable('Completeness gaps', GAP_TABLE, m.cover.gaps),
  ].join('');
}
