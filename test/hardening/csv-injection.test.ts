// Issue #15 item 1: CSV formula protection must hold for every CSV the product writes (the CLI's three files and
// stdout stream, the server's download). Each output is read back with a real CSV parser (csv-parse, strict column
// count): a field holding a lone LF or CR used to be written unquoted, so its row split and the next physical line
// started a row whose first cell was never neutralised.
import { cpSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET } from '@/app/api/v1/report/route';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { buildReportModel } from '@/lib/report/report-model';
import { CSV_SECTIONS, CSV_TRAFFIC_SECTIONS, renderCsvTables } from '@/lib/report/render/csv';
import { aNamespace, aPod, aSnapshot, NOW } from '@/test/builders';
import { CLI_NOW, runCli, SMALL_MESH } from '@/test/run-cli';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\n'];
const NUMERIC = new Set(['port', 'remaining_seconds']);
const HOSTILE_FILE = "=1+1+cmd|' -C calc'!A0.yaml";

/**
 * Parses one table strictly, the way a spreadsheet splits rows (CRLF, a lone LF and a lone CR each end a row outside
 * quotes), and returns the cells that a spreadsheet would run as a formula.
 */
function formulaCells(text: string): { rows: number; offending: string[] } {
  const [header, ...rows] = parse(text, { relax_column_count: false, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
  const offending = rows.flatMap((r) =>
    r.flatMap((cell, i) => (NUMERIC.has(header![i]!) ? [] : TRIGGERS.some((t) => cell.startsWith(t)) ? [`${header![i]}=${JSON.stringify(cell)}`] : [])),
  );
  return { rows: rows.length, offending };
}

/** The `# section` stream (stdout, server download) split back into its documents (three, five with observed traffic). */
function splitStream(stream: string): Record<string, string> {
  const parts = stream.split(/^# (workloads|findings|certificates|traffic|contradictions)\r\n/m).slice(1);
  const out: Record<string, string> = {};
  for (let i = 0; i < parts.length; i += 2) out[parts[i]!] = parts[i + 1]!;
  return out;
}

describe('CSV: a hostile file name and multi-line messages from a manifest folder (CLI)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mp-csv-'));
  cpSync(SMALL_MESH, dir, { recursive: true });
  renameSync(path.join(dir, '10-shop.yaml'), path.join(dir, HOSTILE_FILE));

  it('writes three files whose every row parses with the header\'s column count and no formula cell', async () => {
    const json = await runCli('report', '--source', dir, '--format', 'json', '--now', CLI_NOW);
    const findings = (JSON.parse(json.stdout) as { findings: { locations: { file: string }[] }[] }).findings;
    expect(findings.some((f) => f.locations.some((l) => l.file.endsWith(HOSTILE_FILE)))).toBe(true);

    const out = mkdtempSync(path.join(tmpdir(), 'mp-csv-out-'));
    const { code } = await runCli('report', '--source', dir, '--format', 'csv', '--now', CLI_NOW, '--out', path.join(out, 'r.csv'));
    const read = (f: string) => formulaCells(readFileSync(path.join(out, f), 'utf8'));
    expect({ code, workloads: read('r.csv').offending, findings: read('r-findings.csv'), certificates: read('r-certificates.csv').offending }).toEqual({
      code: 0, workloads: [], findings: { rows: findings.length, offending: [] }, certificates: [],
    });
  });

  it('writes the same on stdout, each section a strict RFC 4180 document', async () => {
    const { stdout } = await runCli('report', '--source', dir, '--format', 'csv', '--now', CLI_NOW);
    const sections = splitStream(stdout);
    expect(Object.keys(sections)).toEqual([...CSV_SECTIONS]);
    for (const s of CSV_SECTIONS) expect({ s, offending: formulaCells(sections[s]!).offending }).toEqual({ s, offending: [] });
  });
});

describe('CSV: object names with a line break before a formula (builders)', () => {
  it.each(['\r=1+1', '\n=1+1', 'x\r=1+1', 'x\n@SUM(A1)'])('%j never yields a formula cell nor a split row', (name) => {
    const snapshot = aSnapshot({ namespaces: [aNamespace('shop')], pods: [aPod({ name, namespace: 'shop', dataplane: 'none', ports: [8080] })] });
    const computation = computePostureDetailed(snapshot, { now: NOW });
    const model = buildReportModel(computation, { generatedAt: NOW, toolVersion: '0.0.0-test' });
    const tables = renderCsvTables(model, computation.model.workloads);
    const workloads = formulaCells(tables.workloads);
    expect(workloads).toEqual({ rows: 1, offending: [] });
    expect(formulaCells(tables.findings).offending).toEqual([]);
  });
});

describe('CSV: the server download of the demo mesh', () => {
  beforeAll(() => vi.stubEnv('MESH_POSTURE_ANONYMOUS', 'true'));
  afterAll(() => vi.unstubAllEnvs());

  it('has one CSV row per finding (multi-line messages stay in their cell) and no formula cell', async () => {
    const json = (await (await GET(new Request('http://localhost/api/v1/report?format=json'))).json()) as { findings: unknown[] };
    const csv = await (await GET(new Request('http://localhost/api/v1/report?format=csv'))).text();
    const sections = splitStream(csv);
    expect(formulaCells(sections['findings']!)).toEqual({ rows: json.findings.length, offending: [] });
    // The demo plays its recorded traffic: its two tables (Prometheus label values, hostile too) are checked alike.
    expect(Object.keys(sections)).toEqual([...CSV_SECTIONS, ...CSV_TRAFFIC_SECTIONS]);
    for (const s of [...CSV_SECTIONS, ...CSV_TRAFFIC_SECTIONS]) expect({ s, offending: formulaCells(sections[s]!).offending }).toEqual({ s, offending: [] });
  });
});
