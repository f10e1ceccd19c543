// The history tables of the CSV report (`report --db DB [--since T] --format csv`) and of `mesh-posture history`:
// each an RFC 4180 document read back with a real parser, numbers as numbers (a fall in share stays negative), and
// every text read back from the history database (cluster names, causes, the source's label) neutralised.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { RecordedChange, RecordedPosture } from '@/lib/mesh/history/history-types';
import { buildReportHistory } from '../history-trend';
import { buildReportModel } from '../report-model';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { aPod, aSnapshot, NOW } from '@/test/builders';
import { CSV_ALL_SECTIONS, renderCsvStream, renderCsvTables } from './csv';
import { changesCsv, historyCsvTables, trafficDaysCsv } from './csv-history';

const rows = (text: string) => parse(text, { relax_column_count: false, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];

const HISTORY_NOW = '2026-05-01T00:00:00Z';
const HOSTILE = '=HYPERLINK("http://evil","x")';
const posture = (at: string, strict: number, source = 'cluster prod'): RecordedPosture => ({
  at, source, daily: false,
  summary: {
    mesh: { phase: 1, workloads: { total: 10, strict, permissive: 10 - strict, disable: 0, none: 0, unknown: 0 }, ports: { total: 10, strict, permissive: 10 - strict, disable: 0, none: 0, unknown: 0 } },
    namespaces: [], findings: { error: 0, warning: 0, info: 0 },
  },
});
const change = (over: Partial<RecordedChange> = {}): RecordedChange => ({
  at: '2026-04-30T00:00:00Z', source: 'cluster prod', namespace: 'shop', workload: 'cart', port: 8080, from: 'STRICT', to: 'PERMISSIVE',
  dataplane: { from: 'sidecar', to: 'sidecar' }, regression: true,
  causes: [{ kind: 'PeerAuthentication', namespace: 'shop', name: 'relax', change: 'added' }], ...over,
});

const history = (since?: readonly RecordedChange[]) =>
  buildReportHistory({
    database: '/var/lib/history', source: 'cluster prod', now: new Date(HISTORY_NOW),
    trend: [posture('2026-03-01T00:00:00Z', 9), posture('2026-04-20T08:00:00Z', 7), posture('2026-04-20T18:00:00Z', 6), posture('2026-04-30T00:00:00Z', 4)],
    ...(since ? { since: { at: '2026-04-25T00:00:00Z', changes: since } } : {}),
  });

describe('historyCsvTables', () => {
  it('trend: a row per window, the share at its first and last posture and the change, in points (negative stays a number)', () => {
    expect(rows(historyCsvTables(history()).trend ?? '')).toEqual([
      ['window_days', 'since', 'first_at', 'first_strict_ports', 'first_ports', 'first_share_percent', 'last_at', 'last_strict_ports', 'last_ports', 'last_share_percent', 'change_points', 'postures', 'source', 'database'],
      ['30', '2026-04-01T00:00:00Z', '2026-04-20T08:00:00Z', '7', '10', '70', '2026-04-30T00:00:00Z', '4', '10', '40', '-30', '3', 'cluster prod', '/var/lib/history'],
      ['90', '2026-01-31T00:00:00Z', '2026-03-01T00:00:00Z', '9', '10', '90', '2026-04-30T00:00:00Z', '4', '10', '40', '-50', '4', 'cluster prod', '/var/lib/history'],
    ]);
  });

  it('trend_daily: the last posture of each UTC day; no changes table without --since', () => {
    const tables = historyCsvTables(history());
    expect(rows(tables.trend_daily ?? '')).toEqual([
      ['day', 'at', 'strict_ports', 'ports', 'share_percent'],
      ['2026-03-01', '2026-03-01T00:00:00Z', '9', '10', '90'],
      ['2026-04-20', '2026-04-20T18:00:00Z', '6', '10', '60'],
      ['2026-04-30', '2026-04-30T00:00:00Z', '4', '10', '40'],
    ]);
    expect(Object.keys(tables)).toEqual(['trend', 'trend_daily']);
  });

  it('a window with no posture has empty first/last cells', () => {
    const empty = buildReportHistory({ database: 'db', source: 's', now: new Date(HISTORY_NOW), trend: [] });
    expect(rows(historyCsvTables(empty).trend ?? '').slice(1)).toEqual([
      ['30', '2026-04-01T00:00:00Z', '', '', '', '', '', '', '', '', '', '0', 's', 'db'],
      ['90', '2026-01-31T00:00:00Z', '', '', '', '', '', '', '', '', '', '0', 's', 'db'],
    ]);
  });

  it('changes (with --since): one row per change, causes in one cell; an empty table keeps its header', () => {
    expect(rows(historyCsvTables(history([change(), change({ port: null, workload: 'sleep', regression: false, from: null, to: 'STRICT', dataplane: { from: null, to: 'ambient' }, causes: [] })])).changes ?? '')).toEqual([
      ['at', 'source', 'namespace', 'workload', 'port', 'from', 'to', 'from_dataplane', 'to_dataplane', 'regression', 'causes'],
      ['2026-04-30T00:00:00Z', 'cluster prod', 'shop', 'cart', '8080', 'STRICT', 'PERMISSIVE', 'sidecar', 'sidecar', 'true', 'PeerAuthentication shop/relax added'],
      ['2026-04-30T00:00:00Z', 'cluster prod', 'shop', 'sleep', '', '', 'STRICT', '', 'ambient', 'false', ''],
    ]);
    expect(rows(historyCsvTables(history([])).changes ?? '')).toEqual([['at', 'source', 'namespace', 'workload', 'port', 'from', 'to', 'from_dataplane', 'to_dataplane', 'regression', 'causes']]);
  });

  it.each(['=', '+', '-', '@', '\t', '\r', '\n'])('neutralises a text cell read back from the database that starts with %j', (t) => {
    const h = buildReportHistory({
      database: `${t}db`, source: `${t}source`, now: new Date(HISTORY_NOW), trend: [posture('2026-04-30T00:00:00Z', 4, `${t}source`)],
      since: { at: '2026-04-25T00:00:00Z', changes: [change({ source: `${t}source`, namespace: `${t}ns`, workload: `${t}cmd|' /C calc'!A0`, causes: [{ kind: 'PeerAuthentication', namespace: '', name: HOSTILE, change: 'added' }] })] },
    });
    const tables = historyCsvTables(h);
    const changes = rows(tables.changes ?? '');
    expect(changes[1]?.slice(1, 4)).toEqual([`'${t}source`, `'${t}ns`, `'${t}cmd|' /C calc'!A0`]);
    expect(changes[1]?.[10]).toBe(`PeerAuthentication ${HOSTILE} added`);
    expect(rows(tables.trend ?? '')[1]?.slice(12)).toEqual([`'${t}source`, `'${t}db`]);
    const traffic = rows(trafficDaysCsv([{ source: `${t}s`, day: '2026-04-30', namespace: `${t}ns`, workload: HOSTILE, plaintextRequests: 5, plaintextConnections: 0, unclassifiedRequests: 1, unclassifiedConnections: 2 }]));
    expect(traffic).toEqual([
      ['day', 'source', 'namespace', 'workload', 'plaintext_requests', 'plaintext_connections', 'unclassified_requests', 'unclassified_connections'],
      ['2026-04-30', `'${t}s`, `'${t}ns`, `'${HOSTILE}`, '5', '0', '1', '2'],
    ]);
    // Every row has the header's column count: a line break inside a cell never splits a row.
    for (const table of [tables.trend, tables.trend_daily, tables.changes, changesCsv([change({ workload: `a${t}b` })])]) {
      const parsed = rows(table ?? '');
      expect(parsed.every((r) => r.length === parsed[0]?.length)).toBe(true);
    }
  });
});

describe('renderCsvTables / renderCsvStream with a report history', () => {
  const computation = computePostureDetailed(aSnapshot({ pods: [aPod({ name: 'cart-1', namespace: 'shop', ports: [8080] })] }), { now: NOW });
  const base = buildReportModel(computation, { generatedAt: NOW, toolVersion: '0.0.0-test' });

  it('adds the trend tables after the others, and the changes only with --since', () => {
    const without = renderCsvTables(base, computation.model.workloads);
    expect(Object.keys(without).sort()).toEqual(['certificates', 'findings', 'workloads']);
    const tables = renderCsvTables({ ...base, history: history([change()]) }, computation.model.workloads);
    const stream = renderCsvStream(tables);
    expect([...stream.matchAll(/^# (\w+)\r$/gm)].map((m) => m[1])).toEqual(['workloads', 'findings', 'certificates', 'trend', 'trend_daily', 'changes']);
    expect(CSV_ALL_SECTIONS.filter((s) => tables[s] !== undefined)).toEqual(['workloads', 'findings', 'certificates', 'trend', 'trend_daily', 'changes']);
    expect(stream).toContain(`# changes\r\n${tables.changes ?? 'missing'}`);
  });
});
