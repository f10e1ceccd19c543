// One posture's changes as one compact JSON text (change_batches, migration 2): the causes once each, and each change
// as an array that points at them. At 20,000 pods a 90-day window is ~15,000 changes; as rows (or as objects naming
// every field and repeating the same policy as cause) reading them cost more than the 200 ms a query may take.
// Decoding checks every value as the row reader does (ARCHITECTURE §5: what the database hands back is input).
import { DATAPLANES, EFFECTIVE_MODES, type Dataplane, type EffectiveMode } from '@/lib/mesh/model';
import { CAUSE_CHANGES, type ChangeCause, type PostureChange, type RecordedChange } from '@/lib/mesh/history/history-types';
import { StoredDataError } from './history-rows';
import type { SqlExecutor } from './sql-client';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The order changes are listed in within one posture: namespace, workload, port (code units; no port first). */
export function compareChanges(a: Pick<PostureChange, 'namespace' | 'workload' | 'port'>, b: Pick<PostureChange, 'namespace' | 'workload' | 'port'>): number {
  return cmp(a.namespace, b.namespace) || cmp(a.workload, b.workload) || (a.port ?? 0) - (b.port ?? 0);
}

/** [namespace, workload, port, from, to, from dataplane, to dataplane, regression, cause indexes] */
type EncodedChange = [string, string, number | null, string | null, string | null, string | null, string | null, boolean, number[]];

export function encodeChangeBatch(changes: readonly Omit<PostureChange, 'at'>[]): string {
  const causes: [string, string, string, string][] = [];
  const index = new Map<string, number>();
  const rows = [...changes].sort(compareChanges).map((c): EncodedChange => {
    const refs = c.causes.map((k) => {
      const key = JSON.stringify([k.kind, k.namespace, k.name, k.change]);
      let i = index.get(key);
      if (i === undefined) {
        i = causes.push([k.kind, k.namespace, k.name, k.change]) - 1;
        index.set(key, i);
      }
      return i;
    });
    return [c.namespace, c.workload, c.port, c.from, c.to, c.dataplane.from, c.dataplane.to, c.regression, refs];
  });
  return JSON.stringify({ causes, changes: rows });
}

const MAX_TEXT = 4096;
export const isStoredText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;

export function oneOf<T extends string>(allowed: readonly T[], value: unknown, what: string): T | null {
  if (value === null) return null;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new StoredDataError(`${what}: unexpected value ${JSON.stringify(String(value).slice(0, 40))}`);
}

export function checkPort(port: unknown, what: string): number | null {
  if (port === null || (Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535)) return port as number | null;
  throw new StoredDataError(`${what}: port: expected 1–65535 or null`);
}

export function checkCause(value: unknown, what: string): ChangeCause {
  const [kind, namespace, name, change] = Array.isArray(value) ? value : [];
  if (!isStoredText(kind) || !isStoredText(namespace) || !isStoredText(name)) throw new StoredDataError(`${what}: kind, namespace and name must be strings`);
  const c = oneOf(CAUSE_CHANGES, change ?? '', `${what}: change`) as ChangeCause['change'];
  return { kind, namespace, name, change: c };
}

export function decodeChangeBatch(text: string, at: string, source: string, what: string): RecordedChange[] {
  let batch: { causes?: unknown; changes?: unknown };
  try {
    batch = JSON.parse(text) as typeof batch;
  } catch {
    throw new StoredDataError(`${what}: changes: not JSON`);
  }
  if (!Array.isArray(batch?.causes) || !Array.isArray(batch.changes)) throw new StoredDataError(`${what}: changes: expected {causes, changes}`);
  const causes = batch.causes.map((c, i) => checkCause(c, `${what}: causes.${i}`));
  // Changes naming the same causes share one (frozen) list.
  const lists = new Map<string, readonly ChangeCause[]>();
  return batch.changes.map((value: unknown, i): RecordedChange => {
    const where = `${what}: changes.${i}`;
    if (!Array.isArray(value) || value.length !== 9) throw new StoredDataError(`${where}: expected 9 fields`);
    const [namespace, workload, port, from, to, fromDataplane, toDataplane, regression, refs] = value as unknown[];
    if (!isStoredText(namespace) || !isStoredText(workload)) throw new StoredDataError(`${where}: namespace and workload must be strings`);
    if (typeof regression !== 'boolean') throw new StoredDataError(`${where}: regression: expected a boolean`);
    if (!Array.isArray(refs)) throw new StoredDataError(`${where}: causes: expected indexes`);
    const key = refs.join(',');
    let list = lists.get(key);
    if (!list) {
      list = Object.freeze(refs.map((r: unknown) => {
        const cause = typeof r === 'number' ? causes[r] : undefined;
        if (!cause) throw new StoredDataError(`${where}: causes: ${JSON.stringify(r)} names no cause`);
        return cause;
      }));
      lists.set(key, list);
    }
    return {
      at, source, namespace, workload, port: checkPort(port, where),
      from: oneOf<EffectiveMode>(EFFECTIVE_MODES, from, `${where}: from`),
      to: oneOf<EffectiveMode>(EFFECTIVE_MODES, to, `${where}: to`),
      dataplane: { from: oneOf<Dataplane>(DATAPLANES, fromDataplane, `${where}: from dataplane`), to: oneOf<Dataplane>(DATAPLANES, toDataplane, `${where}: to dataplane`) },
      regression,
      causes: list,
    };
  });
}

/** Migration 2: a batch for each posture already recorded, from posture_changes, in the writer's encoding. */
export async function fillChangeBatches(tx: SqlExecutor): Promise<void> {
  const postures = await tx.query<{ source: string; at: string }>(`SELECT DISTINCT source, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at FROM posture_changes`);
  for (const { source, at } of postures) {
    const rows = await tx.query<{ namespace: string; workload: string; port: number | null; from_mode: EffectiveMode | null; to_mode: EffectiveMode | null; from_dataplane: Dataplane | null; to_dataplane: Dataplane | null; regression: boolean; causes: ChangeCause[] }>(
      'SELECT namespace, workload, port, from_mode, to_mode, from_dataplane, to_dataplane, regression, causes FROM posture_changes WHERE source = $1 AND at = $2::timestamptz',
      [source, at],
    );
    const changes = rows.map((r) => ({ namespace: r.namespace, workload: r.workload, port: r.port, from: r.from_mode, to: r.to_mode, dataplane: { from: r.from_dataplane, to: r.to_dataplane }, regression: r.regression, causes: r.causes }));
    await tx.query('INSERT INTO change_batches (source, at, changes) VALUES ($1, $2::timestamptz, $3) ON CONFLICT DO NOTHING', [source, at, encodeChangeBatch(changes)]);
  }
}
