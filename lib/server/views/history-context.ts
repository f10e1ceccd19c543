import 'server-only';
// History beside the posture views: the phase each namespace entered (migration board), a pod's workload's changes
// (pod view), since when each open finding has been open (findings view). Read from the recorder's database for the
// source being served, with the History view's time limit; the database being away is said, never an error.
import type { FindingsHistoryView, HistoryReadDto, MigrationHistoryView, WorkloadHistoryView } from '@/lib/api/views/history-context';
import { parseWorkloadHistoryDays } from '@/lib/api/views/history-context';
import { controllerOf } from '@/lib/mesh/history/posture-digest';
import type { HistoryQuery, PostureHistory } from '@/lib/store/history-query';
import { errorLine } from '@/lib/sources/files/error-line';
import type { HistoryRecorder } from '../history-recorder';
import type { PostureState } from '../posture-store';
import { HISTORY_READ_TIMEOUT_MS, withTimeout } from './history';

const DAY_MS = 86_400_000;
const EMPTY: PostureHistory = { records: [], changes: [], findings: [], phases: [], rotations: [] };

/** Reads `query` for the source served; an unreadable database is the readError, with empty lists. */
async function readFor(recorder: HistoryRecorder, state: PostureState, query: HistoryQuery, timeoutMs: number): Promise<HistoryReadDto & { history: PostureHistory }> {
  if (recorder.status().state === 'off') return { status: recorder.status(), readError: null, history: EMPTY };
  try {
    const history = await withTimeout(recorder.read({ ...query, source: state.computation.model.source }), timeoutMs);
    return { status: recorder.status(), readError: null, history };
  } catch (e) {
    return { status: recorder.status(), readError: `the history could not be read: ${errorLine(e)}`, history: EMPTY };
  }
}

const nowOnly = (now: Date): HistoryQuery => ({ since: now.toISOString(), records: false, changes: false });

export async function buildMigrationHistory(recorder: HistoryRecorder, state: PostureState, now: Date, timeoutMs = HISTORY_READ_TIMEOUT_MS): Promise<MigrationHistoryView> {
  const { history, ...read } = await readFor(recorder, state, { ...nowOnly(now), spans: ['phases'] }, timeoutMs);
  const phases = history.phases.filter((p) => p.leftAt === null).map((p) => ({ namespace: p.namespace, phase: p.phase, enteredAt: p.enteredAt }));
  return { ...read, phases };
}

export async function buildFindingsHistory(recorder: HistoryRecorder, state: PostureState, now: Date, timeoutMs = HISTORY_READ_TIMEOUT_MS): Promise<FindingsHistoryView> {
  const { history, ...read } = await readFor(recorder, state, { ...nowOnly(now), spans: ['findings'] }, timeoutMs);
  const openSince: Record<string, string> = {};
  for (const f of history.findings) if (f.closedAt === null) openSince[f.key] = f.openSince;
  return { ...read, openSince };
}

export async function buildWorkloadHistory(
  recorder: HistoryRecorder, state: PostureState, namespace: string, podName: string, params: URLSearchParams, now: Date, timeoutMs = HISTORY_READ_TIMEOUT_MS,
): Promise<WorkloadHistoryView> {
  const days = parseWorkloadHistoryDays(params);
  const pod = state.snapshot.pods.find((p) => p.meta.namespace === namespace && p.meta.name === podName);
  const inPosture = pod !== undefined || state.computation.model.workloads.some((w) => w.namespace === namespace && w.pod === podName);
  if (!inPosture) return { status: recorder.status(), readError: null, namespace, workload: null, days, changes: [] };
  const workload = controllerOf(pod, podName);
  const since = new Date(now.getTime() - days * DAY_MS).toISOString();
  const { history, ...read } = await readFor(recorder, state, { since, namespace, workload: workload.name, records: false, spans: [] }, timeoutMs);
  return { ...read, namespace, workload: { kind: workload.kind, name: workload.name }, days, changes: history.changes };
}
