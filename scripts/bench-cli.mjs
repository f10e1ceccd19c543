#!/usr/bin/env node
// `npm run bench:cli`: start-up time and memory of the INSTALLED command (issue #13). Packs the repository, installs the
// tarball with --omit=dev into a temporary prefix, then times each command 5 times (after one warm-up run) and prints
// the medians beside a bare `node -e 0` on the same machine. Targets: `--help` at most 6x `node -e 0` and at most
// 80 MB RSS; `report --source demo` at most 1.5 s. Exits 1 when a target is missed.
//
//   npm run bench:cli                       # pack + install, then measure
//   npm run bench:cli -- --bin PATH         # measure an existing launcher instead (e.g. bin/mesh-posture.mjs)
// Peak RSS and CPU time (user + system) come from GNU time (/usr/bin/time, Debian package `time`); without it they are
// not measured. On a shared machine the wall-clock figures grow with the load; the CPU time moves much less.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { packAndInstall } from './lib/pack-install.mjs';

const RUNS = 5;
const GNU_TIME = '/usr/bin/time';
const { values } = parseArgs({ options: { bin: { type: 'string' }, keep: { type: 'boolean' } } });

let installed;
let bin = values.bin;
if (!bin) {
  process.stdout.write('packing and installing (npm pack; npm install -g --omit=dev into a temporary prefix)...\n');
  installed = packAndInstall();
  bin = installed.bin;
}

/** One run: wall-clock milliseconds, CPU milliseconds and peak RSS in MB (null without GNU time). */
function runOnce(command) {
  const withTime = existsSync(GNU_TIME);
  const argv = withTime ? [GNU_TIME, '-f', '%M %U %S', ...command] : command;
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${command.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const [kb, user, sys] = withTime ? (r.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number) : [];
  return { ms, cpuMs: user !== undefined && sys !== undefined && Number.isFinite(user + sys) ? (user + sys) * 1000 : null, rssMb: kb !== undefined && Number.isFinite(kb) ? kb / 1024 : null };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(label, command) {
  runOnce(command); // warm-up: file cache
  const runs = Array.from({ length: RUNS }, () => runOnce(command));
  const rss = runs.map((r) => r.rssMb).filter((x) => x !== null);
  const cpu = runs.map((r) => r.cpuMs).filter((x) => x !== null);
  return { label, ms: median(runs.map((r) => r.ms)), cpuMs: cpu.length ? median(cpu) : null, rssMb: rss.length ? median(rss) : null };
}

const node = measure('node -e 0', [process.execPath, '-e', '0']);
const help = measure('mesh-posture --help', [bin, '--help']);
const report = measure('mesh-posture report --source demo', [bin, 'report', '--source', 'demo']);

const fmtMs = (ms) => `${ms.toFixed(0)} ms`;
const fmtMb = (mb) => (mb === null ? 'n/a' : `${mb.toFixed(0)} MB`);
process.stdout.write(`\nNode ${process.version}, median of ${RUNS} runs (${bin})\n`);
process.stdout.write(`load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} CPUs (wall-clock times grow with it)\n`);
for (const m of [node, help, report]) process.stdout.write(`  ${m.label.padEnd(36)} ${fmtMs(m.ms).padStart(9)}  CPU ${m.cpuMs === null ? 'n/a' : fmtMs(m.cpuMs)}  RSS ${fmtMb(m.rssMb)}\n`);

const targets = [
  { what: '--help ≤ 6× node -e 0', actual: `${(help.ms / node.ms).toFixed(1)}×`, ok: help.ms <= 6 * node.ms },
  { what: '--help RSS ≤ 80 MB', actual: fmtMb(help.rssMb), ok: help.rssMb === null ? null : help.rssMb <= 80 },
  { what: 'report --source demo ≤ 1.5 s', actual: fmtMs(report.ms), ok: report.ms <= 1500 },
];
process.stdout.write('\nTargets (issue #13):\n');
for (const t of targets) process.stdout.write(`  ${t.ok === null ? 'n/a ' : t.ok ? 'ok  ' : 'MISS'} ${t.what.padEnd(30)} ${t.actual}\n`);
if (installed) {
  const version = JSON.parse(readFileSync(`${installed.packageDir}/package.json`, 'utf8')).version;
  process.stdout.write(`\n(mesh-posture ${version} from ${installed.tarball})\n`);
  if (!values.keep) rmSync(installed.dir, { recursive: true, force: true });
}
process.exitCode = targets.some((t) => t.ok === false) ? 1 : 0;
