// `mesh-posture check`, the CI gate: computes the report and holds it against the bars given on the command line.
// Prints every bar with PASS or FAIL and what fails it; exits 0 when every bar holds, 1 when one does not, 2 on a
// usage error or unreadable input (ARCHITECTURE §4). UNKNOWN verdicts never help a bar hold: an UNKNOWN port
// counts as a port that may accept plaintext and as one that is not STRICT.
import { parseArgs } from 'node:util';
import { FINDING_BY_CODE } from '@/lib/mesh/findings/catalogue';
import { SEVERITIES, type Finding, type Severity } from '@/lib/mesh/model';
import type { ReportModel } from '@/lib/report/report-model';
import { requireSource } from '../common-options';
import { EXIT, UsageError, type CliIo } from '../io';
import { buildReport } from './report';
import { terminalSafe } from '../terminal-text';
import { TRAFFIC_FINDING_BY_CODE, type TrafficModel } from '@/lib/mesh/traffic';
import { parseTrafficOptions, TRAFFIC_OPTIONS } from '../traffic-options';

export const CHECK_USAGE = `Usage: mesh-posture check --source SRC [--min-strict-percent N] [--max-plaintext-ports N]
         [--fail-on-severity error|warning] [--fail-on CODE,...] [--baseline FILE --no-regression]
         [--require-ready NS,... --prometheus URL [--window D] [--evidence-days N]]
         [--now RFC3339] [--context NAME]

The CI gate: computes the posture of SRC and checks it against each bar given (at least one).

  --min-strict-percent N      at least N% of workloads and N% of ports enforce STRICT mTLS
  --max-plaintext-ports N     at most N workload ports accept plaintext (PERMISSIVE, DISABLE, no
                              dataplane); ports whose mode is UNKNOWN count too
  --fail-on-severity S        no finding of severity S or worse (error, or warning = warning + error)
  --fail-on CODE,...          no finding with one of these codes (e.g. MP105,MP201; MP6xx are
                              the contradictions of observed traffic, with --prometheus)
  --baseline FILE             a previous JSON report (mesh-posture report --format json)
  --no-regression             with --baseline: no new plaintext port, no namespace whose phase went
                              down, no new error or warning finding
  --require-ready NS,...      each namespace is ready for STRICT on evidence: traffic observed
                              in the last --evidence-days (default 7), all of it mTLS; fails
                              naming the plaintext senders (needs a Prometheus, docs/traffic.md)
  --source, --now, --context  as for 'mesh-posture report'; the --prometheus-* options, --window
                              and --evidence-days too

Exit status: 0 every bar holds, 1 a bar is not met (each failing bar is printed with what
fails it), 2 usage error or unreadable input (source, baseline). See docs/ci-gate.md.
`;

const CHECK_OPTIONS = {
  source: { type: 'string' },
  context: { type: 'string' },
  now: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'min-strict-percent': { type: 'string' },
  'max-plaintext-ports': { type: 'string' },
  'fail-on-severity': { type: 'string' },
  'fail-on': { type: 'string' },
  baseline: { type: 'string' },
  'no-regression': { type: 'boolean' },
  'require-ready': { type: 'string' },
  ...TRAFFIC_OPTIONS,
} as const;

export interface BarResult {
  readonly bar: string;
  readonly passed: boolean;
  readonly measured: string;
  /** What fails the bar, one line each. */
  readonly failures: readonly string[];
}

export interface Bars {
  readonly minStrictPercent?: number;
  readonly maxPlaintextPorts?: number;
  readonly failOnSeverity?: Severity;
  readonly failOnCodes?: readonly string[];
  readonly noRegression?: boolean;
  readonly requireReady?: readonly string[];
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };
const findingLine = (f: Pick<Finding, 'severity' | 'code' | 'message'>) => terminalSafe(`${f.severity.padEnd(7)} ${f.code}  ${f.message}`);

function parseBars(values: { [K in keyof typeof CHECK_OPTIONS]?: string | boolean | string[] }): Bars {
  const str = (k: keyof typeof CHECK_OPTIONS) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const bars: { -readonly [K in keyof Bars]: Bars[K] } = {};
  const minStrict = str('min-strict-percent');
  if (minStrict !== undefined) {
    const n = Number(minStrict);
    if (minStrict.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`--min-strict-percent: expected a number from 0 to 100, got ${JSON.stringify(minStrict.slice(0, 40))}`);
    bars.minStrictPercent = n;
  }
  const maxPlain = str('max-plaintext-ports');
  if (maxPlain !== undefined) {
    if (!/^\d{1,9}$/.test(maxPlain)) throw new UsageError(`--max-plaintext-ports: expected a whole number 0 or more, got ${JSON.stringify(maxPlain.slice(0, 40))}`);
    bars.maxPlaintextPorts = Number(maxPlain);
  }
  const severity = str('fail-on-severity');
  if (severity !== undefined) {
    if (severity !== 'error' && severity !== 'warning') throw new UsageError(`--fail-on-severity: expected error or warning, got ${JSON.stringify(severity.slice(0, 40))}`);
    bars.failOnSeverity = severity;
  }
  const codes = str('fail-on');
  if (codes !== undefined) {
    const list = codes.split(',').map((c) => c.trim().toUpperCase()).filter((c) => c !== '');
    const unknown = list.filter((c) => !FINDING_BY_CODE.has(c) && !TRAFFIC_FINDING_BY_CODE.has(c));
    if (list.length === 0 || unknown.length > 0) throw new UsageError(`--fail-on: expected finding codes such as MP105,MP201 (see docs/report-schema.md), unknown: ${JSON.stringify((unknown.join(',') || codes).slice(0, 80))}`);
    bars.failOnCodes = list;
  }
  if (values['no-regression'] === true) {
    if (str('baseline') === undefined) throw new UsageError('--no-regression needs --baseline FILE (a previous JSON report to compare with)');
    bars.noRegression = true;
  }
  const ready = str('require-ready');
  if (ready !== undefined) {
    const list = [...new Set(ready.split(',').map((n) => n.trim()).filter((n) => n !== ''))];
    if (list.length === 0 || list.some((n) => !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(n))) throw new UsageError(`--require-ready: expected namespace names separated by commas, got ${JSON.stringify(ready.slice(0, 80))}`);
    bars.requireReady = list;
  }
  if (Object.keys(bars).length === 0) {
    throw new UsageError('no bar given: pass at least one of --min-strict-percent, --max-plaintext-ports, --fail-on-severity, --fail-on, --no-regression, --require-ready');
  }
  return bars;
}

function listed(lines: readonly string[], max = 20): string[] {
  return lines.length > max ? [...lines.slice(0, max), `... ${lines.length - max} more (mesh-posture report --format json for all)`] : [...lines];
}

/** --require-ready: each namespace's STRICT readiness on evidence; anything but `ready` fails, with who blocks it. */
function readinessBar(namespaces: readonly string[], traffic: TrafficModel | null): BarResult {
  const failures: string[] = [];
  let ready = 0;
  for (const ns of namespaces) {
    const r = traffic?.namespaces.find((n) => n.namespace === ns);
    if (!traffic) failures.push(`${ns}: no observed traffic was read`);
    else if (!r) failures.push(`${ns}: not a namespace of the source`);
    else if (r.strictReadiness === 'ready') ready += 1;
    else {
      failures.push(terminalSafe(`${ns} is ${r.strictReadiness}: ${r.reason}`));
      for (const w of traffic.workloads.filter((x) => x.namespace === ns && x.strictReadiness === 'blocked')) {
        const likely = w.likelySources.length > 0 ? ` (unknown: likely ${w.likelySources.map((s) => s.workload).join(', ')}, inferred)` : '';
        failures.push(terminalSafe(`  ${w.namespace}/${w.workload} ← ${w.plaintextSources.join(', ')}, last plaintext at ${w.lastPlaintextAt ?? 'unknown'}${likely}`));
      }
    }
  }
  const measured = traffic ? `${ready} of ${count(namespaces.length, 'namespace')} ready for STRICT on ${traffic.evidenceDays} days of evidence (traffic ${traffic.status})` : 'no observed traffic';
  return { bar: `--require-ready ${namespaces.join(',')}`, passed: failures.length === 0, measured, failures: listed(failures) };
}

/** Each bar given, in a fixed order, against the report. Pure. */
export function evaluateBars(m: ReportModel, bars: Bars, traffic: TrafficModel | null = null): BarResult[] {
  const out: BarResult[] = [];
  const s = m.summary;
  if (bars.minStrictPercent !== undefined) {
    const min = bars.minStrictPercent;
    const share = (label: string, pct: number | null, strict: number, total: number) => ({ ok: pct === null || pct >= min, text: `${label} ${pct === null ? 'n/a (none in the source)' : `${pct}% STRICT (${strict}/${total})`}` });
    const parts = [share('workloads', s.workloadStrictPercent, s.workloads.strict, s.workloads.total), share('ports', s.portStrictPercent, s.ports.strict, s.ports.total)];
    out.push({ bar: `--min-strict-percent ${min}`, passed: parts.every((p) => p.ok), measured: parts.map((p) => p.text).join(', '), failures: parts.filter((p) => !p.ok).map((p) => `${p.text} is below ${min}%`) });
  }
  if (bars.maxPlaintextPorts !== undefined) {
    const open = m.plaintext;
    const unknown = open.filter((p) => p.mode === 'UNKNOWN').length;
    out.push({
      bar: `--max-plaintext-ports ${bars.maxPlaintextPorts}`,
      passed: open.length <= bars.maxPlaintextPorts,
      measured: `${count(open.length - unknown, 'port accepts', 'ports accept')} plaintext${unknown ? `, ${unknown} UNKNOWN (counted: they may)` : ''}`,
      failures: open.length <= bars.maxPlaintextPorts ? [] : listed(open.map((p) => terminalSafe(`${p.namespace}/${p.pod}:${p.port ?? 'all ports'} ${p.mode}: ${p.why}`))),
    });
  }
  if (bars.failOnSeverity !== undefined) {
    const worst = SEVERITY_RANK[bars.failOnSeverity];
    const hits = m.findings.filter((f) => SEVERITY_RANK[f.severity] <= worst);
    const names = SEVERITIES.filter((x) => SEVERITY_RANK[x] <= worst).join(' or ');
    out.push({ bar: `--fail-on-severity ${bars.failOnSeverity}`, passed: hits.length === 0, measured: `${count(hits.length, 'finding')} of severity ${names}`, failures: listed(hits.map(findingLine)) });
  }
  if (bars.failOnCodes !== undefined) {
    const codes = new Set(bars.failOnCodes);
    // Traffic contradictions (MP6xx) count like findings when observed traffic was read.
    const hits = [...m.findings, ...(traffic?.contradictions ?? [])].filter((f) => codes.has(f.code));
    out.push({ bar: `--fail-on ${bars.failOnCodes.join(',')}`, passed: hits.length === 0, measured: `${count(hits.length, 'finding')} with ${bars.failOnCodes.length === 1 ? 'this code' : 'these codes'}`, failures: listed(hits.map(findingLine)) });
  }
  if (bars.noRegression) {
    const c = m.changes;
    const failures = c
      ? [
          ...c.newPlaintextPorts.map((p) => terminalSafe(`new plaintext port: ${p.namespace}/${p.workload}:${p.port ?? 'all ports'} is ${p.mode}`)),
          ...c.phaseRegressions.map((p) => terminalSafe(`phase regression: namespace ${p.namespace} went from phase ${p.from} to ${p.to}`)),
          ...c.newFindings.filter((f) => f.severity !== 'info').map((f) => `new finding: ${findingLine(f)}`),
        ]
      : ['no baseline was compared'];
    out.push({ bar: '--no-regression', passed: failures.length === 0, measured: c ? `since the baseline of ${terminalSafe(c.baseline.generatedAt)}` : 'no baseline', failures: listed(failures) });
  }
  if (bars.requireReady) out.push(readinessBar(bars.requireReady, traffic));
  return out;
}

export function formatCheck(m: ReportModel, results: readonly BarResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  const lines = [
    `mesh-posture check of ${terminalSafe(m.cover.source)} at ${m.cover.now}: ${failed === 0 ? 'PASSED, every bar holds' : `FAILED, ${failed} of ${count(results.length, 'bar')} not met`}`,
  ];
  if (!m.cover.complete) lines.push(`note: the data is incomplete (${count(m.cover.gaps.length, 'gap')}, see the report's completeness section); UNKNOWN verdicts count against the bars`);
  for (const r of results) {
    lines.push(`${r.passed ? 'PASS' : 'FAIL'}  ${r.bar}: ${r.measured}`);
    if (!r.passed) lines.push(...r.failures.map((f) => `        ${f}`));
  }
  return `${lines.join('\n')}\n`;
}

export async function runCheck(args: string[], io: CliIo, clock: () => Date): Promise<number> {
  const { values } = parseArgs({ args, options: CHECK_OPTIONS, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout.write(CHECK_USAGE);
    return EXIT.ok;
  }
  const source = requireSource(values.source);
  const bars = parseBars(values);
  const traffic = parseTrafficOptions(values, io.env);
  if (bars.requireReady && !traffic) throw new UsageError('--require-ready needs observed traffic: --prometheus URL (or MESH_POSTURE_PROMETHEUS_URL)');
  const { model, traffic: observed } = await buildReport({ source, context: values.context, now: values.now, baseline: values.baseline, traffic }, io, clock);
  const results = evaluateBars(model, bars, observed);
  io.stdout.write(formatCheck(model, results));
  return results.every((r) => r.passed) ? EXIT.ok : EXIT.failedBar;
}
