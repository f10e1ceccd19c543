// The embedded back end of the history store: PGlite (PostgreSQL compiled to WebAssembly) keeping its data in a
// folder, so a one-machine install and `npm run demo` keep history with nothing to install. PGlite is one process's
// database: a lock file beside the folder (`<folder>.lock`, holding the owner's pid) keeps a second process out
// instead of letting two of them corrupt it; more than one writing process is what the PostgreSQL back end is for.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { errorLine } from '@/lib/sources/files/error-line';
import { StoreUnavailableError, type SqlClient, type SqlExecutor } from './sql-client';

const LOCK_WAIT_MS = 15_000;
/**
 * PGlite's defaults size PostgreSQL for a database server (shared_buffers 128 MB): the history is small and written a
 * few times an hour, and the WebAssembly memory behind these buffers is the process's own RSS.
 */
const EMBEDDED_SETTINGS = ['shared_buffers=16MB', 'wal_buffers=1MB', 'work_mem=4MB', 'maintenance_work_mem=16MB'];
const LOCK_POLL_MS = 100;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<dir>.lock`; a lock left by a process that is gone is taken over. Resolves to its release. */
async function lockDirectory(dir: string, waitMs: number): Promise<() => void> {
  const lockFile = `${dir}.lock`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lockFile);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new StoreUnavailableError(`cannot lock the history database ${dir}: ${errorLine(e)}`);
    }
    let owner = Number.NaN;
    try {
      owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    } catch {
      continue; // released between our attempt and the read
    }
    if (!Number.isInteger(owner) || owner <= 0 || !isRunning(owner)) {
      try {
        unlinkSync(lockFile);
      } catch {
        // Another process took it over first; the next attempt sees its lock.
      }
      continue;
    }
    if (Date.now() >= deadline) {
      throw new StoreUnavailableError(
        `the history database ${dir} is in use by process ${owner} (lock file ${lockFile}); an embedded database has one writer at a time: stop it, or use PostgreSQL (--db postgres://…) for several`,
      );
    }
    await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
  }
}

type PgliteLike = Pick<PGlite, 'query' | 'exec'>;

function executor(db: PgliteLike): SqlExecutor {
  return {
    query: async <Row extends object>(text: string, params: readonly unknown[] = []) => (await db.query<Row>(text, [...params])).rows,
    exec: async (text: string) => {
      await db.exec(text);
    },
  };
}

export async function openEmbeddedClient(dir: string, options: { readonly lockWaitMs?: number } = {}): Promise<SqlClient> {
  const folder = path.resolve(dir);
  try {
    mkdirSync(path.dirname(folder), { recursive: true });
  } catch (e) {
    throw new StoreUnavailableError(`cannot create the folder of the history database ${folder}: ${errorLine(e)}`);
  }
  const release = await lockDirectory(folder, options.lockWaitMs ?? LOCK_WAIT_MS);
  let db: PGlite;
  try {
    db = await PGlite.create(folder, { postgresqlconf: EMBEDDED_SETTINGS });
  } catch (e) {
    release();
    throw new StoreUnavailableError(`cannot open the history database ${folder}: ${errorLine(e)}`);
  }
  return {
    ...executor(db),
    label: folder,
    // PGlite runs one transaction at a time: concurrent callers queue.
    transaction: (work) => db.transaction((tx) => work(executor(tx))),
    async close() {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}
