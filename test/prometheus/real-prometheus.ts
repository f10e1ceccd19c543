// A real Prometheus for the tests (Debian's `prometheus` package, installed by scripts/ensure-prometheus.sh): the
// history is written as OpenMetrics and backfilled with `promtool tsdb create-blocks-from openmetrics` (seconds
// timestamps, a final `# EOF`, blocks of at most 24 h), then the server starts on a free loopback port with a
// temporary data directory and `--storage.tsdb.retention.time=90d` (the default 15 d would delete the backfilled
// blocks at once: retention counts from the newest block). Never skipped: a missing binary fails with how to fix it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';

export interface RunningPrometheus {
  readonly url: string;
  stop(): Promise<void>;
}

function requireBinaries(): void {
  for (const bin of [PROMETHEUS_BIN, PROMTOOL_BIN]) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: these tests need a real Prometheus. Run 'bash scripts/ensure-prometheus.sh' (as root it installs Debian's prometheus package).`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`prometheus did not become ready within 30 s:\n${log()}`);
}

/** Backfills `openmetrics` (ending with `# EOF`) and starts a server on it. */
export async function startPrometheus(openmetrics: string): Promise<RunningPrometheus> {
  requireBinaries();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mesh-posture-prom-'));
  const data = path.join(dir, 'data');
  const input = path.join(dir, 'history.om');
  await writeFile(input, openmetrics);
  await run(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', input, data, '--max-block-duration=24h'], { maxBuffer: 16 * 1024 * 1024 });
  const config = path.join(dir, 'prometheus.yml');
  await writeFile(config, 'global:\n  scrape_interval: 1h\nscrape_configs: []\n');
  const port = await freePort();
  let output = '';
  const child = spawn(
    PROMETHEUS_BIN,
    [`--config.file=${config}`, `--storage.tsdb.path=${data}`, '--storage.tsdb.retention.time=90d', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, () => output);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, stop };
}
