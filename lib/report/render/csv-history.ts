// History as CSV tables: the report's trend section (`report --db DB [--since T] --format csv`: the STRICT share at the
// start and end of the 30- and 90-day windows, one point a day, and with --since the changes since then) and the
// `history` verb's tables (changes, observed plaintext per day). Everything read back from the history database is
// cluster data (names, causes, the source's label): toCsv neutralises every text cell that a spreadsheet would run as
// a formula; numeric columns only ever hold numbers.
import { causeText } from '@/lib/mesh/history/cause-text';
import type { RecordedChange, RecordedTrafficDay } from '@/lib/mesh/history/history-types';
import type { ReportHistory, SharePoint } from '../history-trend';
import { toCsv, type CsvCell } from './csv-cell';

/** With a history database (--db): the windows and the daily points; with --since also the changes since then. */
export const CSV_HISTORY_SECTIONS = ['trend', 'trend_daily', 'changes'] as const;
export type CsvHistorySection = (typeof CSV_HISTORY_SECTIONS)[number];

const TREND_HEADER = [
  'window_days', 'since', 'first_at', 'first_strict_ports', 'first_ports', 'first_share_percent',
  'last_at', 'last_strict_ports', 'last_ports', 'last_share_percent', 'change_points', 'postures', 'source', 'database',
];
const DAILY_HEADER = ['day', 'at', 'strict_ports', 'ports', 'share_percent'];
/** One row per recorded change; also `mesh-posture history --format csv`'s changes table. */
export const CHANGE_HEADER = ['at', 'source', 'namespace', 'workload', 'port', 'from', 'to', 'from_dataplane', 'to_dataplane', 'regression', 'causes'];
export const TRAFFIC_DAY_HEADER = ['day', 'source', 'namespace', 'workload', 'plaintext_requests', 'plaintext_connections', 'unclassified_requests', 'unclassified_connections'];

const pointCells = (p: SharePoint | null): CsvCell[] => (p === null ? [null, null, null, null] : [p.at, p.strictPorts, p.ports, p.share]);

export function changesCsv(changes: readonly RecordedChange[]): string {
  return toCsv(CHANGE_HEADER, changes.map((c): CsvCell[] => [
    c.at, c.source, c.namespace, c.workload, c.port, c.from, c.to, c.dataplane.from, c.dataplane.to, c.regression, c.causes.map(causeText).join('; '),
  ]));
}

export function trafficDaysCsv(days: readonly RecordedTrafficDay[]): string {
  return toCsv(TRAFFIC_DAY_HEADER, days.map((d): CsvCell[] => [
    d.day, d.source, d.namespace, d.workload, d.plaintextRequests, d.plaintextConnections, d.unclassifiedRequests, d.unclassifiedConnections,
  ]));
}

/** The report's history tables: `changes` only with --since (an empty table with its header when none were recorded). */
export function historyCsvTables(h: ReportHistory): Partial<Record<CsvHistorySection, string>> {
  return {
    trend: toCsv(TREND_HEADER, h.windows.map((w): CsvCell[] => [w.days, w.since, ...pointCells(w.first), ...pointCells(w.last), w.change, w.postures, h.source, h.database])),
    trend_daily: toCsv(DAILY_HEADER, h.daily.map((p): CsvCell[] => [p.at.slice(0, 10), p.at, p.strictPorts, p.ports, p.share])),
    ...(h.changes === null ? {} : { changes: changesCsv(h.changes) }),
  };
}
