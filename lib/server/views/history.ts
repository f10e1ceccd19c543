import 'server-only';
// GET /api/v1/history: the recorder's status and the history of the last N days (optionally one namespace). The
// database being away is not an error of the view: the status and readError say so, and the posture views are
// unaffected.
import { parseHistoryFilters, type HistoryView } from '@/lib/api/views/history';
import { errorLine } from '@/lib/sources/files/error-line';
import type { HistoryRecorder } from '../history-recorder';

const DAY_MS = 86_400_000;
/** A page must not wait on a slow database: past this, the view says so and the client's next poll tries again. */
export const HISTORY_READ_TIMEOUT_MS = 8_000;

export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the history database did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function buildHistoryView(recorder: HistoryRecorder, params: URLSearchParams, now: Date, timeoutMs = HISTORY_READ_TIMEOUT_MS): Promise<HistoryView> {
  const filters = parseHistoryFilters(params);
  const status = recorder.status();
  const empty = { records: [], changes: [], findings: [], phases: [], traffic: [] };
  if (status.state === 'off') return { status, readError: null, ...empty };
  try {
    const h = await withTimeout(recorder.read({ since: new Date(now.getTime() - filters.days * DAY_MS).toISOString(), ...(filters.namespace ? { namespace: filters.namespace } : {}) }), timeoutMs);
    return { status: recorder.status(), readError: null, records: h.records, changes: h.changes, findings: h.findings, phases: h.phases, traffic: h.traffic ?? [] };
  } catch (e) {
    return { status: recorder.status(), readError: `the history could not be read: ${errorLine(e)}`, ...empty };
  }
}
