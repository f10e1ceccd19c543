// Load benchmark (issue #14): the built dashboard server (`next build` output, started as `npm start` starts it) on a
// synthetic mesh (test/synthetic, 20,000 pods in 1,000 namespaces by default) read live through the API simulator
// (test/kube-sim, a separate process), then N concurrent clients per route for a fixed time. Loopback only; every
// phase is bounded in time and count, and the script stops the server and the simulator itself.
// Prints per route: requests/s, p50, p99, max, answers by class (2xx, 304, 429, other), resets/timeouts, and the
// server's RSS after warm-up, per route (peak while it ran) and at the end (the kernel's high-water mark, VmHWM).
// A benchmark prints figures; it does not assert. Run `npm run build` first.
// Run: `npm run bench:load -- [--duration 60] [--clients 50] [--pods 20000] [--namespaces 1000] [--routes a,b]`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { planSyntheticMesh, syntheticMeshItems, syntheticMeshJsonChunks } from '@/test/synthetic/generate-mesh';
import { intFlag, percentile } from './lib/bench-args';

const ROUTE_NAMES = ['overview', 'namespace', 'pod', 'findings', 'certificates', 'migration', 'topology', 'report-namespace', 'export'] as const;
type RouteName = (typeof ROUTE_NAMES)[number];

const USAGE = `usage: npm run bench:load -- [options]
  --duration S      seconds of load per route (default 60)
  --clients N       concurrent clients per route (default 50)
  --pods N          pods in the synthetic mesh (default 20000)
  --namespaces N    namespaces (default 1000)
  --distinct N      namespaces and pods the namespace, pod and one-namespace report routes cycle through (default 50)
  --routes LIST     comma-separated subset of: ${ROUTE_NAMES.join(',')}
  --revalidate      send If-None-Match with the last ETag seen for the same URL (a polling browser or API client)
  --no-history      run the server with history off (MESH_POSTURE_DATABASE_URL=off); by default it records into a
                    temporary embedded database, as a default install does into its own folder
  --port P          the server's port (default: a free one)
`;

/** A request still running this long after its route's time is up is abandoned (counted as a timeout). */
const GRACE_MS = 120_000;
/** A request that takes longer than this is abandoned (counted as a timeout). */
const REQUEST_TIMEOUT_MS = 180_000;
/** The first posture at 20k pods takes tens of seconds through the simulator; bounded. */
const WARM_UP_TIMEOUT_MS = 600_000;
/** A 429's Retry-After is honoured up to this. */
const MAX_RETRY_AFTER_MS = 5_000;
/** Between routes, the server is given up to this long to finish abandoned work (its health probe answers fast again). */
const SETTLE_TIMEOUT_MS = 120_000;
const SETTLED_MS = 100;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const fmtMs = (n: number) => (Number.isNaN(n) ? '-' : n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(0)} ms`);
const fmtMb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const fmtLoad = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function writeMesh(file: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const chunk of chunks) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** Resolves with the first capture of `pattern` on the child's stdout, within `timeoutMs`. */
async function lineFrom(child: ChildProcess, pattern: RegExp, what: string, timeoutMs: number): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
  try {
    for await (const line of lines) {
      const m = pattern.exec(line);
      if (m) return m[1] ?? line;
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`${what} exited (or took over ${timeoutMs / 1000} s) before it was listening`);
}

/** Resident set size and its high-water mark of a process, in kB (Linux /proc). */
function memoryOf(pid: number): { rssKb: number; hwmKb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return { rssKb: NaN, hwmKb: NaN };
  }
}

interface Answer {
  readonly status: number | 'reset' | 'timeout';
  readonly ms: number;
  readonly etag: string | null;
  readonly retryAfterMs: number;
}

function get(agent: Agent, port: number, target: string, headers: Record<string, string>): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Omit<Answer, 'ms'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...a, ms: performance.now() - started });
    };
    const req = httpRequest({ host: '127.0.0.1', port, path: target, agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        const retryAfter = Number(res.headers['retry-after'] ?? 0);
        done({ status: res.statusCode ?? 0, etag: typeof res.headers.etag === 'string' ? res.headers.etag : null, retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : 0 });
      });
      res.on('error', () => done({ status: 'reset', etag: null, retryAfterMs: 0 }));
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => {
      done({ status: 'timeout', etag: null, retryAfterMs: 0 });
      req.destroy();
    });
    req.on('error', () => done({ status: 'reset', etag: null, retryAfterMs: 0 }));
    req.end();
  });
}

interface RouteResult {
  readonly route: RouteName;
  readonly requests: number;
  readonly seconds: number;
  readonly latencies: number[];
  readonly ok: number;
  readonly notModified: number;
  readonly busy: number;
  readonly otherStatus: number;
  readonly resets: number;
  readonly peakRssKb: number;
  readonly load: string;
}

interface LoadOptions {
  readonly port: number;
  readonly clients: number;
  readonly durationMs: number;
  readonly auth: Record<string, string>;
  readonly revalidate: boolean;
  readonly serverPid: number;
}

async function loadRoute(route: RouteName, targets: readonly string[], o: LoadOptions): Promise<RouteResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.clients });
  const etags = new Map<string, string>();
  const latencies: number[] = [];
  const counts = { ok: 0, notModified: 0, busy: 0, otherStatus: 0, resets: 0 };
  let next = 0;
  let peakRssKb = 0;
  const sampler = setInterval(() => (peakRssKb = Math.max(peakRssKb, memoryOf(o.serverPid).rssKb || 0)), 250);
  const started = performance.now();
  const deadline = started + o.durationMs;
  let abandoned = false;
  const client = async () => {
    while (performance.now() < deadline && !abandoned) {
      const target = targets[next++ % targets.length]!;
      const etag = o.revalidate ? etags.get(target) : undefined;
      const a = await get(agent, o.port, target, { ...o.auth, ...(etag ? { 'If-None-Match': etag } : {}) });
      if (abandoned) return;
      latencies.push(a.ms);
      if (a.status === 'reset' || a.status === 'timeout') counts.resets += 1;
      else if (a.status === 304) counts.notModified += 1;
      else if (a.status === 429) counts.busy += 1;
      else if (a.status >= 200 && a.status < 300) counts.ok += 1;
      else counts.otherStatus += 1;
      if (a.etag) etags.set(target, a.etag);
      if (a.status === 429) await sleep(Math.min(MAX_RETRY_AFTER_MS, a.retryAfterMs || 1000, Math.max(0, deadline - performance.now())));
    }
  };
  const all = Promise.all(Array.from({ length: o.clients }, client));
  const late = await Promise.race([all.then(() => false), sleep(o.durationMs + GRACE_MS).then(() => true)]);
  if (late) {
    // Requests still running are abandoned: their sockets destroyed, each counted once as a timeout.
    abandoned = true;
    counts.resets += Object.values(agent.sockets).reduce((n, list) => n + (list?.length ?? 0), 0);
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { route, requests: latencies.length, seconds, latencies, ...counts, peakRssKb, load: fmtLoad() };
}

/** Sidecar pods, one per namespace outside the root namespace, up to `count`: the pod route's and namespace routes' targets. */
function pickTargets(plan: ReturnType<typeof planSyntheticMesh>, count: number): { namespaces: string[]; pods: string[] } {
  const namespaces: string[] = [];
  const pods: string[] = [];
  for (const o of syntheticMeshItems(plan)) {
    if (o['kind'] !== 'Pod') continue;
    const m = o['metadata'] as { namespace?: string; name?: string } | undefined;
    if (!m?.namespace || !m.name || m.namespace === 'istio-system' || namespaces.includes(m.namespace)) continue;
    if (!JSON.stringify(o).includes('"istio-proxy"')) continue;
    namespaces.push(m.namespace);
    pods.push(`${encodeURIComponent(m.namespace)}/pods/${encodeURIComponent(m.name)}`);
    if (namespaces.length >= count) break;
  }
  return { namespaces, pods };
}

function targetsOf(route: RouteName, t: { namespaces: string[]; pods: string[] }): string[] {
  switch (route) {
    case 'overview':
      return ['/api/v1/overview'];
    case 'namespace':
      return t.namespaces.map((ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}`);
    case 'pod':
      return t.pods.map((p) => `/api/v1/namespaces/${p}`);
    case 'findings':
      return ['/api/v1/findings'];
    case 'certificates':
      return ['/api/v1/certificates'];
    case 'migration':
      return ['/api/v1/migration'];
    case 'topology':
      return ['/api/v1/topology'];
    case 'report-namespace':
      return t.namespaces.map((ns) => `/api/v1/report?format=json&namespace=${encodeURIComponent(ns)}`);
    case 'export':
      return ['/api/v1/report?format=json'];
  }
}

/** Waits (bounded) until the health probe answers within SETTLED_MS: work abandoned by the previous route is done. */
async function settle(agent: Agent, port: number): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < SETTLE_TIMEOUT_MS) {
    const a = await get(agent, port, '/api/v1/health', {});
    if (a.status === 200 && a.ms < SETTLED_MS) return;
    await sleep(500);
  }
  process.stdout.write(`the server did not settle within ${SETTLE_TIMEOUT_MS / 1000} s; going on\n`);
}

function printTable(results: readonly RouteResult[]): void {
  const header = ['route', 'requests', 'req/s', 'p50', 'p99', 'max', '2xx', '304', '429', 'other', 'resets/timeouts', 'peak RSS', 'load avg (1/5/15)'];
  const rows = results.map((r) => [
    r.route,
    String(r.requests),
    (r.requests / r.seconds).toFixed(1),
    fmtMs(percentile(r.latencies, 50)),
    fmtMs(percentile(r.latencies, 99)),
    fmtMs(r.latencies.at(-1) ?? NaN),
    String(r.ok),
    String(r.notModified),
    String(r.busy),
    String(r.otherStatus),
    String(r.resets),
    fmtMb(r.peakRssKb),
    r.load,
  ]);
  process.stdout.write(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`);
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
}

function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      clients: { type: 'string' },
      pods: { type: 'string' },
      namespaces: { type: 'string' },
      distinct: { type: 'string' },
      routes: { type: 'string' },
      revalidate: { type: 'boolean', default: false },
      'no-history': { type: 'boolean', default: false },
      port: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const durationMs = intFlag('duration', values.duration, 60, 1) * 1000;
  const clients = intFlag('clients', values.clients, 50, 1);
  const pods = intFlag('pods', values.pods, 20_000, 2);
  const namespaces = intFlag('namespaces', values.namespaces, 1_000, 2);
  const distinct = intFlag('distinct', values.distinct, 50, 1);
  const routes = (values.routes ?? ROUTE_NAMES.join(',')).split(',').map((r) => r.trim());
  for (const r of routes) if (!(ROUTE_NAMES as readonly string[]).includes(r)) throw new RangeError(`--routes: unknown route ${JSON.stringify(r)} (known: ${ROUTE_NAMES.join(', ')})`);
  if (!existsSync('.next/BUILD_ID')) throw new Error('no production build: run `npm run build` first');

  const dir = mkdtempSync(path.join(tmpdir(), 'bench-load-'));
  let sim: ChildProcess | null = null;
  let server: ChildProcess | null = null;
  try {
    const plan = planSyntheticMesh({ pods, namespaces, policiesPerNamespace: 5, seed: 1 });
    const manifests = path.join(dir, 'manifests');
    mkdirSync(manifests);
    await writeMesh(path.join(manifests, 'mesh.json'), syntheticMeshJsonChunks(plan));
    const targets = pickTargets(plan, distinct);
    const kubeconfig = path.join(dir, 'kubeconfig');
    process.stdout.write(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; load average at start ${fmtLoad()}\n`);
    process.stdout.write(`starting the API simulator with ${pods} pods in ${namespaces} namespaces...\n`);
    sim = spawn(process.execPath, ['bin/run-ts.mjs', 'test/kube-sim/serve.ts', '--port', '0', '--manifests', manifests, '--kubeconfig-out', kubeconfig], { stdio: ['ignore', 'pipe', 'inherit'] });
    await lineFrom(sim, /^KUBE_SIM_URL=(.+)$/, 'the simulator', 300_000);

    const port = values.port ? intFlag('port', values.port, 0, 1) : await freePort();
    const token = randomBytes(24).toString('hex');
    // Started as `npm start` starts it; the live cluster source through the simulator's kubeconfig; a shared token, so
    // every request also pays for the access check.
    server = spawn(process.execPath, ['--max-semi-space-size=64', 'bin/mesh-posture-server.mjs', '--hostname', '127.0.0.1', '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        KUBECONFIG: kubeconfig,
        MESH_POSTURE_SOURCE: 'cluster',
        MESH_POSTURE_TOKEN: token,
        MESH_POSTURE_ANONYMOUS: '',
        MESH_POSTURE_DATABASE_URL: values['no-history'] ? 'off' : path.join(dir, 'history'),
      },
    });
    await lineFrom(server, /^(Mesh Posture listening on .+)$/, 'the server', 120_000);
    const serverPid = server.pid!;
    const auth = { Authorization: `Bearer ${token}` };

    // Warm-up: the first posture (built on the first request), then one request per route, timed.
    const warmAgent = new Agent({ keepAlive: false });
    const t0 = performance.now();
    for (;;) {
      const a = await get(warmAgent, port, '/api/v1/overview', auth);
      if (a.status === 200) break;
      if (performance.now() - t0 > WARM_UP_TIMEOUT_MS) throw new Error(`the first posture was not served within ${WARM_UP_TIMEOUT_MS / 1000} s (last answer: ${a.status})`);
      await sleep(1000);
    }
    process.stdout.write(`first posture served after ${fmtMs(performance.now() - t0)}\n`);
    const firstRequest: string[] = [];
    for (const route of routes as RouteName[]) {
      const target = targetsOf(route, targets)[0]!;
      const a = await get(warmAgent, port, target, auth);
      firstRequest.push(`${route} ${a.status} ${fmtMs(a.ms)}`);
    }
    process.stdout.write(`first request per route: ${firstRequest.join('; ')}\n`);
    const warm = memoryOf(serverPid);
    process.stdout.write(`server RSS after warm-up: ${fmtMb(warm.rssKb)} (peak so far ${fmtMb(warm.hwmKb)})\n`);

    const results: RouteResult[] = [];
    for (const route of routes as RouteName[]) {
      if (server.exitCode !== null || server.signalCode !== null) {
        process.stdout.write(`the server exited (${server.exitCode ?? server.signalCode}); ${route} and later routes not run\n`);
        break;
      }
      await settle(warmAgent, port);
      process.stdout.write(`${route}: ${clients} clients for ${durationMs / 1000} s...\n`);
      results.push(await loadRoute(route, targetsOf(route, targets), { port, clients, durationMs, auth, revalidate: values.revalidate, serverPid }));
    }
    const end = memoryOf(serverPid);
    process.stdout.write(`\n${clients} clients per route, ${durationMs / 1000} s each, ${pods} pods / ${namespaces} namespaces, ${targets.namespaces.length} distinct namespaces and pods${values.revalidate ? ', revalidating with ETags' : ''}${values['no-history'] ? ', history off' : ''}\n\n`);
    printTable(results);
    process.stdout.write(`\nserver RSS: ${fmtMb(warm.rssKb)} after warm-up, ${fmtMb(end.rssKb)} at the end, peak ${fmtMb(end.hwmKb)} (VmHWM)${server.exitCode !== null || server.signalCode !== null ? '; the server process exited during the run' : ''}\n`);
    process.stdout.write(`load average at the end: ${fmtLoad()}\n`);
  } finally {
    await stop(server);
    await stop(sim);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-load: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
