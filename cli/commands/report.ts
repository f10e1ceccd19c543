import { parseArgs } from 'node:util';
import { computePosture } from '@/lib/mesh/compute-posture';
import { buildJsonReport } from '@/lib/report/json-report';
import { formatPostureTable } from '../format-table';
import { isoSeconds, parseNow, pickFormat, requireSource, SOURCE_OPTIONS } from '../common-options';
import { EXIT, type CliIo } from '../io';
import { loadForCli } from '../load';
import { TOOL_VERSION } from '../version';

export const REPORT_USAGE = `Usage: mesh-posture report --source SRC [--format table|json] [--now RFC3339] [--context NAME]

Computes the zero-trust posture of the mesh in SRC and prints it.

  --source SRC     a YAML/JSON file or a folder of them (kubectl get -o yaml|json output,
                   proxy dumps), "demo" for the embedded demo mesh, or "cluster"
  --format F       table (default, for people) or json (schemaVersion 1, see docs/report-schema.md)
  --now T          judge certificates and tokens at this RFC 3339 time instead of the clock
  --context NAME   kubeconfig context, with --source cluster

Exit status: 0 when the report was produced, 2 on a usage error or when nothing could be read.
`;

export async function runReport(args: string[], io: CliIo, clock: () => Date): Promise<number> {
  const { values } = parseArgs({ args, options: SOURCE_OPTIONS, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout.write(REPORT_USAGE);
    return EXIT.ok;
  }
  const format = pickFormat(values.format, ['table', 'json'] as const, 'table');
  const source = requireSource(values.source);
  const now = parseNow(values.now, clock);
  const snapshot = await loadForCli(source, values.context, now, io);
  const model = computePosture(snapshot, { now: isoSeconds(now) });
  if (format === 'json') {
    const report = buildJsonReport(model, snapshot, { generatedAt: isoSeconds(clock()), toolVersion: TOOL_VERSION });
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout.write(formatPostureTable(model, snapshot));
  }
  return EXIT.ok;
}
