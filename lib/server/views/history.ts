import 'server-only';
// GET /api/v1/history: the recorder's status and the history of the last N days (optionally one namespace). The
// database being away is not an error of the view: the status and readError say so, and the posture views are
// unaffected.
import { parseHistoryFilters, type HistoryView } from '@/lib/api/views/history';
import { errorLine } from '@/lib/sources/files/error-line';
import type { HistoryRecorder } from '../history-recorder';

const DAY_MS = 86_400_000;

export async function buildHistoryView(recorder: HistoryRecorder, params: URLSearchParams, now: Date): Promise<HistoryView> {
  const filters = parseHistoryFilters(params);
  const status = recorder.status();
  const empty = { records: [], changes: [], findings: [], phases: [] };
  if (status.state === 'off') return { status, readError: null, ...empty };
  try {
    const h = await recorder.read({ since: new Date(now.getTime() - filters.days * DAY_MS).toISOString(), ...(filters.namespace ? { namespace: filters.namespace } : {}) });
    return { status: recorder.status(), readError: null, records: h.records, changes: h.changes, findings: h.findings, phases: h.phases };
  } catch (e) {
    return { status: recorder.status(), readError: `the history could not be read: ${errorLine(e)}`, ...empty };
  }
}
