import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { computePostureDetailed, type PostureComputation } from '@/lib/mesh/compute-posture';
import { BaselineError, diffAgainstBaseline } from '@/lib/report/baseline-diff';
import { buildJsonReport, type JsonReport } from '@/lib/report/json-report';
import { CSV_ALL_SECTIONS, renderCsvStream, renderCsvTables, type CsvSection } from '@/lib/report/render/csv';
import { renderHtmlReport } from '@/lib/report/render/html';
import { renderMarkdownReport } from '@/lib/report/render/markdown';
import { renderSarifReport } from '@/lib/report/render/sarif';
import { buildReportModel, type ReportModel } from '@/lib/report/report-model';
import { formatPostureTable } from '../format-table';
import { parseNow, pickFormat, requireSource, SOURCE_OPTIONS } from '../common-options';
import { EXIT, UsageError, type CliIo } from '../io';
import { loadForCli } from '../load';
import { sarifArtifactUri } from '../sarif-artifacts';
import { TOOL_VERSION } from '../version';
import { terminalSafe } from '../terminal-text';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import { applyTrafficEvidence, type TrafficModel } from '@/lib/mesh/traffic';
import { parseTrafficOptions, TRAFFIC_OPTIONS, TRAFFIC_USAGE, type TrafficRequest } from '../traffic-options';
import { formatTrafficSummary } from '../format-traffic';
import { parseReportHistoryOptions, readReportHistory, type ReportHistoryRequest } from '../report-history';

export const REPORT_FORMATS = ['table', 'json', 'md', 'csv', 'sarif', 'html', 'pdf'] as const;

export const REPORT_USAGE = `Usage: mesh-posture report --source SRC [--format ${REPORT_FORMATS.join('|')}]
         [--out FILE] [--baseline FILE] [--base-dir DIR] [--now RFC3339] [--context NAME]

Computes the zero-trust posture of the mesh in SRC and writes the coverage report.

  --source SRC     a YAML/JSON file or a folder of them (kubectl get -o yaml|json output,
                   proxy dumps), "demo" for the embedded demo mesh, or "cluster"
  --format F       table (default, for people), json (schemaVersion 1, docs/report-schema.md),
                   md (Markdown for pull requests and wikis), csv (a row per workload and port,
                   then findings and certificates), sarif (findings as SARIF 2.1.0), html (one
                   self-contained page, no script), pdf (binary: --out FILE, or a redirected stdout)
  --out FILE       write to FILE instead of stdout. With csv: FILE (workloads and ports),
                   FILE-findings.csv and FILE-certificates.csv (FILE without its .csv); with
                   --db also FILE-trend.csv and FILE-trend-daily.csv, with --since FILE-changes.csv
  --baseline FILE  a previous JSON report: add what changed since it (new plaintext ports,
                   phase regressions and advances, new findings, renewed certificates)
  --base-dir DIR   with sarif: file locations are relative to DIR (default: the current
                   directory, e.g. the repository root); a file outside DIR gets a file: URI
  --now T          judge certificates and tokens at this RFC 3339 time instead of the clock
  --context NAME   kubeconfig context, with --source cluster
  --db DB          the history database (a folder, or a postgres:// URL; see docs/history.md):
                   add the STRICT share of ports 30 and 90 days ago, now, and one point a day
  --since T        with --db (or MESH_POSTURE_DATABASE_URL): also list the changes recorded since T
                   (an RFC 3339 time, a date YYYY-MM-DD, or Nd for N days before now)

${TRAFFIC_USAGE}
On stdout, csv writes the three tables one after another, each after a "# workloads",
"# findings" or "# certificates" line, separated by a blank line (then "# traffic" and
"# contradictions" with a Prometheus; "# trend", "# trend_daily" and, with --since,
"# changes" with --db). See docs/reports.md.

Exit status: 0 when the report was produced (also when Prometheus fails: traffic.status says
why), 2 on a usage error or unreadable input (nothing readable in SRC, a baseline that is not
a mesh-posture JSON report).
`;

export const REPORT_OPTIONS = {
  ...SOURCE_OPTIONS, ...TRAFFIC_OPTIONS, out: { type: 'string' }, baseline: { type: 'string' }, 'base-dir': { type: 'string' }, db: { type: 'string' }, since: { type: 'string' },
} as const;

/** Everything a verb needs from one run of the engine: the report model (with changes), its JSON form, the engine's output. */
export interface BuiltReport {
  readonly computation: PostureComputation;
  readonly model: ReportModel;
  readonly json: JsonReport;
  /** Observed traffic, when a Prometheus was configured. */
  readonly traffic: TrafficModel | null;
}

function readBaseline(file: string, cwd: string): unknown {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new UsageError(`--baseline: cannot read ${JSON.stringify(file)}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`--baseline ${JSON.stringify(file)}: not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Reads the source (and the baseline), runs the engine and builds the report every format renders. */
export async function buildReport(
  options: { readonly source: string; readonly context?: string; readonly now?: string; readonly baseline?: string; readonly traffic?: TrafficRequest | null; readonly history?: ReportHistoryRequest | null },
  io: CliIo,
  clock: () => Date,
): Promise<BuiltReport> {
  const now = parseNow(options.now, clock);
  // Read the baseline first: a bad baseline is a usage error, reported before any work on the source.
  const baseline = options.baseline === undefined ? undefined : readBaseline(options.baseline, io.cwd);
  const snapshot = await loadForCli(options.source, options.context, now, io);
  const computed = computePostureDetailed(snapshot, { now: toRfc3339Seconds(now) });
  // The Prometheus client (and Node's HTTP/TLS stack) only with --prometheus.
  const traffic = options.traffic
    ? await (await import('@/lib/server/load-traffic')).loadObservedTraffic(computed, options.traffic.settings, { now, windowSeconds: options.traffic.windowSeconds, evidenceDays: options.traffic.evidenceDays })
    : null;
  if (traffic && traffic.status !== 'ok') io.stderr.write(`mesh-posture: observed traffic is ${traffic.status}: ${terminalSafe(traffic.reason ?? '')}\n`);
  // Evidence joins the board and MP106 (lib/mesh/traffic/evidence.ts); without traffic the model is unchanged.
  const computation = traffic ? { ...computed, model: applyTrafficEvidence(computed.model, traffic) } : computed;
  const meta = { generatedAt: toRfc3339Seconds(clock()), toolVersion: TOOL_VERSION, context: options.context ?? null };
  const history = options.history ? await readReportHistory(options.history, computation.model.source, now, io) : null;
  let model = { ...buildReportModel(computation, meta), traffic, history };
  if (baseline !== undefined) {
    try {
      const changes = diffAgainstBaseline(buildJsonReport(model, computation.model, snapshot), baseline);
      model = { ...model, changes };
    } catch (e) {
      if (e instanceof BaselineError) throw new UsageError(`--baseline ${JSON.stringify(options.baseline)}: ${e.message}`);
      throw e;
    }
  }
  return { computation, model, json: buildJsonReport(model, computation.model, snapshot, traffic), traffic };
}

/** process.stdout takes bytes too; CliIo only promises strings, so binary output checks for it. */
interface ByteSink {
  write(chunk: Uint8Array): unknown;
  readonly isTTY?: boolean;
}

/** stdout for binary output, refused when it is a terminal. */
function binaryStdout(io: CliIo): ByteSink {
  const out = io.stdout as CliIo['stdout'] & Partial<ByteSink>;
  if (out.isTTY === true) throw new UsageError('--format pdf is binary: pass --out FILE, or redirect stdout to a file or a pipe');
  return out as ByteSink;
}

function writeOut(file: string, data: string | Uint8Array, io: CliIo): void {
  try {
    writeFileSync(path.resolve(io.cwd, file), data);
  } catch (e) {
    throw new UsageError(`--out: cannot write ${JSON.stringify(file)}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

/**
 * report.csv → report.csv, report-findings.csv, report-certificates.csv (and report-traffic.csv,
 * report-contradictions.csv with traffic; report-trend.csv, report-trend-daily.csv, report-changes.csv with history).
 */
export function csvFileNames(out: string): Record<CsvSection, string> {
  const base = out.replace(/\.csv$/i, '');
  return { workloads: out, findings: `${base}-findings.csv`, certificates: `${base}-certificates.csv`, traffic: `${base}-traffic.csv`, contradictions: `${base}-contradictions.csv`,
    trend: `${base}-trend.csv`, trend_daily: `${base}-trend-daily.csv`, changes: `${base}-changes.csv` };
}

export async function runReport(args: string[], io: CliIo, clock: () => Date): Promise<number> {
  const { values } = parseArgs({ args, options: REPORT_OPTIONS, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout.write(REPORT_USAGE);
    return EXIT.ok;
  }
  const format = pickFormat(values.format, REPORT_FORMATS, 'table');
  const source = requireSource(values.source);
  if (values.out === '') throw new UsageError('--out: expected a file name');
  const traffic = parseTrafficOptions(values, io.env);
  const history = parseReportHistoryOptions(values, io, parseNow(values.now, clock));
  const built = await buildReport({ source, context: values.context, now: values.now, baseline: values.baseline, traffic, history }, io, clock);
  const { computation, model, json } = built;
  const emit = (text: string) => (values.out === undefined ? io.stdout.write(text) : writeOut(values.out, text, io));
  switch (format) {
    case 'table':
      emit(formatPostureTable(computation.model, computation.index.snapshot) + (built.traffic ? formatTrafficSummary(built.traffic) : ''));
      break;
    case 'json':
      emit(`${JSON.stringify(json, null, 2)}\n`);
      break;
    case 'md':
      emit(renderMarkdownReport(model));
      break;
    case 'sarif':
      emit(renderSarifReport(model, { artifactUri: sarifArtifactUri(path.resolve(io.cwd, values['base-dir'] ?? '.'), process.cwd()) }));
      break;
    case 'html':
      emit(renderHtmlReport(model));
      break;
    case 'pdf': {
      const sink = values.out === undefined ? binaryStdout(io) : null; // refuse a terminal before rendering
      // pdfkit (and its fonts) only for a PDF: the other formats never load it.
      const { renderPdfReport } = await import('@/lib/report/render/pdf');
      const bytes = await renderPdfReport(model);
      if (sink) sink.write(bytes);
      else writeOut(values.out as string, bytes, io);
      break;
    }
    case 'csv': {
      const tables = renderCsvTables(model, computation.model.workloads);
      if (values.out === undefined) {
        io.stdout.write(renderCsvStream(tables));
      } else {
        const files = csvFileNames(values.out);
        for (const section of CSV_ALL_SECTIONS) {
          const table = tables[section];
          if (table !== undefined) writeOut(files[section], table, io);
        }
      }
      break;
    }
  }
  return EXIT.ok;
}
