import 'server-only';
// Recording the server's posture history (issue #12): each new posture is offered here; after a quiet period
// (debounced: a rollout is a burst of events) the latest one is digested and written, in a timer, never on a
// request. When the database cannot be reached or used, the posture is still served: the recorder says why history
// is not being recorded, keeps the latest posture pending, and retries by itself with a growing delay. The store
// diffs against the last posture it holds, so a posture recorded after an outage still carries the changes made
// during it (intermediate states within the outage are not seen).
import { digestPosture } from '@/lib/mesh/history/posture-digest';
import { DEFAULT_RETENTION, type HistoryQuery, type HistoryStore, type PostureHistory, type RetentionPolicy } from '@/lib/store/history-store';
import { isPostgresUrl, openHistoryStore } from '@/lib/store/open-store';
import { redactUrl } from '@/lib/store/pg-client';
import { errorLine } from '@/lib/sources/files/error-line';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import type { HistoryStatusDto } from '@/lib/api/views/history';
import type { PostureState } from './posture-store';
import { trafficDays, workloadDataplanes } from '@/lib/mesh/history/traffic-daily';
import type { TrafficSnapshot } from '@/lib/snapshot/traffic-types';

/** The recorder's state as the History view and /metrics show it. */
export type HistoryStatus = HistoryStatusDto;

export interface HistoryRecorder {
  offer(state: PostureState): void;
  /** A new observed-traffic snapshot: its daily plaintext counts are written with the next write (traffic-daily.ts). */
  offerTraffic(traffic: TrafficSnapshot): void;
  /** Records these postures in order, only into a database that holds no posture of their source yet (the demo's scripted history). */
  replay(states: readonly PostureState[]): Promise<void>;
  status(): HistoryStatus;
  /** Writes the pending posture now (tests, shutdown). */
  flush(): Promise<void>;
  read(query: HistoryQuery): Promise<PostureHistory>;
  stop(): Promise<void>;
}

export type HistoryDatabase = { readonly db: string } | { readonly off: string };

/** MESH_POSTURE_DATABASE_URL, else DATABASE_URL, else an embedded folder under the working directory; "off" turns it off. */
export function historyDatabaseFromEnv(env: Readonly<Record<string, string | undefined>>, cwd: string): HistoryDatabase {
  const configured = env['MESH_POSTURE_DATABASE_URL'] || env['DATABASE_URL'];
  if (configured === 'off') return { off: 'history is off (MESH_POSTURE_DATABASE_URL=off)' };
  return { db: configured || `${cwd}/.mesh-posture/history` };
}

/**
 * The server's retention (docs/history.md#retention): MESH_POSTURE_HISTORY_RETENTION_DAYS (default 400) and
 * MESH_POSTURE_HISTORY_DETAIL_DAYS (default 30), as `record --retention-days / --detail-days`. A bad value is refused
 * with its reason (the server then records nothing and says why) rather than guessed.
 */
export function historyRetentionFromEnv(env: Readonly<Record<string, string | undefined>>): { readonly policy: RetentionPolicy } | { readonly error: string } {
  const days = (name: string, fallback: number): number | string => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    return /^[1-9][0-9]{0,4}$/.test(raw) ? Number(raw) : `${name}: expected a whole number of days (1–99999), got ${JSON.stringify(raw.slice(0, 40))}`;
  };
  const retentionDays = days('MESH_POSTURE_HISTORY_RETENTION_DAYS', DEFAULT_RETENTION.retentionDays);
  const detailDays = days('MESH_POSTURE_HISTORY_DETAIL_DAYS', DEFAULT_RETENTION.detailDays);
  if (typeof retentionDays === 'string') return { error: retentionDays };
  if (typeof detailDays === 'string') return { error: detailDays };
  if (detailDays > retentionDays) return { error: `MESH_POSTURE_HISTORY_DETAIL_DAYS (${detailDays}) cannot exceed MESH_POSTURE_HISTORY_RETENTION_DAYS (${retentionDays})` };
  return { policy: { retentionDays, detailDays } };
}

export interface RecorderOptions {
  readonly db: string;
  readonly open?: (db: string) => Promise<HistoryStore>;
  readonly debounceMs?: number;
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  readonly retention?: RetentionPolicy;
  readonly clock?: () => Date;
  readonly log?: (line: string) => void;
  /**
   * Keep the database open between writes (default: for PostgreSQL only). An embedded database is closed once it has
   * been idle for `idleCloseMs`: its WebAssembly memory is then given back, and a `mesh-posture record` job may use
   * the same folder between the server's writes; a burst of reads and writes opens it once.
   */
  readonly keepOpen?: boolean;
  readonly idleCloseMs?: number;
}

export function startHistoryRecorder(options: RecorderOptions): HistoryRecorder {
  const { db, open = openHistoryStore, debounceMs = 5_000, retryMs = 15_000, maxRetryMs = 300_000, retention = DEFAULT_RETENTION, clock = () => new Date() } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const database = isPostgresUrl(db) ? redactUrl(db) : db;
  const keepOpen = options.keepOpen ?? isPostgresUrl(db);
  const idleCloseMs = options.idleCloseMs ?? 30_000;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  /** After an operation on an embedded store: close it unless another one comes within idleCloseMs. */
  const closeWhenIdle = () => {
    if (keepOpen) return;
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimer = null;
      void exclusive(closeStore);
    }, idleCloseMs);
    idleTimer.unref?.();
  };
  let store: HistoryStore | null = null;
  let pending: PostureState | null = null;
  let pendingTraffic: TrafficSnapshot | null = null;
  /** The last posture offered: the dataplanes (and source) the traffic counts are read against. */
  let lastState: PostureState | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writing: Promise<void> | null = null;
  let failures = 0;
  let reason: string | null = null;
  let lastRecordedAt: string | null = null;
  let compactedDay: string | null = null;
  let stopped = false;

  const schedule = (ms: number) => {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, ms);
    timer.unref?.();
  };

  async function storeOrOpen(): Promise<HistoryStore> {
    store ??= await open(db);
    return store;
  }

  // Writes and reads take turns on the one store (an embedded one is opened and closed around each).
  let turn: Promise<unknown> = Promise.resolve();
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = turn.then(work);
    turn = run.catch(() => undefined);
    return run;
  }

  async function closeStore(): Promise<void> {
    const s = store;
    store = null;
    await s?.close().catch(() => undefined);
  }

  async function writePending(): Promise<void> {
    const state = pending;
    const traffic = pendingTraffic;
    const against = state ?? lastState;
    if (!state && !(traffic && against)) return;
    try {
      const s = await storeOrOpen();
      if (state) await s.record(digestPosture(state.computation.model, state.snapshot, state.loadedAt));
      if (traffic && against) {
        const model = against.computation.model;
        await s.recordTraffic(model.source, traffic.asOf, trafficDays(traffic, workloadDataplanes(against.snapshot, model)));
        if (pendingTraffic === traffic) pendingTraffic = null;
      }
      const day = toRfc3339Seconds(clock()).slice(0, 10);
      if (compactedDay !== day) {
        await s.compact(clock(), retention);
        compactedDay = day;
      }
      if (state && pending === state) pending = null;
      closeWhenIdle();
      if (reason !== null) log(`mesh-posture: history is being recorded again in ${database}`);
      failures = 0;
      reason = null;
      if (state) lastRecordedAt = state.loadedAt;
    } catch (e) {
      failures += 1;
      // A driver's message may echo the URL it was given: never its password.
      const why = errorLine(e).replaceAll(db, database);
      if (why !== reason) log(`mesh-posture: history is not being recorded: ${why}`);
      reason = why;
      await closeStore();
      schedule(Math.min(maxRetryMs, retryMs * 2 ** (failures - 1)));
    }
  }

  function flush(): Promise<void> {
    writing ??= exclusive(writePending).finally(() => {
      writing = null;
      if (pending && !timer && failures === 0) schedule(0);
    });
    return writing;
  }

  return {
    offer(state) {
      if (stopped) return;
      pending = state;
      lastState = state;
      // While the database is failing, the retry timer is already set: the new posture waits for it.
      schedule(debounceMs);
    },
    offerTraffic(traffic) {
      if (stopped || (traffic.status !== 'ok' && traffic.status !== 'incomplete')) return;
      pendingTraffic = traffic;
      schedule(debounceMs);
    },
    status: () => ({
      state: reason === null ? 'recording' : 'not-recording',
      reason: reason === null ? null : `history is not being recorded: ${reason}`,
      database,
      lastRecordedAt,
      pending: pending !== null,
    }),
    flush: async () => {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      await writing;
      await flush();
    },
    replay(states) {
      const first = states[0];
      if (!first || stopped) return Promise.resolve();
      return exclusive(async () => {
        try {
          const s = await storeOrOpen();
          const source = first.computation.model.source;
          if ((await s.history({ source, spans: [] })).records.length > 0) return;
          for (const state of states) await s.record(digestPosture(state.computation.model, state.snapshot, state.loadedAt));
        } catch (e) {
          log(`mesh-posture: the scripted demo history was not recorded: ${errorLine(e).replaceAll(db, database)}`);
        } finally {
          closeWhenIdle();
        }
      });
    },
    read(query) {
      return exclusive(async () => {
        const s = await storeOrOpen();
        try {
          return await s.history(query);
        } finally {
          closeWhenIdle();
        }
      });
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (idleTimer) clearTimeout(idleTimer);
      await writing;
      await exclusive(closeStore);
    },
  };
}

/** History turned off: nothing is written, and the status says so (callers never branch on "is it set?"). */
export function offHistoryRecorder(reason: string): HistoryRecorder {
  return {
    offer: () => undefined,
    offerTraffic: () => undefined,
    replay: async () => undefined,
    status: () => ({ state: 'off', reason, database: null, lastRecordedAt: null, pending: false }),
    flush: async () => undefined,
    read: async () => ({ records: [], changes: [], findings: [], phases: [], rotations: [] }),
    stop: async () => undefined,
  };
}
