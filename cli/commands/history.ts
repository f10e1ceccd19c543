// `mesh-posture history`: what the history database holds — each recorded posture's summary and the changes with
// their causes, and observed plaintext per day — as JSON (the documented contract, docs/history.md), a table, or CSV
// (a table of changes, and one of plaintext per day when some was recorded).
import { parseArgs } from 'node:util';
import { causeText } from '@/lib/mesh/history/cause-text';
import { changesCsv, trafficDaysCsv } from '@/lib/report/render/csv-history';
import type { PostureHistory, RecordedChange, RecordedTrafficDay } from '@/lib/mesh/history/history-types';
import { percent, renderTable } from '../format-table';
import { pickFormat } from '../common-options';
import { EXIT, UsageError, type CliIo } from '../io';
import { terminalSafe } from '../terminal-text';
import { databaseOf, DB_HELP, withHistoryStore } from './history-db';

export const HISTORY_FORMATS = ['table', 'json', 'csv'] as const;

export const HISTORY_USAGE = `Usage: mesh-posture history --db DB [--since T] [--until T] [--namespace NS]
         [--source-name NAME] [--format ${HISTORY_FORMATS.join('|')}]

Prints the posture history recorded by 'mesh-posture record' or the server: each recorded
posture (time, source, summary) and every change of a workload's effective mTLS mode on a port,
with the objects that caused it. JSON also lists findings with when they opened and closed,
namespaces with when they entered each migration phase, and certificate rotations. With
observed traffic recorded (record --prometheus, or a server with a Prometheus), every format
also lists the plaintext each workload received per UTC day.

${DB_HELP}
  --since T        from T: an RFC 3339 time, a date (YYYY-MM-DD, midnight UTC), or Nd for
                   N days before now (e.g. 30d)
  --until T        up to T (same forms; a date means the end of that day)
  --namespace NS   only changes, findings and phases of namespace NS
  --source-name S  only what was recorded from source S (as shown in the records)
  --format F       table (default), json ({records, changes, findings, phases, rotations,
                   traffic}; docs/history.md), csv (a "# changes" table, one row per change,
                   then a "# traffic" table, one row per day and workload, when some was
                   recorded; each after its "# name" line, separated by a blank line)

Exit status: 0, or 2 on a usage error or a database that cannot be used.
`;

const HISTORY_OPTIONS = {
  db: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  namespace: { type: 'string' },
  'source-name': { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const DAY_MS = 86_400_000;

/** --since / --until: RFC 3339, a date, or Nd before now → RFC 3339 (UTC). */
export function parseInstant(value: string, option: string, now: Date, endOfDay = false): string {
  const days = /^([1-9][0-9]{0,4})d$/.exec(value);
  if (days) return new Date(now.getTime() - Number(days[1]) * DAY_MS).toISOString();
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return `${value}T${endOfDay ? '23:59:59' : '00:00:00'}Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  throw new UsageError(`${option}: expected an RFC 3339 time, a date (YYYY-MM-DD) or a number of days (30d), got ${JSON.stringify(value.slice(0, 40))}`);
}

export const formatCause = causeText;
const portText = (p: number | null) => (p === null ? 'all ports' : String(p));
const modeText = (m: string | null) => m ?? '(none)';

function changeRows(changes: readonly RecordedChange[]): string[][] {
  return changes.map((c) => [
    c.at, `${c.namespace}/${c.workload}`, portText(c.port), `${modeText(c.from)} → ${modeText(c.to)}${c.regression ? '  REGRESSION' : ''}`,
    c.causes.length ? c.causes.map(formatCause).join('; ') : '(no object changed: see the workload)',
  ].map(terminalSafe));
}

const count = (n: number) => n.toLocaleString('en-US');

function trafficRows(days: readonly RecordedTrafficDay[]): string[][] {
  return days.map((d) => [d.day, `${d.namespace}/${d.workload}`, count(d.plaintextRequests), count(d.plaintextConnections), count(d.unclassifiedRequests), count(d.unclassifiedConnections), d.source].map(terminalSafe));
}

export function formatHistoryTable(h: PostureHistory): string {
  const records = h.records.map((r) => {
    const w = r.summary.mesh.workloads;
    const ns = r.summary.namespaces;
    const strict = ns.length === 1 && ns[0] ? `${ns[0].name}: ${ns[0].workloads.strict}/${ns[0].workloads.total} (${percent(ns[0].workloads.strict, ns[0].workloads.total)})` : `${w.strict}/${w.total} (${percent(w.strict, w.total)})`;
    const f = r.summary.findings;
    return [r.at, r.source, strict, String(r.summary.mesh.phase), `${f.error} error, ${f.warning} warning, ${f.info} info`, r.daily ? 'daily' : ''].map(terminalSafe);
  });
  const parts = [
    `Postures recorded: ${h.records.length}`,
    h.records.length ? renderTable(['AT', 'SOURCE', 'WORKLOADS STRICT', 'MESH PHASE', 'FINDINGS', ''], records) : '(none in this window)',
    '',
    `Changes: ${h.changes.length} (${h.changes.filter((c) => c.regression).length} regressions from STRICT)`,
    h.changes.length ? renderTable(['AT', 'WORKLOAD', 'PORT', 'MODE', 'CAUSES'], changeRows(h.changes)) : '(none in this window)',
    ...(h.traffic
      ? ['', `Plaintext received per day (observed traffic): ${h.traffic.length} days and workloads`,
        renderTable(['DAY', 'WORKLOAD', 'PLAINTEXT REQUESTS', 'PLAINTEXT CONNECTIONS', 'UNCLASSIFIED REQUESTS', 'UNCLASSIFIED CONNECTIONS', 'SOURCE'], trafficRows(h.traffic))]
      : []),
  ];
  return `${parts.join('\n')}\n`;
}

/** `# changes` then, when some was recorded, `# traffic`: each an RFC 4180 document, as the report's CSV stream. */
export function formatHistoryCsv(h: PostureHistory): string {
  return [`# changes\r\n${changesCsv(h.changes)}`, ...(h.traffic ? [`# traffic\r\n${trafficDaysCsv(h.traffic)}`] : [])].join('\r\n');
}

export async function runHistory(args: string[], io: CliIo, clock: () => Date): Promise<number> {
  const { values } = parseArgs({ args, options: HISTORY_OPTIONS, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout.write(HISTORY_USAGE);
    return EXIT.ok;
  }
  const format = pickFormat(values.format, HISTORY_FORMATS, 'table');
  const db = databaseOf(values.db, io);
  const now = clock();
  const query = {
    ...(values.since !== undefined ? { since: parseInstant(values.since, '--since', now) } : {}),
    ...(values.until !== undefined ? { until: parseInstant(values.until, '--until', now, true) } : {}),
    ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
    ...(values['source-name'] !== undefined ? { source: values['source-name'] } : {}),
  };
  const history = await withHistoryStore(db, io, (store) => store.history(query));
  switch (format) {
    case 'json':
      io.stdout.write(`${JSON.stringify(history, null, 2)}\n`);
      break;
    case 'table':
      io.stdout.write(formatHistoryTable(history));
      break;
    case 'csv':
      io.stdout.write(formatHistoryCsv(history));
      break;
  }
  return EXIT.ok;
}
