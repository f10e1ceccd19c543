// `mesh-posture record` then `mesh-posture history`, end to end on the embedded database: a manifest folder is
// recorded, a PeerAuthentication is added to it, recorded again, and the history names the change and its cause.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, SMALL_MESH } from '@/test/run-cli';
import { openEmbeddedClient } from '@/lib/store/pglite-client';
import { openHistoryStore } from '@/lib/store/open-store';
import { SCHEMA_VERSION } from '@/lib/store/migrations';
import Ajv2020 from 'ajv/dist/2020';
import schema from '@/docs/report.schema.json';

const T1 = '2026-06-01T12:00:00Z';
const T2 = '2026-06-02T09:30:00Z';
let dir: string;
let mesh: string;
let db: string;

const RELAX_SHOP = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: relax
  namespace: shop
spec:
  mtls:
    mode: PERMISSIVE
`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mp-history-cli-'));
  mesh = path.join(dir, 'mesh');
  db = path.join(dir, 'history.db');
  cpSync(SMALL_MESH, mesh, { recursive: true });
  const first = await runCli('record', '--source', mesh, '--db', db, '--now', T1);
  expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/^recorded 2026-06-01T12:00:00Z in .*history\.db \(source ".*mesh"\): 0 changes, 4 findings opened, 0 closed, 2 namespaces entering a phase/) });
  expect((await runCli('record', '--source', mesh, '--db', db, '--now', '2026-06-01T18:00:00Z')).stdout).toMatch(/^unchanged at 2026-06-01T18:00:00Z/);
  writeFileSync(path.join(mesh, '30-relax.yaml'), RELAX_SHOP);
  const second = await runCli('record', '--source', mesh, '--db', db, '--now', T2);
  expect(second.stdout).toMatch(/^recorded 2026-06-02T09:30:00Z .*: 2 changes \(2 regressions from STRICT\), /);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mesh-posture history', () => {
  it('--format json: the documented contract, the change caused by the added policy', async () => {
    const { code, stdout } = await runCli('history', '--db', db, '--format', 'json');
    expect(code).toBe(0);
    const h = JSON.parse(stdout);
    expect(Object.keys(h)).toEqual(['records', 'changes', 'findings', 'phases', 'rotations']);
    expect(h.records.map((r: { at: string }) => r.at)).toEqual([T1, T2]);
    expect(h.records[0].summary.mesh.workloads).toEqual({ total: 3, strict: 2, permissive: 0, disable: 0, none: 1, unknown: 0 });
    const cause = [{ kind: 'PeerAuthentication', namespace: 'shop', name: 'relax', change: 'added' }];
    expect(h.changes.map((c: Record<string, unknown>) => [c.at, c.namespace, c.workload, c.port, c.from, c.to, c.regression, c.causes])).toEqual([
      [T2, 'shop', 'httpbin', 8080, 'STRICT', 'PERMISSIVE', true, cause],
      [T2, 'shop', 'sleep', null, 'STRICT', 'PERMISSIVE', true, cause],
    ]);
  });

  it('--since and --namespace narrow the window; a day before T2 keeps only the change', async () => {
    const since = JSON.parse((await runCli('history', '--db', db, '--format', 'json', '--since', '2026-06-02')).stdout);
    expect(since.records.map((r: { at: string }) => r.at)).toEqual([T2]);
    expect(since.changes).toHaveLength(2);
    const legacy = JSON.parse((await runCli('history', '--db', db, '--format', 'json', '--namespace', 'legacy')).stdout);
    expect(legacy.changes).toEqual([]);
    expect(legacy.phases.map((p: { namespace: string }) => p.namespace)).toEqual(['legacy']);
  });

  it('--format table and csv', async () => {
    const table = (await runCli('history', '--db', db)).stdout;
    expect(table).toContain('Changes: 2 (2 regressions from STRICT)');
    expect(table).toMatch(/\n2026-06-02T09:30:00Z +shop\/httpbin +8080 +STRICT → PERMISSIVE +REGRESSION +PeerAuthentication shop\/relax added\n/);
    expect(table).toMatch(/\n2026-06-02T09:30:00Z +shop\/sleep +all ports +STRICT → PERMISSIVE/);
    const csv = (await runCli('history', '--db', db, '--format', 'csv')).stdout;
    // No traffic recorded: one table, after its "# changes" line.
    expect(csv.startsWith('# changes\r\nat,source,namespace,workload,port,')).toBe(true);
    expect(csv).not.toContain('# traffic');
    const rows = parse(csv.slice('# changes\r\n'.length), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['workload'], r['port'], r['from'], r['to'], r['regression'], r['causes']])).toEqual([
      ['httpbin', '8080', 'STRICT', 'PERMISSIVE', 'true', 'PeerAuthentication shop/relax added'],
      ['sleep', '', 'STRICT', 'PERMISSIVE', 'true', 'PeerAuthentication shop/relax added'],
    ]);
  });

  it('usage errors and a database written by a newer version exit 2 with the reason', async () => {
    expect(await runCli('history', '--format', 'json')).toMatchObject({ code: 2, stderr: expect.stringContaining('--db is required') });
    expect(await runCli('history', '--db', db, '--since', 'yesterday')).toMatchObject({ code: 2, stderr: expect.stringContaining('--since: expected an RFC 3339 time, a date (YYYY-MM-DD) or a number of days (30d), got "yesterday"') });
    expect(await runCli('record', '--source', mesh, '--db', db, '--retention-days', '0')).toMatchObject({ code: 2, stderr: expect.stringContaining('--retention-days: expected a whole number of days') });
    const newer = path.join(dir, 'newer.db');
    cpSync(db, newer, { recursive: true });
    const raw = await openEmbeddedClient(newer);
    await raw.query("INSERT INTO mesh_posture_schema (version, description) VALUES ($1, 'future')", [SCHEMA_VERSION + 1]);
    await raw.close();
    const refused = await runCli('record', '--source', mesh, '--db', newer, '--now', '2026-06-03T00:00:00Z');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`mesh-posture record: the history database ${newer} has schema version ${SCHEMA_VERSION + 1}, written by a newer mesh-posture`);
  });
});

/** The `# name` stream of a CSV output split into its RFC 4180 documents, each parsed. */
function csvSections(stream: string): Record<string, string[][]> {
  const parts = stream.split(/^# (\w+)\r\n/m);
  expect(parts[0]).toBe('');
  const out: Record<string, string[][]> = {};
  for (let i = 1; i < parts.length; i += 2) out[parts[i]!] = parse(parts[i + 1]!, { relax_column_count: false, skip_empty_lines: true }) as string[][];
  return out;
}

describe('mesh-posture history with observed traffic: plaintext per day in every format', () => {
  let withTraffic: string;
  const HOSTILE = '=HYPERLINK("http://evil","x")';

  beforeAll(async () => {
    withTraffic = path.join(dir, 'traffic.db');
    cpSync(db, withTraffic, { recursive: true });
    // What `record --prometheus` keeps (the reading itself is tested against a real Prometheus in test/prometheus/).
    const store = await openHistoryStore(withTraffic);
    await store.recordTraffic('mesh', '2026-06-02T10:00:00Z', [
      { day: '2026-06-01', namespace: 'shop', workload: 'httpbin', plaintextRequests: 1200, plaintextConnections: 0, unclassifiedRequests: 3, unclassifiedConnections: 0 },
      { day: '2026-06-02', namespace: 'shop', workload: HOSTILE, plaintextRequests: 0, plaintextConnections: 7, unclassifiedRequests: 0, unclassifiedConnections: 1 },
    ]);
    await store.close();
  }, 120_000);

  it('--format table lists each day and workload after the changes', async () => {
    const { code, stdout } = await runCli('history', '--db', withTraffic);
    expect(code).toBe(0);
    expect(stdout).toContain('\nPlaintext received per day (observed traffic): 2 days and workloads\n');
    expect(stdout).toMatch(/\nDAY +WORKLOAD +PLAINTEXT REQUESTS +PLAINTEXT CONNECTIONS +UNCLASSIFIED REQUESTS +UNCLASSIFIED CONNECTIONS +SOURCE\n2026-06-01 +shop\/httpbin +1,200 +0 +3 +0 +mesh\n2026-06-02 +shop\/=HYPERLINK/);
  });

  it('--format csv adds a "# traffic" table, its hostile names neutralised', async () => {
    const { code, stdout } = await runCli('history', '--db', withTraffic, '--format', 'csv');
    expect(code).toBe(0);
    const sections = csvSections(stdout);
    expect(Object.keys(sections)).toEqual(['changes', 'traffic']);
    expect(sections['changes']).toHaveLength(3);
    expect(sections['traffic']).toEqual([
      ['day', 'source', 'namespace', 'workload', 'plaintext_requests', 'plaintext_connections', 'unclassified_requests', 'unclassified_connections'],
      ['2026-06-01', 'mesh', 'shop', 'httpbin', '1200', '0', '3', '0'],
      ['2026-06-02', 'mesh', 'shop', `'${HOSTILE}`, '0', '7', '0', '1'],
    ]);
    // --namespace narrows the traffic too.
    expect(csvSections((await runCli('history', '--db', withTraffic, '--format', 'csv', '--namespace', 'legacy')).stdout)).toEqual({
      changes: [['at', 'source', 'namespace', 'workload', 'port', 'from', 'to', 'from_dataplane', 'to_dataplane', 'regression', 'causes']],
    });
  });
});

describe('mesh-posture report --db: the trend section and the changes since a date', () => {
  const NOW = '2026-06-03T00:00:00Z';

  it('--format json: the STRICT share 30 and 90 days ago and now, one point a day, the changes since --since; valid against the schema', async () => {
    const { code, stdout } = await runCli('report', '--source', mesh, '--db', db, '--since', '2026-06-02', '--now', NOW, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    const first = { at: T1, strictPorts: 1, ports: 2, share: 50 };
    const last = { at: T2, strictPorts: 0, ports: 2, share: 0 };
    expect(report.history).toMatchObject({
      database: db,
      windows: [
        { days: 30, since: '2026-05-04T00:00:00Z', first, last, change: -50, postures: 2 },
        { days: 90, since: '2026-03-05T00:00:00Z', first, last, change: -50, postures: 2 },
      ],
      daily: [first, last],
      since: '2026-06-02T00:00:00Z',
    });
    expect(report.history.changes.map((c: { workload: string; from: string; to: string }) => [c.workload, c.from, c.to])).toEqual([
      ['httpbin', 'STRICT', 'PERMISSIVE'],
      ['sleep', 'STRICT', 'PERMISSIVE'],
    ]);
    // Without --db a report reads no history, even with the variable set.
    const plain = await runCli('report', '--source', mesh, '--now', NOW, '--format', 'json');
    expect(JSON.parse(plain.stdout).history).toBeUndefined();
  });

  it('--format md and html carry the section; --since without a database is a usage error', async () => {
    const md = (await runCli('report', '--source', mesh, '--db', db, '--since', '30d', '--now', NOW, '--format', 'md')).stdout;
    expect(md).toContain('## STRICT share over time');
    expect(md).toMatch(/\| 30 days \| 50% \(1 of 2 ports, 2026-06-01T12:00:00Z\) \| 0% \(0 of 2 ports, 2026-06-02T09:30:00Z\) \| -50 points \|/);
    expect(md).toContain('## Changes since 2026-05-04T00:00:00Z');
    expect(md).toContain('PeerAuthentication shop/relax added');
    const html = (await runCli('report', '--source', mesh, '--db', db, '--now', NOW, '--format', 'html')).stdout;
    expect(html).toContain('<h2 id="history">STRICT share over time</h2>');
    expect(html).not.toContain('Changes since');
    expect(await runCli('report', '--source', mesh, '--since', '30d')).toMatchObject({ code: 2, stderr: expect.stringContaining('--db is required') });
  });

  it('--format csv adds the trend, the daily share and (with --since) the changes, on stdout and as files', async () => {
    const { code, stdout } = await runCli('report', '--source', mesh, '--db', db, '--since', '2026-06-02', '--now', NOW, '--format', 'csv');
    expect(code).toBe(0);
    const sections = csvSections(stdout);
    expect(Object.keys(sections)).toEqual(['workloads', 'findings', 'certificates', 'trend', 'trend_daily', 'changes']);
    expect(sections['trend']?.map((r) => r.slice(0, 12))).toEqual([
      ['window_days', 'since', 'first_at', 'first_strict_ports', 'first_ports', 'first_share_percent', 'last_at', 'last_strict_ports', 'last_ports', 'last_share_percent', 'change_points', 'postures'],
      ['30', '2026-05-04T00:00:00Z', T1, '1', '2', '50', T2, '0', '2', '0', '-50', '2'],
      ['90', '2026-03-05T00:00:00Z', T1, '1', '2', '50', T2, '0', '2', '0', '-50', '2'],
    ]);
    expect(sections['trend_daily']).toEqual([['day', 'at', 'strict_ports', 'ports', 'share_percent'], ['2026-06-01', T1, '1', '2', '50'], ['2026-06-02', T2, '0', '2', '0']]);
    expect(sections['changes']?.map((r) => [r[3], r[4], r[5], r[6], r[10]])).toEqual([
      ['workload', 'port', 'from', 'to', 'causes'],
      ['httpbin', '8080', 'STRICT', 'PERMISSIVE', 'PeerAuthentication shop/relax added'],
      ['sleep', '', 'STRICT', 'PERMISSIVE', 'PeerAuthentication shop/relax added'],
    ]);
    const out = path.join(dir, 'csv-out');
    mkdirSync(out, { recursive: true });
    expect((await runCli('report', '--source', mesh, '--db', db, '--now', NOW, '--format', 'csv', '--out', path.join(out, 'r.csv'))).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['r-certificates.csv', 'r-findings.csv', 'r-trend-daily.csv', 'r-trend.csv', 'r.csv']);
    expect(parse(readFileSync(path.join(out, 'r-trend-daily.csv'), 'utf8'))).toEqual(sections['trend_daily']);
  });
});
