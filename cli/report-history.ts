// `report --db DB [--since T]`: the history section of the report (lib/report/history-trend.ts), read from the
// history database for the report's source: the records of the last 90 days, and the changes since --since.
import path from 'node:path';
import { buildReportHistory, type ReportHistory } from '@/lib/report/history-trend';
import { isPostgresUrl } from '@/lib/store/open-store';
import { databaseOf, withHistoryStore } from './commands/history-db';
import { parseInstant } from './commands/history';
import { UsageError, type CliIo } from './io';

const DAY_MS = 86_400_000;

export interface ReportHistoryRequest {
  readonly db: string;
  readonly since: string | null;
}

/** null when neither --db nor --since was given: a report never reads history unasked. */
export function parseReportHistoryOptions(values: { readonly db?: string | undefined; readonly since?: string | undefined }, io: CliIo, now: Date): ReportHistoryRequest | null {
  if (values.db === undefined && values.since === undefined) return null;
  if (values.db === '') throw new UsageError('--db: expected a folder or a postgres:// URL');
  const db = databaseOf(values.db, io);
  return { db: isPostgresUrl(db) ? db : path.resolve(io.cwd, db), since: values.since === undefined ? null : parseInstant(values.since, '--since', now) };
}

export async function readReportHistory(request: ReportHistoryRequest, source: string, now: Date, io: CliIo): Promise<ReportHistory> {
  return withHistoryStore(request.db, io, async (store) => {
    const trend = await store.history({ source, since: new Date(now.getTime() - 90 * DAY_MS).toISOString(), changes: false, spans: [] });
    const since = request.since === null ? undefined : { at: request.since.replace(/\.\d{3}Z$/, 'Z'), changes: (await store.history({ source, since: request.since, records: false, spans: [] })).changes };
    return buildReportHistory({ database: store.label, source, now, trend: trend.records, ...(since ? { since } : {}) });
  });
}
