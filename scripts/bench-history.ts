// History store benchmark (issue #12 targets, measured here, not asserted in tests): on a generated mesh of --pods
// pods, the time to record a posture in which --changed workloads changed mode, the time of a 90-day history query
// after --days daily postures of that size, and the storage each day adds. Run: `npm run bench:history`
// (embedded database in a temporary folder) or `npm run bench:history -- --db postgres://…` (an empty database).
// Targets: record ≤ 1 s at 20,000 pods and 100 changed workloads; 90-day query ≤ 200 ms; ≤ 10 MB a day.
// Prints figures; exits 0 unless something crashed (2 on a usage error).
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSnapshot, type SourceDocument } from '@/lib/snapshot/build-snapshot';
import { computePosture } from '@/lib/mesh/compute-posture';
import { digestPosture } from '@/lib/mesh/history/posture-digest';
import type { PostureDigest } from '@/lib/mesh/history/history-types';
import { openHistoryStore, isPostgresUrl } from '@/lib/store/open-store';
import { openPostgresClient } from '@/lib/store/pg-client';
import { generateSyntheticMesh } from '@/test/synthetic/generate-mesh';

const USAGE = `usage: npm run bench:history -- [--pods N] [--changed N] [--days N] [--db DB]
  --pods N     pods in the generated mesh (default 20000)
  --changed N  workloads whose mode changes between consecutive postures (default 100)
  --days N     daily postures recorded before the query (default 90)
  --db DB      a postgres:// URL of an empty database, or a folder to keep the embedded database in
               (default: an embedded database in a temporary folder, removed at the end)
`;

const DAY_MS = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00Z');

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9][0-9]*$/.test(value)) {
    process.stderr.write(`--${name}: expected a positive integer\n${USAGE}`);
    process.exit(2);
  }
  return Number(value);
}

/** The posture at `at` in which the first `changed` workloads are PERMISSIVE on day parity 1 (a policy added), STRICT otherwise. */
function variant(base: PostureDigest, at: string, relaxed: boolean, changed: number): PostureDigest {
  const workloads = [...new Set(base.ports.map((p) => `${p.namespace}/${p.workload}`))].slice(0, changed);
  const affected = new Set(workloads);
  const policy = 'PeerAuthentication/bench/relax';
  const objects = { ...base.objects };
  if (relaxed) objects[policy] = 'relaxed';
  else delete objects[policy];
  return {
    ...base,
    at,
    ports: base.ports.map((p) => (affected.has(`${p.namespace}/${p.workload}`) ? { ...p, mode: relaxed ? 'PERMISSIVE' : 'STRICT' } : p)),
    deciders: Object.fromEntries(Object.entries(base.deciders).map(([k, v]) => [k, affected.has(k) ? [...v, policy] : v])),
    objects,
  };
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).reduce((sum, e) => (e.isFile() ? sum + statSync(path.join(e.parentPath, e.name)).size : sum), 0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pods: { type: 'string' }, changed: { type: 'string' }, days: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) return void process.stdout.write(USAGE);
  const pods = intOption(values.pods, 'pods', 20_000);
  const changed = intOption(values.changed, 'changed', 100);
  const days = intOption(values.days, 'days', 90);
  const at = (day: number) => new Date(START + day * DAY_MS).toISOString().replace('.000Z', 'Z');

  const postgres = values.db !== undefined && isPostgresUrl(values.db);
  // A folder given with --db is kept (to query it again); a temporary one is removed at the end.
  const folder = postgres ? null : values.db ? path.resolve(values.db) : mkdtempSync(path.join(tmpdir(), 'mp-bench-history-'));
  const db = postgres ? (values.db as string) : path.join(folder as string, 'history');
  // First, before the mesh inflates the process: what creating (or opening) the database costs in memory.
  const rssBefore = process.memoryUsage().rss;
  let t = performance.now();
  const store = await openHistoryStore(db);
  const peak = process.resourceUsage().maxRSS * 1024 - rssBefore;
  process.stdout.write(
    `open a new database and migrate it: ${(performance.now() - t).toFixed(0)} ms, this process's RSS peak +${(peak / 1e6).toFixed(0)} MB, ` +
      `+${((process.memoryUsage().rss - rssBefore) / 1e6).toFixed(0)} MB after (target ≤ +100 MB; an embedded database is created by a child process)\n`,
  );

  const mesh = generateSyntheticMesh({ pods, namespaces: Math.max(2, Math.round(pods / 20)), policiesPerNamespace: 5, seed: 1 });
  const snapshot = buildSnapshot(mesh.items.map((raw): SourceDocument => ({ raw })), { source: 'synthetic', asOf: at(0) });
  const base = digestPosture(computePosture(snapshot, { now: at(0) }), snapshot, at(0));
  const workloads = new Set(base.ports.map((p) => `${p.namespace}/${p.workload}`)).size;
  process.stdout.write(`mesh: ${pods} pods, ${workloads} workloads, ${base.ports.length} workload ports; ${changed} workloads change each day\n`);

  const size = async () => {
    if (folder) return folderBytes(path.join(folder, 'history'));
    const client = await openPostgresClient(db);
    try {
      const [row] = await client.query<{ bytes: string }>('SELECT pg_database_size(current_database())::text AS bytes');
      return Number(row?.bytes ?? 0);
    } finally {
      await client.close();
    }
  };
  try {
    t = performance.now();
    await store.record(base);
    process.stdout.write(`first posture (baseline): ${(performance.now() - t).toFixed(0)} ms\n`);
    await store.close();
    const sizeAfterBaseline = await size();
    const reopened = await openHistoryStore(db);
    const times: number[] = [];
    for (let day = 1; day <= days; day++) {
      const next = variant(base, at(day), day % 2 === 1, changed);
      t = performance.now();
      const outcome = await reopened.record(next);
      times.push(performance.now() - t);
      if (outcome.delta?.changes.length === 0) throw new Error(`day ${day}: no change recorded`);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`record a posture with ${changed} changed workloads: median ${times[Math.floor(times.length / 2)]?.toFixed(0)} ms, worst ${times.at(-1)?.toFixed(0)} ms (target ≤ 1000 ms)\n`);
    for (const [what, spans] of [['records and changes', []], ['with findings, phases and rotations', undefined]] as const) {
      const queries: number[] = [];
      let found = '';
      for (let i = 0; i < 5; i++) {
        t = performance.now();
        const h = await reopened.history({ since: at(days - 90), ...(spans ? { spans } : {}) });
        queries.push(performance.now() - t);
        found = `${h.records.length} records, ${h.changes.length} changes, ${h.findings.length} finding spans`;
      }
      queries.sort((a, b) => a - b);
      process.stdout.write(`90-day history query, ${what} (${found}): median ${queries[2]?.toFixed(0)} ms (target ≤ 200 ms)\n`);
    }
    await reopened.close();
    const grown = (await size()) - sizeAfterBaseline;
    process.stdout.write(`storage: ${(grown / 1e6).toFixed(1)} MB over ${days} days = ${(grown / days / 1e6).toFixed(2)} MB a day (target ≤ 10 MB; the last posture of each source, ${(JSON.stringify(base).length / 1e6).toFixed(1)} MB of JSON here, is kept in parts per namespace)\n`);
  } finally {
    await store.close().catch(() => undefined);
    if (folder && !values.db) rmSync(folder, { recursive: true, force: true });
  }
}

await main();
