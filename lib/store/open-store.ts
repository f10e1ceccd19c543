// `--db DB` / MESH_POSTURE_DATABASE_URL: a postgres:// (or postgresql://) URL is PostgreSQL, anything else a folder
// for the embedded database.
import { historyStoreOver, type HistoryStore } from './history-store';

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

export async function openHistoryStore(db: string, options: { readonly lockWaitMs?: number } = {}): Promise<HistoryStore> {
  // Only the driver in use is loaded (pg or pglite's wasm), so the CLI's `record`/`history` start no heavier than needed.
  const client = isPostgresUrl(db)
    ? await (await import('./pg-client')).openPostgresClient(db)
    : await (await import('./pglite-client')).openEmbeddedClient(db, options);
  return historyStoreOver(client);
}
