// Report benchmark: time and peak memory to render each export format for the synthetic mesh (default 20,000 pods),
// measured above the posture's own memory; then the files source's read of the same mesh with and without the API
// server's admission checks (bench-files-source.ts; target: validation adds <= 10 %).
// Run: `npm run bench:report [-- --pods N --namespaces N --format pdf --no-files]`.
//
// Each format runs in a fresh child process: generate the mesh, compute the posture and its ReportModel (not timed),
// collect garbage, reset the kernel's peak-RSS mark (/proc/self/clear_refs), then render. "Above the posture" is the
// peak RSS during rendering (VmHWM) minus the RSS before it. Targets: PDF <= 10 s and <= 512 MiB; others <= 2 s.
// A benchmark prints figures; it does not assert: it exits 0 unless something crashed (2 on a usage error).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { buildJsonReport } from '@/lib/report/json-report';
import { buildReportModel, type ReportModel } from '@/lib/report/report-model';
import { renderCsvStream, renderCsvTables } from '@/lib/report/render/csv';
import { renderHtmlReport } from '@/lib/report/render/html';
import { renderMarkdownReport } from '@/lib/report/render/markdown';
import { renderPdfReport } from '@/lib/report/render/pdf';
import { renderSarifReport } from '@/lib/report/render/sarif';
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import type { PostureComputation } from '@/lib/mesh/compute-posture';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { planSyntheticMesh, syntheticMeshItems } from '@/test/synthetic/generate-mesh';
import { measureFileSource } from './bench-files-source';

const NOW = '2026-05-01T00:00:00Z';
const MIB = 1024 * 1024;
const FORMATS = ['json', 'md', 'csv', 'sarif', 'html', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

interface Target {
  readonly ms: number;
  readonly mib: number | null;
}
const TARGETS: Readonly<Record<Format, Target>> = {
  json: { ms: 2000, mib: null },
  md: { ms: 2000, mib: null },
  csv: { ms: 2000, mib: null },
  sarif: { ms: 2000, mib: null },
  html: { ms: 2000, mib: null },
  pdf: { ms: 10_000, mib: 512 },
};

type Renderer = (report: ReportModel, computation: PostureComputation, snapshot: MeshSnapshot) => string | Uint8Array | Promise<string | Uint8Array>;
const RENDERERS: Readonly<Record<Format, Renderer>> = {
  json: (report, c, snapshot) => JSON.stringify(buildJsonReport(report, c.model, snapshot), null, 2),
  md: (report) => renderMarkdownReport(report),
  csv: (report, c) => renderCsvStream(renderCsvTables(report, c.model.workloads)),
  sarif: (report) => renderSarifReport(report),
  html: (report) => renderHtmlReport(report),
  pdf: (report) => renderPdfReport(report),
};

const USAGE = `usage: npm run bench:report -- [--pods N] [--namespaces N] [--format F]... [--out DIR]
  --pods N         Pod objects in the synthetic mesh (default 20000)
  --namespaces N   Namespace objects (default 1000)
  --format F       only this format (repeatable; default all: ${FORMATS.join(', ')})
  --out DIR        also write each report to DIR/mesh-posture.<ext>
  --no-files       skip the files-source read (JSON Lists of the whole mesh, YAML of its first ~2,000 pods)
`;

/** Validation may add at most this share to the files source's read (issue: "no file source slower than today by more than 10 %"). */
const VALIDATION_OVERHEAD_TARGET = 0.1;
const YAML_PODS = 2_000;

interface Options {
  readonly pods: number;
  readonly namespaces: number;
  readonly formats: readonly Format[];
  readonly out: string | null;
  readonly child: boolean;
  /** Child mode for the files source (bench-files-source.ts). */
  readonly childFiles: boolean;
  readonly files: boolean;
}

function parseOptions(argv: readonly string[]): Options | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: { pods: { type: 'string' }, namespaces: { type: 'string' }, format: { type: 'string', multiple: true }, out: { type: 'string' }, child: { type: 'boolean' }, 'child-files': { type: 'boolean' }, 'no-files': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return 'help';
  const int = (name: string, v: string | undefined, fallback: number) => {
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < 2) throw new RangeError(`--${name}: expected an integer >= 2, got ${JSON.stringify(v)}`);
    return Number(v);
  };
  const formats = (values.format ?? [...FORMATS]).map((f) => {
    if (!(FORMATS as readonly string[]).includes(f)) throw new RangeError(`--format: expected one of ${FORMATS.join(', ')}, got ${JSON.stringify(f)}`);
    return f as Format;
  });
  return { pods: int('pods', values.pods, 20_000), namespaces: int('namespaces', values.namespaces, 1_000), formats, out: values.out ?? null, child: values.child ?? false, childFiles: values['child-files'] ?? false, files: !values['no-files'] };
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** VmRSS and VmHWM (peak since the last reset) of this process, in bytes; null off Linux. */
function procMemory(): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
  } catch {
    return null;
  }
}

function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Child mode for the files source: one line of figures per form. */
async function filesRun(options: Options): Promise<number> {
  for (const f of await measureFileSource({ pods: options.pods, namespaces: options.namespaces, yamlPods: YAML_PODS, runs: 2 })) {
    process.stdout.write(`files ${f.form} ${f.pods} ${f.objects} ${f.megabytes.toFixed(1)} ${f.skipMs.toFixed(0)} ${f.enforceMs.toFixed(0)}\n`);
  }
  return 0;
}

/** Child mode: one format, one line of figures on stdout. */
async function childRun(options: Options): Promise<number> {
  const format = options.formats[0] ?? 'pdf';
  const snapshot = buildSnapshot(
    (function* () {
      for (const raw of syntheticMeshItems(planSyntheticMesh({ pods: options.pods, namespaces: options.namespaces, policiesPerNamespace: 5, seed: 1 }))) yield { raw };
    })(),
    { source: 'synthetic', asOf: NOW },
  );
  const computation = computePostureDetailed(snapshot, { now: NOW });
  const report = buildReportModel(computation, { generatedAt: NOW, toolVersion: 'bench' });
  collectGarbage();
  const exact = resetPeak();
  const before = procMemory()?.rss ?? process.memoryUsage().rss;
  const t0 = performance.now();
  const out = await RENDERERS[format](report, computation, snapshot);
  const ms = performance.now() - t0;
  const peak = exact ? (procMemory()?.hwm ?? NaN) : process.resourceUsage().maxRSS * 1024;
  if (options.out) writeFileSync(path.join(options.out, `mesh-posture.${format}`), out);
  const bytes = typeof out === 'string' ? Buffer.byteLength(out) : out.byteLength;
  process.stdout.write(`result ${format} ${ms.toFixed(0)} ${before} ${peak} ${bytes} ${exact ? 'exact' : 'lifetime'} ${report.plaintext.length} ${report.findings.length}\n`);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseOptions(argv);
  } catch (e) {
    process.stderr.write(`bench-report: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options.childFiles) return filesRun(options);
  if (options.child) return childRun(options);
  const out = (line: string) => void process.stdout.write(`${line}\n`);
  out(`report benchmark: synthetic mesh of ${options.pods} pods in ${options.namespaces} namespaces, node ${process.version}; each format in a fresh process`);
  const root = path.resolve(import.meta.dirname, '..');
  for (const format of options.formats) {
    const args = ['--expose-gc', path.join(root, 'bin/run-ts.mjs'), path.join(root, 'scripts/bench-report.ts'), '--child', '--format', format, '--pods', String(options.pods), '--namespaces', String(options.namespaces)];
    const child = spawnSync(process.execPath, options.out ? [...args, '--out', options.out] : args, { cwd: root, encoding: 'utf8', maxBuffer: 1024 * 1024 });
    const m = /^result (\S+) (\d+) (\d+) (\d+) (\d+) (\S+) (\d+) (\d+)$/m.exec(child.stdout ?? '');
    if (!m) {
      out(`${format.padEnd(6)} failed: ${(child.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
      continue;
    }
    const [ms, before, peak, bytes] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
    const above = Math.max(0, peak - before);
    const target = TARGETS[format];
    const timeOk = ms <= target.ms;
    const memOk = target.mib === null || above <= target.mib * MIB;
    out(
      `${format.padEnd(6)} ${(ms / 1000).toFixed(2).padStart(6)} s  peak RSS +${Math.round(above / MIB)} MiB above the posture's ${Math.round(before / MIB)} MiB` +
        `${m[6] === 'exact' ? '' : ' (lifetime peak: no /proc)'}  ${(bytes / MIB).toFixed(1)} MiB output  ` +
        `target <= ${target.ms / 1000} s${target.mib === null ? '' : `, <= ${target.mib} MiB`} -> ${timeOk && memOk ? 'PASS' : 'FAIL'}`,
    );
  }
  if (options.files) {
    const args = ['--expose-gc', path.join(root, 'bin/run-ts.mjs'), path.join(root, 'scripts/bench-report.ts'), '--child-files', '--pods', String(options.pods), '--namespaces', String(options.namespaces)];
    const child = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1024 * 1024 });
    const lines = [...(child.stdout ?? '').matchAll(/^files (\S+) (\d+) (\d+) (\S+) (\d+) (\d+)$/gm)];
    if (lines.length === 0) out(`files  failed: ${(child.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
    for (const [, form, pods, objects, mb, skip, enforce] of lines) {
      const overhead = Number(enforce) / Number(skip) - 1;
      out(
        `files source (${form}, ${pods} pods, ${objects} objects, ${mb} MB): read ${(Number(skip) / 1000).toFixed(2)} s without admission checks, ` +
          `${(Number(enforce) / 1000).toFixed(2)} s with them (+${(overhead * 100).toFixed(1)} %)  target <= +${VALIDATION_OVERHEAD_TARGET * 100} % -> ${overhead <= VALIDATION_OVERHEAD_TARGET ? 'PASS' : 'FAIL'}`,
      );
    }
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
