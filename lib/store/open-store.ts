// `--db DB` / MESH_POSTURE_DATABASE_URL: a postgres:// (or postgresql://) URL is PostgreSQL, anything else a folder
// for the embedded database.
import { historyStoreOver, type HistoryStore } from './history-store';
import { openPostgresClient } from './pg-client';
import { openEmbeddedClient } from './pglite-client';

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

export async function openHistoryStore(db: string, options: { readonly lockWaitMs?: number } = {}): Promise<HistoryStore> {
  const client = isPostgresUrl(db) ? await openPostgresClient(db) : await openEmbeddedClient(db, options);
  return historyStoreOver(client);
}
