// The history section of the Markdown and HTML reports (`report --db DB [--since DATE]`): the STRICT share of workload
// ports 30 and 90 days ago and now, one point a day, and the changes since --since with their causes. Names read back
// from the history database are cluster data: escaped like every other cell.
import type { ReportHistory, SharePoint, TrendWindow } from '../history-trend';
import type { TableSpec } from './report-tables';
import { escapeHtml } from './escape-html';
import { htmlTable } from './html-parts';
import { mdTable, mdText } from './markdown';

const MAX_ROWS = 200;
const shareText = (p: SharePoint | null) => (p === null ? 'not recorded' : p.share === null ? 'no ports' : `${p.share}% (${p.strictPorts} of ${p.ports} ports, ${p.at})`);
const changeText = (w: TrendWindow) => (w.change === null ? '' : `${w.change > 0 ? '+' : ''}${w.change} points`);
const causesText = (c: NonNullable<ReportHistory['changes']>[number]) =>
  c.causes.map((k) => `${k.kind} ${k.namespace ? `${k.namespace}/` : ''}${k.name} ${k.change}`).join('; ');
const changeRow = (c: NonNullable<ReportHistory['changes']>[number]) => [
  c.at, `${c.namespace}/${c.workload}`, c.port === null ? 'workload' : String(c.port), c.from ?? 'absent', c.to ?? 'gone', c.regression ? 'yes' : '', causesText(c),
];
const CHANGE_HEADERS = ['At', 'Workload', 'Port', 'From', 'To', 'Regression', 'Caused by'];

export function historyMarkdownSection(h: ReportHistory, max: number): string[] {
  return [
    '## STRICT share over time',
    '',
    `From the history database ${mdText(h.database)}, source ${mdText(h.source)}.`,
    '',
    mdTable(['Window', 'At its start', 'Now', 'Change'], h.windows.map((w) => [`${w.days} days`, shareText(w.first), shareText(w.last), changeText(w)]), max),
    '',
    '### One point a day', '',
    mdTable(['Day', 'STRICT ports', 'Ports', 'Share'], h.daily.map((p) => [p.at.slice(0, 10), String(p.strictPorts), String(p.ports), p.share === null ? '' : `${p.share}%`]), max),
    '',
    ...(h.changes === null ? [] : [`## Changes since ${mdText(h.since ?? '')}`, '', h.changes.length === 0 ? 'No change recorded.' : mdTable(CHANGE_HEADERS, h.changes.map(changeRow), max), '']),
  ];
}

export function historyHtmlSection(h: ReportHistory): string {
  return [
    '<h2 id="history">STRICT share over time</h2>',
    `<p>${escapeHtml(`From the history database ${h.database}, source ${h.source}.`)}</p>`,
    htmlTable(
      'STRICT share of workload ports, 30 and 90 days',
      [{ label: 'Window' }, { label: 'At its start' }, { label: 'Now' }, { label: 'Change' }],
      h.windows.map((w) => [`${w.days} days`, shareText(w.first), shareText(w.last), changeText(w)]),
    ),
    htmlTable(
      'One point a day',
      [{ label: 'Day' }, { label: 'STRICT ports', align: 'num' }, { label: 'Ports', align: 'num' }, { label: 'Share', align: 'num' }],
      h.daily.slice(-MAX_ROWS).map((p) => [p.at.slice(0, 10), String(p.strictPorts), String(p.ports), p.share === null ? null : `${p.share}%`]),
    ),
    h.changes === null
      ? ''
      : htmlTable(`Changes since ${h.since ?? ''}`, CHANGE_HEADERS.map((label) => ({ label })), h.changes.slice(0, MAX_ROWS).map(changeRow)),
  ].join('');
}

type HistoryChange = NonNullable<ReportHistory['changes']>[number];

/** The same tables for the PDF report (pdf-sections.ts), laid out from these specs. */
export const TREND_WINDOW_TABLE: TableSpec<TrendWindow> = [
  { label: 'Window', width: 1, value: (w) => `${w.days} days` },
  { label: 'At its start', width: 3, value: (w) => shareText(w.first) },
  { label: 'Now', width: 3, value: (w) => shareText(w.last) },
  { label: 'Change', width: 1.2, value: (w) => changeText(w) },
];

export const DAILY_SHARE_TABLE: TableSpec<SharePoint> = [
  { label: 'Day', width: 1.5, value: (p) => p.at.slice(0, 10) },
  { label: 'STRICT ports', align: 'num', width: 1.2, value: (p) => p.strictPorts },
  { label: 'Ports', align: 'num', width: 1.2, value: (p) => p.ports },
  { label: 'Share', align: 'num', width: 1, value: (p) => (p.share === null ? '' : `${p.share}%`) },
];

export const HISTORY_CHANGE_TABLE: TableSpec<HistoryChange> = CHANGE_HEADERS.map((label, i) => ({
  label,
  width: [2.2, 3, 0.9, 1.3, 1.3, 1, 4][i] ?? 1,
  value: (c: HistoryChange) => changeRow(c)[i] ?? '',
}));
