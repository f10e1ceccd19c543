// The `mesh-posture` command: parse the verb, run it, map errors to exit codes. Verbs stay thin: args → lib → print.
import { EXIT, UsageError, type CliIo } from './io';
import { TOOL_VERSION } from './version';
import { terminalSafe } from './terminal-text';

export const USAGE = `mesh-posture ${TOOL_VERSION}: the true zero-trust posture of an Istio service mesh

Usage: mesh-posture <command> [options]

Commands:
  report   the coverage report: effective mTLS per workload and port, coverage, migration
           phases, findings, certificates (table, json, md, csv, sarif)
  check    the CI gate: exit 1 when the posture does not meet the bars given
  can-i    whether one connection or request from a client to a pod and port goes through
  record   add the posture to the history database, with what changed and why
  history  the recorded history: postures, changes and their causes (table, json, csv)

Sources (--source): a YAML/JSON file or folder of kubectl output, "demo", or "cluster".
Run 'mesh-posture <command> --help' for a command's options. Docs: docs/cli.md
`;

type Verb = (args: string[], io: CliIo, clock: () => Date) => Promise<number>;
// Each verb is imported only when it runs: `--help` and `--version` load none of them, and the heavy libraries (the
// engine, pdfkit, @kubernetes/client-node, pglite) load only with the verbs that use them (issue #13).
const VERBS: Readonly<Record<string, () => Promise<Verb>>> = {
  report: async () => (await import('./commands/report')).runReport,
  check: async () => (await import('./commands/check')).runCheck,
  'can-i': async () => (await import('./commands/can-i')).runCanI,
  record: async () => (await import('./commands/record')).runRecord,
  history: async () => (await import('./commands/history')).runHistory,
};

export async function main(argv: readonly string[], io: CliIo, clock: () => Date = () => new Date()): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    (verb === undefined ? io.stderr : io.stdout).write(USAGE);
    return verb === undefined ? EXIT.usage : EXIT.ok;
  }
  if (verb === '--version') {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return EXIT.ok;
  }
  const load = Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
  if (!load) {
    io.stderr.write(`mesh-posture: unknown command ${terminalSafe(JSON.stringify(verb.slice(0, 40)))}\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    const run = await load();
    return await run(rest, io, clock);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`mesh-posture ${verb}: ${terminalSafe(e.message)}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
