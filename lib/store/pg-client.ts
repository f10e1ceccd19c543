// The PostgreSQL back end of the history store (`postgres://…`): a small pg Pool, for teams and for more than one
// replica writing to one database.
import pg from 'pg';
import { errorLine } from '@/lib/sources/files/error-line';
import { StoreUnavailableError, type SqlClient, type SqlExecutor } from './sql-client';

/** The URL as it may be shown: without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

function executor(run: (text: string, params?: unknown[]) => Promise<pg.QueryResult>): SqlExecutor {
  return {
    query: async <Row extends object>(text: string, params: readonly unknown[] = []) => (await run(text, [...params])).rows as Row[],
    exec: async (text: string) => {
      await run(text);
    },
  };
}

export async function openPostgresClient(url: string): Promise<SqlClient> {
  const label = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000, application_name: 'mesh-posture' });
  // An idle client losing its connection (the server restarting) must not crash the process: the pool replaces it.
  pool.on('error', (e) => console.error(`mesh-posture: history database ${label}: ${errorLine(e)}`));
  try {
    (await pool.connect()).release();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new StoreUnavailableError(`cannot connect to the history database ${label}: ${errorLine(e)}`);
  }
  const base = executor((text, params) => pool.query(text, params));
  return {
    ...base,
    label,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(executor((text, params) => client.query(text, params)));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
