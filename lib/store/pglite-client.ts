// The embedded back end of the history store: PGlite (PostgreSQL compiled to WebAssembly) keeping its data in a
// folder, so a one-machine install and `npm run demo` keep history with nothing to install. PGlite is one process's
// database: a lock file beside the folder (`<folder>.lock`, holding the owner's pid) keeps a second process out
// instead of letting two of them corrupt it; more than one writing process is what the PostgreSQL back end is for.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
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

/**
 * Where this process resolves PGlite's ESM entry (from the working directory, else beside the entry script), for a
 * child process to import; null when it cannot be found that way.
 */
function pgliteEntry(): string | null {
  for (const base of [process.cwd(), path.dirname(process.argv[1] ?? process.cwd())]) {
    try {
      const resolved = createRequire(path.join(base, 'noop.js')).resolve('@electric-sql/pglite');
      const esm = path.join(path.dirname(resolved), 'index.js');
      return pathToFileURL(existsSync(esm) ? esm : resolved).href;
    } catch {
      // Not resolvable from there: try the next base.
    }
  }
  return null;
}

const INITDB_SCRIPT = `
const [entry, folder, settings] = process.argv.slice(1);
const { PGlite } = await import(entry);
const db = await PGlite.create(folder, { postgresqlconf: JSON.parse(settings) });
await db.close();
`;

/**
 * A new database folder is created (PGlite's initdb) in a short-lived child process. In this process it would cost
 * about +700 MB RSS at its peak (measured: PGlite runs initdb as a second WebAssembly instance beside a second
 * PostgreSQL one, each with at least 128 MB of linear memory, then copies the new data directory over) and leave
 * most of it allocated until a full GC; the child gives it all back when it exits. Opening the folder it leaves costs
 * what opening any existing database costs. Returns false when the child could not be started (PGlite not resolvable
 * from here): the caller then creates it in this process.
 */
async function initdbInChildProcess(folder: string): Promise<boolean> {
  const entry = pgliteEntry();
  if (!entry) return false;
  const stderr: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--liftoff-only', '--input-type=module', '-e', INITDB_SCRIPT, entry, folder, JSON.stringify(EMBEDDED_SETTINGS)], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) {
    const why = stderr.join('').split('\n').find((line) => /error/i.test(line)) ?? `exit status ${code}`;
    throw new Error(`creating it failed: ${why.trim().slice(0, 300)}`);
  }
  return true;
}

/**
 * PGlite's PostgreSQL is a 9 MB WebAssembly module. V8 compiles it at once with its baseline compiler (Liftoff) and
 * then again, function by function as they get hot, with its optimising one (TurboFan): measured, opening a database
 * costs +170 MB RSS that way and +90 MB with Liftoff alone (and half the time: the optimising compile is most of it),
 * for history queries and writes within the noise of each other. Set once, before the first open; it concerns
 * WebAssembly only, and PGlite is the only WebAssembly this program runs on the server.
 */
let baselineWasmOnly = false;
function compileWasmWithBaselineOnly(): void {
  if (baselineWasmOnly) return;
  v8.setFlagsFromString('--liftoff-only');
  baselineWasmOnly = true;
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
    if (!existsSync(path.join(folder, 'PG_VERSION'))) await initdbInChildProcess(folder);
    compileWasmWithBaselineOnly();
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
