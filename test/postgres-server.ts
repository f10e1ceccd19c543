// A throwaway PostgreSQL 15 server for the tests of the PostgreSQL history store: Debian's postgresql-15 binaries,
// a cluster made with initdb in a temporary folder, listening on a free loopback port (and a socket in that
// folder), run as an unprivileged user (initdb refuses root; CI runs as root, so the cluster runs as `nobody`).
// A missing server fails the test with what to install; it is never skipped.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  readonly url: string;
  /** A new, empty database on this server (its URL). */
  createDatabase(name: string): string;
  /** Stops the server the way a crash would (no shutdown checkpoint), then starts it again on the same port. */
  restart(): void;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  if (!existsSync(path.join(PG_BIN, 'initdb')) || !existsSync(path.join(PG_BIN, 'pg_ctl'))) {
    throw new Error(`PostgreSQL 15 is not installed (no ${PG_BIN}/initdb): run 'bash scripts/ensure-postgresql.sh' (Debian's postgresql-15), then retry`);
  }
  const root = mkdtempSync(path.join(tmpdir(), 'mp-pg-'));
  const data = path.join(root, 'data');
  const isRoot = process.getuid?.() === 0;
  // As root, the cluster belongs to `nobody`, which must own the folder it writes to.
  const asUser = (cmd: string, args: string[]) =>
    execFileSync(isRoot ? 'runuser' : cmd, isRoot ? ['-u', 'nobody', '--', cmd, ...args] : args, { stdio: 'pipe', cwd: root, timeout: 60_000 });
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'nobody']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'nobody']).toString().trim());
    chownSync(root, uid, gid);
  }
  const port = await freePort();
  const run = (what: string, cmd: string, args: string[]) => {
    try {
      asUser(cmd, args);
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      throw new Error(`PostgreSQL test server: ${what} failed: ${(err.stderr?.toString() || err.message).trim().split('\n').slice(-3).join(' | ')}`);
    }
  };
  run('initdb', path.join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const start = () => run('pg_ctl start', path.join(PG_BIN, 'pg_ctl'), ['-D', data, '-o', options, '-l', path.join(root, 'server.log'), '-w', '-t', '60', 'start']);
  const stop = (mode: 'fast' | 'immediate') => run(`pg_ctl stop -m ${mode}`, path.join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']);
  start();
  const url = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  return {
    url: url('postgres'),
    createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`test database name ${name}: lower-case letters, digits and _`);
      run(`createdb ${name}`, path.join(PG_BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
      return url(name);
    },
    restart() {
      stop('immediate');
      start();
    },
    stop() {
      try {
        stop('fast');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
