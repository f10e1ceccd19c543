// Reading the changes of a history window. Without a namespace filter they come from change_batches: one compact
// JSON text per recorded posture (change-batch.ts), so a 90-day window at 20,000 pods is ~90 rows, not ~15,000
// (PGlite pays per row and per value it converts). With a namespace filter the rows of posture_changes are read
// through their (namespace, at) index. Both paths check every value and list changes in one order: time, then
// namespace, workload, port (code units, no port first), then source.
import { DATAPLANES, EFFECTIVE_MODES, type Dataplane, type EffectiveMode } from '@/lib/mesh/model';
import type { RecordedChange } from '@/lib/mesh/history/history-types';
import { parseCauses, StoredDataError } from './history-rows';
import { checkPort, compareChanges, decodeChangeBatch, isStoredText, oneOf } from './change-batch';
import type { SqlExecutor } from './sql-client';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byTimeThenChange = (a: RecordedChange, b: RecordedChange) => cmp(a.at, b.at) || compareChanges(a, b) || cmp(a.source, b.source);

export interface ChangeWindow {
  /** A WHERE clause over `at` and `source` (and `namespace` when `namespace` is set), with its parameters. */
  readonly where: string;
  readonly params: readonly unknown[];
  readonly namespace: string | undefined;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

interface ChangeRow {
  at: string; source: string; namespace: unknown; workload: unknown; port: unknown; from_mode: unknown; to_mode: unknown;
  from_dataplane: unknown; to_dataplane: unknown; regression: unknown; causes: unknown;
}

function checkRow(r: ChangeRow): RecordedChange {
  const what = `posture_changes at ${r.at}`;
  if (!isStoredText(r.namespace) || !isStoredText(r.workload)) throw new StoredDataError(`${what}: namespace and workload must be strings`);
  if (typeof r.regression !== 'boolean') throw new StoredDataError(`${what}: regression: expected a boolean`);
  return {
    at: r.at, source: r.source, namespace: r.namespace, workload: r.workload, port: checkPort(r.port, what),
    from: oneOf<EffectiveMode>(EFFECTIVE_MODES, r.from_mode, `${what}: from_mode`),
    to: oneOf<EffectiveMode>(EFFECTIVE_MODES, r.to_mode, `${what}: to_mode`),
    dataplane: { from: oneOf<Dataplane>(DATAPLANES, r.from_dataplane, `${what}: from_dataplane`), to: oneOf<Dataplane>(DATAPLANES, r.to_dataplane, `${what}: to_dataplane`) },
    regression: r.regression,
    causes: parseCauses(r.causes, `${what}: causes`),
  };
}

export async function readChanges(db: SqlExecutor, window: ChangeWindow): Promise<RecordedChange[]> {
  if (window.namespace !== undefined) {
    const rows = await db.query<ChangeRow>(
      `SELECT ${iso('at')} AS at, source, namespace, workload, port, from_mode, to_mode, from_dataplane, to_dataplane, regression, causes
       FROM posture_changes ${window.where}`,
      window.params,
    );
    return rows.map(checkRow).sort(byTimeThenChange);
  }
  const batches = await db.query<{ at: string; source: string; changes: string }>(
    `SELECT ${iso('at')} AS at, source, changes FROM change_batches ${window.where} ORDER BY at, source`,
    window.params,
  );
  const changes = batches.flatMap((b) => decodeChangeBatch(b.changes, b.at, b.source, `change_batches at ${b.at}`));
  // Batches are in time order and each is in change order; only two sources recorded at one instant need sorting.
  for (let i = 1; i < batches.length; i++) if (batches[i]?.at === batches[i - 1]?.at) return changes.sort(byTimeThenChange);
  return changes;
}
