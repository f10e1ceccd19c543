// The --db option of `record` and `history`: a folder (embedded) or a postgres:// URL, else the server's variables.
import path from 'node:path';
import { SchemaVersionError } from '@/lib/store/migrations';
import { StoredDataError } from '@/lib/store/history-rows';
import { isPostgresUrl, openHistoryStore } from '@/lib/store/open-store';
import { StoreUnavailableError } from '@/lib/store/sql-client';
import type { HistoryStore } from '@/lib/store/history-store';
import { UsageError, type CliIo } from '../io';

export const DB_HELP = `  --db DB          the history database: a folder (embedded, created when missing) or a
                   postgres://user:password@host:port/database URL. Default: the
                   MESH_POSTURE_DATABASE_URL or DATABASE_URL environment variable`;

export function databaseOf(value: string | undefined, io: CliIo): string {
  const db = value ?? (io.env['MESH_POSTURE_DATABASE_URL'] || io.env['DATABASE_URL'] || undefined);
  if (!db) throw new UsageError('--db is required: a folder for the embedded database, or a postgres:// URL (or set MESH_POSTURE_DATABASE_URL)');
  return db;
}

/** Whether an error is the database's (unreachable, newer, unreadable): exit 2 with its message, never a stack. */
export function isStoreError(e: unknown): e is Error {
  return e instanceof StoreUnavailableError || e instanceof SchemaVersionError || e instanceof StoredDataError;
}

/** Runs `work` on the open store and closes it; a store error becomes a usage-level failure (exit 2). */
export async function withHistoryStore<T>(db: string, io: CliIo, work: (store: HistoryStore) => Promise<T>): Promise<T> {
  let store: HistoryStore;
  try {
    store = await openHistoryStore(isPostgresUrl(db) ? db : path.resolve(io.cwd, db));
  } catch (e) {
    if (isStoreError(e)) throw new UsageError(e.message);
    throw e;
  }
  try {
    return await work(store);
  } catch (e) {
    if (isStoreError(e)) throw new UsageError(e.message);
    throw e;
  } finally {
    await store.close();
  }
}
