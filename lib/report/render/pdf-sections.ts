// The sections of the PDF report, in the same order and with the same tables as the HTML report (html-sections.ts):
// cover and completeness, executive summary, coverage chart and table, plaintext ports, blockers, findings,
// certificates, changes since a baseline, observed traffic, the STRICT share over time (with --db); long tables keep
// their worst rows in the body and all rows in the appendix.
import type { ReportModel } from '../report-model';
import { DAILY_SHARE_TABLE, HISTORY_CHANGE_TABLE, TREND_WINDOW_TABLE } from './history-sections';
import { countOf, formatCount } from './format-values';
import { drawCoverageChart } from './pdf-chart';
import { APPENDIX_TABLE, BODY_TABLE, drawTable, reserve, type PdfPageBox } from './pdf-table';
import { FONTS, pdfSafe } from './pdf-text';
import {
  blockerRows, blockersByCheck, certificatesSoonestFirst, CHART_NAMESPACES, excerpt, findingsByCode, findingsWorstFirst, GAP_ROWS, gapsByStatus,
  namespacesForBody, plaintextWorstFirst, BODY_ROWS,
} from './report-sections';
import {
  AS_OF_TABLE, BLOCKER_GROUP_TABLE, BLOCKER_TABLE, CERTIFICATE_TABLE, coverFacts, FINDING_CHANGE_TABLE, FINDING_GROUP_TABLE, FINDING_TABLE,
  GAP_TABLE, NAMESPACE_TABLE, PHASE_CHANGE_TABLE, PLAINTEXT_TABLE, POLICY_TABLE, PORT_CHANGE_TABLE, ROOT_TABLE, summaryFacts, TRAFFIC_BLOCKED_TABLE,
  TRAFFIC_CONTRADICTION_TABLE, TRAFFIC_NAMESPACE_TABLE, type Fact,
} from './report-tables';

const INK = '#142330';
const MUTED = '#52606d';
const TONES = { bad: '#b42318', warn: '#8a5a00', ok: '#0b6e4f' } as const;

export function heading(box: PdfPageBox, text: string, level: 1 | 2 = 1): void {
  const size = level === 1 ? 15 : 11;
  const y = reserve(box, size + 60);
  if (level === 1) box.doc.outline.addItem(text);
  box.doc.font(FONTS.bold).fontSize(size).fillColor(INK).text(pdfSafe(text), box.left, y + (level === 1 ? 6 : 2), { lineBreak: false });
  box.doc.y = y + size * 1.2 + (level === 1 ? 12 : 6);
}

export function paragraph(box: PdfPageBox, text: string, color: string = INK): void {
  reserve(box, 24);
  box.doc.font(FONTS.regular).fontSize(9).fillColor(color).text(pdfSafe(text), box.left, box.doc.y, { width: box.right - box.left });
  box.doc.y += 4;
}

function facts(box: PdfPageBox, list: readonly Fact[], size: number): void {
  const doc = box.doc;
  const labelWidth = (box.right - box.left) * 0.38;
  for (const f of list) {
    const y = reserve(box, size * 1.6);
    doc.font(FONTS.regular).fontSize(size).fillColor(MUTED).text(pdfSafe(f.label), box.left, y, { lineBreak: false });
    doc.font(FONTS.bold).fontSize(size).fillColor(f.tone ? TONES[f.tone] : INK).text(pdfSafe(f.value), box.left + labelWidth, y, { width: box.right - box.left - labelWidth });
    doc.y = Math.max(doc.y, y + size * 1.5);
  }
  doc.y += 6;
}

const more = (box: PdfPageBox, n: number, where: string) => (n > 0 ? paragraph(box, `${formatCount(n)} more in ${where}.`, MUTED) : undefined);

export function coverPages(box: PdfPageBox, m: ReportModel): void {
  const doc = box.doc;
  const c = m.cover;
  doc.font(FONTS.bold).fontSize(24).fillColor(INK).text(pdfSafe(c.title), box.left, box.top + 30, { width: box.right - box.left });
  doc.outline.addItem('Cover');
  doc.y += 16;
  facts(box, coverFacts(m), 10);
  heading(box, 'Completeness');
  if (c.complete) {
    paragraph(box, 'Every kind of object was read; no verdict in this report rests on missing data.');
  } else {
    const groups = gapsByStatus(c.gaps).map((g) => `${formatCount(g.count)} ${g.status}`).join(', ');
    paragraph(box, `Some data could not be read. Verdicts that depend on it are reported as unknown, never as secure. Unknown: ${groups}.`, TONES.warn);
    const gaps = excerpt(c.gaps, GAP_ROWS);
    drawTable(box, 'Everything that was unknown', GAP_TABLE, gaps.rows, BODY_TABLE);
    more(box, gaps.more, 'Appendix G');
  }
  drawTable(box, 'Data as of, per kind', AS_OF_TABLE, Object.entries(c.asOf), BODY_TABLE);
}

export function bodySections(box: PdfPageBox, m: ReportModel): void {
  heading(box, 'Executive summary');
  facts(box, summaryFacts(m), 11);

  heading(box, 'mTLS coverage per namespace');
  const chart = namespacesForBody(m.namespaces, CHART_NAMESPACES);
  paragraph(box, `Share of each namespace's workloads by effective inbound mTLS mode; the chart shows ${chart.more > 0 ? `the ${CHART_NAMESPACES} namespaces with the most workloads not enforcing mTLS, of ${formatCount(m.namespaces.length)}` : 'every namespace'}.`, MUTED);
  drawCoverageChart(box, [{ label: '(whole mesh)', coverage: m.summary.workloads }, ...chart.rows.map((ns) => ({ label: ns.name, coverage: ns.coverage }))]);
  const nsRows = namespacesForBody(m.namespaces, BODY_ROWS);
  drawTable(box, 'Workloads per namespace by effective mTLS mode', NAMESPACE_TABLE, nsRows.rows, BODY_TABLE);
  more(box, nsRows.more, 'Appendix A');

  heading(box, 'Workloads and ports that accept plaintext');
  paragraph(box, `${countOf(m.plaintext.length, 'port')} on ${countOf(m.summary.plaintextWorkloads, 'workload')} ${m.plaintext.length === 1 ? 'accepts' : 'accept'} plaintext (plaintext-only first).`);
  const plain = excerpt(plaintextWorstFirst(m.plaintext));
  drawTable(box, 'Ports accepting plaintext, and why', PLAINTEXT_TABLE, plain.rows, BODY_TABLE);
  more(box, plain.more, 'Appendix B');

  heading(box, 'Migration blockers per namespace');
  drawTable(box, 'Checklist items holding namespaces back', BLOCKER_GROUP_TABLE, blockersByCheck(m.blockers), BODY_TABLE);
  const blockers = excerpt(blockerRows(m.blockers));
  drawTable(box, 'Blocking items per namespace', BLOCKER_TABLE, blockers.rows, BODY_TABLE);
  more(box, blockers.more, 'Appendix C');

  heading(box, 'Findings');
  drawTable(box, 'Findings by code', FINDING_GROUP_TABLE, findingsByCode(m.findings), BODY_TABLE);
  const findings = excerpt(findingsWorstFirst(m.findings));
  drawTable(box, 'Findings, most severe first, with the commands that confirm them', FINDING_TABLE, findings.rows, BODY_TABLE);
  more(box, findings.more, 'Appendix D');

  heading(box, 'Certificate expiry');
  const certs = excerpt(certificatesSoonestFirst(m.certificates));
  drawTable(box, 'Workload certificates, expired and soonest to expire first', CERTIFICATE_TABLE, certs.rows, BODY_TABLE);
  more(box, certs.more, 'Appendix E');
  drawTable(box, 'Roots of trust (istio-ca-root-cert)', ROOT_TABLE, m.roots, BODY_TABLE);

  const c = m.changes;
  if (c) {
    heading(box, 'Changes since the baseline');
    paragraph(box, `Baseline generated ${c.baseline.generatedAt} from ${c.baseline.source}.`);
    drawTable(box, 'Newly accepting plaintext', PORT_CHANGE_TABLE, c.newPlaintextPorts, BODY_TABLE);
    drawTable(box, 'No longer accepting plaintext', PORT_CHANGE_TABLE, c.closedPlaintextPorts, BODY_TABLE);
    drawTable(box, 'Phase regressions', PHASE_CHANGE_TABLE, c.phaseRegressions, BODY_TABLE);
    drawTable(box, 'Phase advances', PHASE_CHANGE_TABLE, c.phaseAdvances, BODY_TABLE);
    drawTable(box, 'New findings', FINDING_CHANGE_TABLE, c.newFindings, BODY_TABLE);
    drawTable(box, 'Resolved findings', FINDING_CHANGE_TABLE, c.resolvedFindings, BODY_TABLE);
    paragraph(box, `${countOf(c.renewedCertificates.length, 'workload certificate')} renewed since the baseline.`);
  }

  const t = m.traffic;
  if (t) {
    heading(box, 'Observed traffic');
    paragraph(box, `Window ${t.window.start} to ${t.window.end}; readiness on the last ${t.evidenceDays} days of evidence. Status: ${t.status}${t.reason ? `: ${t.reason}` : ''}.`);
    const rank = { blocked: 0, unknown: 1, 'no-traffic': 2, ready: 3 } as const;
    const namespaces = excerpt([...t.namespaces].sort((a, b) => rank[a.strictReadiness] - rank[b.strictReadiness] || (a.namespace < b.namespace ? -1 : 1)));
    drawTable(box, 'STRICT readiness per namespace, on observed traffic (blocked first)', TRAFFIC_NAMESPACE_TABLE, namespaces.rows, BODY_TABLE);
    more(box, namespaces.more, 'the JSON or CSV report');
    const blocked = excerpt(t.workloads.filter((w) => w.strictReadiness === 'blocked'));
    drawTable(box, 'Workloads blocked by plaintext, and who sends it', TRAFFIC_BLOCKED_TABLE, blocked.rows, BODY_TABLE);
    more(box, blocked.more, 'the JSON or CSV report');
    const contradictions = excerpt(t.contradictions);
    drawTable(box, 'Policy and traffic disagree', TRAFFIC_CONTRADICTION_TABLE, contradictions.rows, BODY_TABLE);
    more(box, contradictions.more, 'the JSON or CSV report');
  }

  const h = m.history;
  if (h) {
    heading(box, 'STRICT share over time');
    paragraph(box, `From the history database ${h.database}, source ${h.source}.`);
    drawTable(box, 'STRICT share of workload ports, 30 and 90 days', TREND_WINDOW_TABLE, h.windows, BODY_TABLE);
    drawTable(box, 'One point a day', DAILY_SHARE_TABLE, h.daily, BODY_TABLE);
    if (h.changes) {
      const changes = excerpt(h.changes);
      drawTable(box, `Changes since ${h.since ?? ''}`, HISTORY_CHANGE_TABLE, changes.rows, BODY_TABLE);
      if (changes.more > 0) paragraph(box, `${countOf(changes.more, 'more change')}: mesh-posture history lists them all.`, MUTED);
    }
  }
}

export function appendixSections(box: PdfPageBox, m: ReportModel): void {
  box.doc.addPage();
  box.doc.y = box.top;
  heading(box, 'Appendix');
  const part = (title: string, draw: () => void) => {
    heading(box, title, 2);
    draw();
  };
  part('A. Every namespace', () => drawTable(box, 'Workloads per namespace by effective mTLS mode', NAMESPACE_TABLE, [...m.namespaces].sort((a, b) => (a.name < b.name ? -1 : 1)), APPENDIX_TABLE));
  part('B. Every port accepting plaintext', () => drawTable(box, 'Ports accepting plaintext, and why', PLAINTEXT_TABLE, m.plaintext, APPENDIX_TABLE));
  part('C. Every migration blocker', () => drawTable(box, 'Blocking items per namespace', BLOCKER_TABLE, blockerRows(m.blockers), APPENDIX_TABLE));
  part('D. Every finding', () => drawTable(box, 'Findings with the commands that confirm them', FINDING_TABLE, findingsWorstFirst(m.findings), APPENDIX_TABLE));
  part('E. Every workload certificate', () => drawTable(box, 'Workload certificates', CERTIFICATE_TABLE, certificatesSoonestFirst(m.certificates), APPENDIX_TABLE));
  part('F. Policies in force', () => drawTable(box, 'Policies in force', POLICY_TABLE, m.policies, APPENDIX_TABLE));
  part('G. Everything that was unknown', () => drawTable(box, 'Completeness gaps', GAP_TABLE, m.cover.gaps, APPENDIX_TABLE));
}
