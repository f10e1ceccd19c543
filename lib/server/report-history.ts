import 'server-only';
// The history section of a report downloaded from the dashboard (GET /api/v1/report), as `mesh-posture report --db`
// gives it: the STRICT share of the served source's workload ports 30 and 90 days ago, now, and one point a day, read
// from the server's history database. An export never waits on the database for long nor fails because of it: off,
// unreadable or slow, the report is written without the section.
import { buildReportHistory, type ReportHistory } from '@/lib/report/history-trend';
import type { HistoryRecorder } from './history-recorder';
import { HISTORY_READ_TIMEOUT_MS, withTimeout } from './views/history';

const DAY_MS = 86_400_000;

export async function historyForExport(recorder: HistoryRecorder, source: string, now: Date, timeoutMs = HISTORY_READ_TIMEOUT_MS): Promise<ReportHistory | null> {
  const status = recorder.status();
  if (status.state === 'off' || status.database === null) return null;
  try {
    const since = new Date(now.getTime() - 90 * DAY_MS).toISOString();
    const h = await withTimeout(recorder.read({ source, since, changes: false, spans: [] }), timeoutMs);
    return buildReportHistory({ database: status.database, source, now, trend: h.records });
  } catch {
    // The History view and /metrics say why the database cannot be read; the report goes on without its history.
    return null;
  }
}
