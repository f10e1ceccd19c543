// Live-reader benchmark: the cluster feed against the API simulator (a separate process, so its memory is not
// counted) serving a synthetic mesh (test/synthetic/generate-mesh.ts). Prints, without asserting:
//   - time to the first complete snapshot vs. time to merely download and JSON.parse the same lists;
//   - event → posture: from a change sent to the API server until the dashboard's live posture (startLivePosture,
//     incremental recompute) serves a posture holding it, so an upper bound of watch event → posture (median and p99
//     over --events changes, each a label edit of a sidecar pod outside the root namespace, one at a time);
//   - API requests per minute in steady state (no events, over --steady-seconds);
//   - RSS of this process (reader + snapshot + posture) after a GC.
// Run: `npm run bench:reader -- [--pods 20000] [--events 1000] [--steady-seconds 60]`. Exits 0 unless it crashed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { findPod } from '@/lib/mesh/mesh-index';
import type { PostureState } from '@/lib/server/posture-store';
import { discover } from '@/lib/sources/cluster/discovery';
import { KIND_TABLE, resourcePath } from '@/lib/sources/cluster/kind-table';
import { KubeClient } from '@/lib/sources/cluster/kube-client';
import { loadKubeConfig } from '@/lib/sources/cluster/kubeconfig';
import { DEFAULT_PAGE_SIZE } from '@/lib/sources/cluster/list-kind';
import { planSyntheticMesh, syntheticMeshItems, syntheticMeshJsonChunks, type KubeObject } from '@/test/synthetic/generate-mesh';
import { intFlag, percentile } from './lib/bench-args';

const USAGE = `usage: npm run bench:reader -- [--pods N] [--namespaces N] [--events N] [--steady-seconds N]
  --pods N             pods in the mesh (default 20000)
  --namespaces N       namespaces (default 1000)
  --events N           watch events timed one at a time (default 1000)
  --steady-seconds N   window for the steady-state request rate (default 60)
`;

const ms = (n: number) => `${n.toFixed(0)} ms`;

async function writeMesh(file: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const chunk of chunks) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

async function startSimProcess(manifests: string, kubeconfig: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'test/kube-sim/serve.ts', '--port', '0', '--manifests', manifests, '--kubeconfig-out', kubeconfig], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const m = /^KUBE_SIM_URL=(.+)$/.exec(line);
    if (m?.[1]) return { child, url: m[1] };
  }
  throw new Error('the simulator exited before it was listening');
}

async function control(url: string, action: string, body?: unknown): Promise<unknown> {
  const init = { method: body === undefined && action === 'requests' ? 'GET' : 'POST', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) };
  // Control actions are idempotent; a keep-alive connection the simulator closed while idle is simply retried.
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${url}/__sim/${action}`, init);
      if (!res.ok) throw new Error(`/__sim/${action}: HTTP ${res.status}`);
      return await res.json();
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** The baseline: every list the feed needs, page by page, fetched and JSON.parse'd, nothing else. */
async function downloadAndParse(client: KubeClient): Promise<{ ms: number; objects: number }> {
  const resolutions = await discover(client, KIND_TABLE);
  const started = performance.now();
  let objects = 0;
  await Promise.all(
    KIND_TABLE.map(async (spec) => {
      const r = resolutions.get(spec.id);
      if (r?.type !== 'served') return;
      let token: string | undefined;
      do {
        const page = (await client.getJson(resourcePath(spec, r.version), { limit: DEFAULT_PAGE_SIZE, continue: token })) as { items: unknown[]; metadata: { continue?: string } };
        objects += page.items.length;
        token = page.metadata.continue || undefined;
      } while (token);
    }),
  );
  return { ms: performance.now() - started, objects };
}

const SERVER_CONDITION = '--conditions=react-server';
/** The synthetic mesh's Istio root namespace. */
const ROOT_NAMESPACE = 'istio-system';

/**
 * The feed is server-only code (it imports 'server-only', which throws outside React's server condition): run this
 * script again under that condition, as Next runs the server, rather than weaken the guard.
 */
async function underServerCondition(): Promise<boolean> {
  if (process.execArgv.includes(SERVER_CONDITION)) return true;
  const child = spawn(process.execPath, [...process.execArgv, SERVER_CONDITION, 'bin/run-ts.mjs', process.argv[1] ?? '', ...process.argv.slice(2)], { stdio: 'inherit' });
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  process.exitCode = code;
  return false;
}

async function main(): Promise<void> {
  if (!(await underServerCondition())) return;
  const { startClusterFeed, FEED_DEFAULTS } = await import('@/lib/sources/cluster/cluster-feed');
  const { startLivePosture } = await import('@/lib/server/live-posture');
  const { values } = parseArgs({
    options: { pods: { type: 'string' }, namespaces: { type: 'string' }, events: { type: 'string' }, 'steady-seconds': { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const pods = intFlag('pods', values.pods, 20_000, 2);
  const namespaces = intFlag('namespaces', values.namespaces, 1_000, 2);
  const events = intFlag('events', values.events, 1_000, 1);
  const steadySeconds = intFlag('steady-seconds', values['steady-seconds'], 60, 1);

  const dir = mkdtempSync(path.join(tmpdir(), 'bench-reader-'));
  let sim: ChildProcess | null = null;
  try {
    const plan = planSyntheticMesh({ pods, namespaces, policiesPerNamespace: 5, seed: 1 });
    const manifests = path.join(dir, 'manifests');
    mkdirSync(manifests);
    await writeMesh(path.join(manifests, 'mesh.json'), syntheticMeshJsonChunks(plan));
    // Sidecar pods outside the root namespace (whose objects are global by nature) to edit in turn: their label
    // changes are the timed events.
    type EditablePod = KubeObject & { metadata: { name: string; namespace: string; labels?: Record<string, string> } };
    const targets: EditablePod[] = [];
    const seenNamespaces = new Set<string>();
    for (const o of syntheticMeshItems(plan)) {
      const m = o['metadata'] as { namespace?: string } | undefined;
      if (o['kind'] !== 'Pod' || !m?.namespace || m.namespace === ROOT_NAMESPACE || seenNamespaces.has(m.namespace)) continue;
      if (!JSON.stringify(o).includes('"istio-proxy"')) continue;
      seenNamespaces.add(m.namespace);
      targets.push(o as EditablePod);
      if (targets.length >= 50) break;
    }
    if (targets.length === 0) throw new Error('the synthetic mesh has no sidecar pod outside the root namespace');
    const kubeconfig = path.join(dir, 'kubeconfig');
    process.stdout.write(`starting the simulator with ${pods} pods in ${namespaces} namespaces...\n`);
    const started = await startSimProcess(manifests, kubeconfig);
    sim = started.child;
    const kc = loadKubeConfig({ kubeconfigPath: kubeconfig });

    const baseline = await downloadAndParse(new KubeClient(kc));

    const t0 = performance.now();
    const feed = startClusterFeed({ kubeConfig: kc });
    const first = await feed.ready();
    const firstMs = performance.now() - t0;
    const objectsInSnapshot = first.pods.length + first.services.length + first.namespaces.length;

    // The dashboard's own path: the live posture recomputes each new snapshot from the previous computation.
    const live = await startLivePosture(feed);
    let served: PostureState = live.current();
    let notify: (() => void) | null = null;
    live.subscribe((state) => {
      served = state;
      notify?.();
    });
    let snapshotAt = 0;
    let awaited: { namespace: string; name: string; rev: string } | null = null;
    feed.subscribe((snapshot) => {
      const pod = awaited && snapshot.pods.find((p) => p.meta.name === awaited?.name && p.meta.namespace === awaited.namespace);
      if (pod && pod.meta.labels['bench-rev'] === awaited?.rev && snapshotAt === 0) snapshotAt = performance.now();
    });
    const timings: number[] = [];
    const applyTimes: number[] = [];
    const snapshotTimes: number[] = [];
    let fullRecomputes = 0;
    for (let i = 0; i < events; i++) {
      const rev = `r${i}`;
      const target = targets[i % targets.length]!;
      const changed = { ...target, metadata: { ...target.metadata, labels: { ...(target.metadata.labels ?? {}), 'bench-rev': rev } } };
      awaited = { namespace: target.metadata.namespace, name: target.metadata.name, rev };
      snapshotAt = 0;
      const sent = performance.now();
      await control(started.url, 'apply', changed);
      applyTimes.push(performance.now() - sent);
      const previous = served;
      while (findPod(served.computation.index, target.metadata.namespace, target.metadata.name)?.meta.labels['bench-rev'] !== rev) {
        await new Promise<void>((r) => (notify = r));
      }
      timings.push(performance.now() - sent);
      snapshotTimes.push(snapshotAt - sent);
      if (served.computation.workloads.every((w, n) => previous.computation.workloads[n] !== w)) fullRecomputes++;
    }
    timings.sort((a, b) => a - b);
    applyTimes.sort((a, b) => a - b);
    snapshotTimes.sort((a, b) => a - b);

    await control(started.url, 'reset-requests');
    await new Promise((r) => setTimeout(r, steadySeconds * 1_000));
    const steady = ((await control(started.url, 'requests')) as unknown[]).length;

    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    const rssMiB = rss / 2 ** 20;
    await live.stop();

    const out = [
      `mesh: ${pods} pods, ${namespaces} namespaces; ${baseline.objects} objects listed (${objectsInSnapshot} namespaces+pods+services in the snapshot)`,
      `first complete snapshot: ${ms(firstMs)}   download + JSON.parse of the same lists: ${ms(baseline.ms)}   ratio ${(firstMs / baseline.ms).toFixed(2)} (target <= 2)`,
      `event -> posture over ${events} events (a pod label written to the API server until the posture served holds it): median ${ms(percentile(timings, 50))}, p99 ${ms(percentile(timings, 99))} (target p99 <= 50 ms)`,
      `  of which the write to the simulator (its HTTP round trip): median ${ms(percentile(applyTimes, 50))}, p99 ${ms(percentile(applyTimes, 99))}; until the feed's snapshot holds it: median ${ms(percentile(snapshotTimes, 50))}, p99 ${ms(percentile(snapshotTimes, 99))}; full recomputes: ${fullRecomputes}`,
      `steady state: ${steady} API requests in ${steadySeconds} s = ${((steady * 60) / steadySeconds).toFixed(1)} per minute (no list polling; relist every ${FEED_DEFAULTS.relistIntervalMs / 60_000} min)`,
      `RSS after GC: ${rssMiB.toFixed(0)} MiB (JS heap in use ${(heapUsed / 2 ** 20).toFixed(0)} MiB; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB)${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for a settled figure)'}`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    sim?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  const cause = e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : '';
  process.stderr.write(`bench-reader: ${e instanceof Error ? e.message : String(e)}${cause}\n`);
  process.exit(e instanceof RangeError ? 2 : 1);
});
