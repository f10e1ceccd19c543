// `mesh-posture record`: compute the posture of a source and add it to the history database (for cron or CI jobs),
// then apply the retention. Prints what was recorded; the history itself is read with `mesh-posture history`.
import { parseArgs } from 'node:util';
import { computePosture } from '@/lib/mesh/compute-posture';
import { digestPosture } from '@/lib/mesh/history/posture-digest';
import { DEFAULT_RETENTION } from '@/lib/store/history-store';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import { countOf } from '@/lib/report/render/format-values';
import { parseNow, requireSource } from '../common-options';
import { EXIT, UsageError, type CliIo } from '../io';
import { loadForCli } from '../load';
import { terminalSafe } from '../terminal-text';
import { databaseOf, DB_HELP, withHistoryStore } from './history-db';
import { parseTrafficOptions, TRAFFIC_OPTIONS, TRAFFIC_USAGE } from '../traffic-options';
import { trafficDays, workloadDataplanes } from '@/lib/mesh/history/traffic-daily';
import { prometheusClientFor } from '@/lib/sources/prometheus/client';
import { readTrafficSnapshot } from '@/lib/sources/prometheus/read-traffic';

export const RECORD_USAGE = `Usage: mesh-posture record --source SRC --db DB [--now RFC3339] [--context NAME]
         [--retention-days N] [--detail-days N]

Computes the posture of SRC and records it in the history database with what changed since
the previous posture recorded for the same source: per workload and port the effective mode,
with the objects added, modified or removed that caused it; findings opened and closed;
namespaces entering a migration phase; certificate rotations. An identical posture adds nothing.

  --source SRC       a YAML/JSON file or folder, "demo", or "cluster" (as for report)
${DB_HELP}
  --now T            record the posture as of this RFC 3339 time instead of the clock
  --context NAME     kubeconfig context, with --source cluster
  --retention-days N delete history older than N days (default ${DEFAULT_RETENTION.retentionDays})
  --detail-days N    keep every posture for N days, then the last of each day (default ${DEFAULT_RETENTION.detailDays})

With a Prometheus (the options below, or MESH_POSTURE_PROMETHEUS_URL), the plaintext requests and
connections each workload received per UTC day of --window are kept too (docs/history.md).

${TRAFFIC_USAGE}
Exit status: 0 when recorded (or unchanged), 2 on a usage error, unreadable input, or a
database that cannot be used (unreachable, in use, written by a newer version). See docs/history.md.
`;

const RECORD_OPTIONS = {
  ...TRAFFIC_OPTIONS,
  source: { type: 'string' },
  context: { type: 'string' },
  now: { type: 'string' },
  db: { type: 'string' },
  'retention-days': { type: 'string' },
  'detail-days': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseDays(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9][0-9]{0,4}$/.test(value)) throw new UsageError(`${option}: expected a whole number of days (1–99999), got ${JSON.stringify(value.slice(0, 40))}`);
  return Number(value);
}

export async function runRecord(args: string[], io: CliIo, clock: () => Date): Promise<number> {
  const { values } = parseArgs({ args, options: RECORD_OPTIONS, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout.write(RECORD_USAGE);
    return EXIT.ok;
  }
  const source = requireSource(values.source);
  const db = databaseOf(values.db, io);
  const policy = {
    retentionDays: parseDays(values['retention-days'], '--retention-days', DEFAULT_RETENTION.retentionDays),
    detailDays: parseDays(values['detail-days'], '--detail-days', DEFAULT_RETENTION.detailDays),
  };
  if (policy.detailDays > policy.retentionDays) throw new UsageError(`--detail-days (${policy.detailDays}) cannot exceed --retention-days (${policy.retentionDays})`);
  const now = parseNow(values.now, clock);
  const snapshot = await loadForCli(source, values.context, now, io);
  const at = toRfc3339Seconds(now);
  const model = computePosture(snapshot, { now: at });
  const digest = digestPosture(model, snapshot, at);
  const trafficRequest = parseTrafficOptions(values, io.env);
  const traffic = trafficRequest
    ? await readTrafficSnapshot(prometheusClientFor(trafficRequest.settings), { now, windowSeconds: trafficRequest.windowSeconds, evidenceSeconds: trafficRequest.evidenceDays * 86_400 })
    : null;
  await withHistoryStore(db, io, async (store) => {
    const outcome = await store.record(digest);
    const compaction = await store.compact(now, policy);
    const where = `${terminalSafe(store.label)} (source ${terminalSafe(JSON.stringify(digest.source))})`;
    const delta = outcome.delta;
    if (outcome.status === 'older') io.stdout.write(`not recorded: ${where} already holds a later posture than ${at}\n`);
    else if (outcome.status === 'unchanged' || !delta) io.stdout.write(`unchanged at ${at}: nothing new recorded in ${where}\n`);
    else {
      const regressions = delta.changes.filter((c) => c.regression).length;
      io.stdout.write(
        `recorded ${at} in ${where}: ${countOf(delta.changes.length, 'change')}${regressions ? ` (${countOf(regressions, 'regression')} from STRICT)` : ''}, ` +
          `${countOf(delta.openedFindings.length, 'finding')} opened, ${delta.closedFindings.length} closed, ${countOf(delta.phases.length, 'namespace')} entering a phase, ${countOf(delta.rotations.length, 'certificate rotation')}\n`,
      );
    }
    if (traffic) {
      const days = trafficDays(traffic, workloadDataplanes(snapshot, model));
      await store.recordTraffic(digest.source, traffic.asOf, days);
      io.stdout.write(
        traffic.status === 'ok' || traffic.status === 'incomplete'
          ? `traffic: ${countOf(days.length, 'workload-day')} with plaintext kept (window ${traffic.window.start} to ${traffic.window.end})${traffic.status === 'incomplete' ? `; incomplete: ${terminalSafe(traffic.reason ?? '')}` : ''}\n`
          : `traffic: not kept: ${traffic.status}: ${terminalSafe(traffic.reason ?? '')}\n`,
      );
    }
    if (compaction.deleted + compaction.compacted > 0) io.stdout.write(`retention: ${countOf(compaction.deleted, 'row')} past ${policy.retentionDays} days deleted, ${countOf(compaction.compacted, 'record')} compacted to daily summaries\n`);
  });
  return EXIT.ok;
}
