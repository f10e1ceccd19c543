// The HTML coverage report: one self-contained file with no script, a restrictive Content-Security-Policy in a meta
// tag (nothing may load or run; inline styles and data: images only), inline SVG charts and a print stylesheet.
// Every cluster string is escaped by escapeHtml; the only links are our own in-page anchors.
import type { ReportModel } from '../report-model';
import { escapeHtml } from './escape-html';
import { REPORT_CSP, REPORT_CSS } from './html-parts';
import { trafficHtmlSection } from './html-traffic';
import { historyHtmlSection } from './history-sections';
import {
  appendixSection, blockersSection, certificatesSection, changesSection, coverageSection, coverSection, findingsSection, plaintextSection, summarySection,
} from './html-sections';

const CONTENTS: readonly (readonly [string, string])[] = [
  ['completeness', 'Completeness'],
  ['summary', 'Executive summary'],
  ['coverage', 'mTLS coverage per namespace'],
  ['plaintext', 'Workloads and ports that accept plaintext'],
  ['blockers', 'Migration blockers per namespace'],
  ['traffic', 'Observed traffic'],
  ['history', 'STRICT share over time'],
  ['findings', 'Findings'],
  ['certificates', 'Certificate expiry'],
  ['changes', 'Changes since the baseline'],
  ['appendix', 'Appendix'],
];

export function renderHtmlReport(model: ReportModel): string {
  const contents = CONTENTS.filter(([id]) => (id !== 'changes' || model.changes !== null) && (id !== 'traffic' || Boolean(model.traffic)) && (id !== 'history' || Boolean(model.history)))
    .map(([id, title]) => `<li><a href="#${id}">${escapeHtml(title)}</a></li>`)
    .join('');
  return [
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
    // Our constant (no quote marks to escape); written raw so the policy reads as it is enforced.
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${model.cover.title}: ${model.cover.source}, ${model.cover.generatedAt}`)}</title>`,
    `<style>${REPORT_CSS}</style></head><body>`,
    coverSection(model),
    `<nav aria-label="Contents"><ol>${contents}</ol></nav>`,
    summarySection(model),
    coverageSection(model),
    plaintextSection(model),
    blockersSection(model),
    model.traffic ? trafficHtmlSection(model.traffic) : '',
    model.history ? historyHtmlSection(model.history) : '',
    findingsSection(model),
    certificatesSection(model),
    changesSection(model),
    appendixSection(model),
    `<footer class="muted"><p>${escapeHtml(`${model.cover.title}, Mesh Posture ${model.cover.toolVersion}, generated ${model.cover.generatedAt}.`)}</p></footer>`,
    '</body></html>\n',
  ].join('');
}
