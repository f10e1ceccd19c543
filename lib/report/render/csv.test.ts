import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { aPod, aSnapshot, NOW } from '@/test/builders';
import { buildJsonReport } from '../json-report';
import { buildReportModel } from '../report-model';
import { renderMarkdownReport } from './markdown';
import { renderSarifReport } from './sarif';
import { CSV_SECTIONS, neutraliseCell, renderCsvStream, renderCsvTables, toCsv } from './csv';
import { HOSTILE_NS, HOSTILE_POD, hostileReport } from './render-fixtures';

const reparse = (text: string) => parse(text, { relax_column_count: false }) as string[][];
const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\n'];
const NUMERIC_COLUMNS = new Set(['port', 'remaining_seconds']);

describe('neutraliseCell', () => {
  it.each<[string, string]>([
    ...TRIGGERS.map((t): [string, string] => [`${t}1+1`, `'${t}1+1`]),
    ['plain text', 'plain text'],
    ['a=b', 'a=b'],
    ["'already quoted", "'already quoted"],
    ['', ''],
  ])('text %j → %j', (cell, expected) => {
    expect(neutraliseCell(cell)).toBe(expected);
  });

  it.each([
    [-3600, '-3600'],
    [8080, '8080'],
    [null, ''],
    [Number.NaN, ''],
    [true, 'true'],
  ])('non-text %j → %j (numbers are never prefixed)', (cell, expected) => {
    expect(neutraliseCell(cell)).toBe(expected);
  });
});

describe('toCsv', () => {
  it('neutralises every trigger character and re-parses to the same (neutralised) rows', () => {
    const rows = TRIGGERS.map((t, i) => [`${t}SUM(A1:A9)`, i - 3, `quote " and comma, and\r\nnewline`]);
    const text = toCsv(['text', 'n', 'other'], rows);
    expect(reparse(text)).toEqual([
      ['text', 'n', 'other'],
      ...TRIGGERS.map((t, i) => [`'${t}SUM(A1:A9)`, String(i - 3), 'quote " and comma, and\r\nnewline']),
    ]);
    expect(text.endsWith('\r\n')).toBe(true);
  });
});

describe('renderCsvTables', () => {
  const { model, computation } = hostileReport();
  const tables = renderCsvTables(model, computation.model.workloads);

  it('writes a row per workload and port, hostile names neutralised', () => {
    const [header, ...rows] = reparse(tables.workloads);
    const pick = (r: string[]) => Object.fromEntries(['namespace', 'pod', 'port', 'mode', 'accepts_plaintext'].map((c) => [c, r[header!.indexOf(c)]]));
    expect(rows.map(pick)).toEqual([
      { namespace: 'shop', pod: 'web-7d9f8c6b5-x2x4z', port: '8080', mode: 'STRICT', accepts_plaintext: 'false' },
      { namespace: 'shop', pod: 'web-7d9f8c6b5-x2x4z', port: '9090', mode: 'PERMISSIVE', accepts_plaintext: 'true' },
      { namespace: `'${HOSTILE_NS}`, pod: `'${HOSTILE_POD}`, port: '', mode: 'NONE', accepts_plaintext: 'true' },
      { namespace: 'shop', pod: "'-2+3\ncmd", port: '7070', mode: 'STRICT', accepts_plaintext: 'false' },
    ]);
  });

  it.each(CSV_SECTIONS)('%s: no text cell starts with a trigger character, numeric columns hold only numbers', (section) => {
    const [header, ...rows] = reparse(tables[section]);
    const offending = rows.flatMap((r) =>
      r.flatMap((cell, i) => {
        const column = header![i]!;
        if (NUMERIC_COLUMNS.has(column)) return cell === '' || /^-?\d+$/.test(cell) ? [] : [`${column}=${cell}`];
        return TRIGGERS.some((t) => cell.startsWith(t)) ? [`${column}=${cell}`] : [];
      }),
    );
    expect({ rows: rows.length > 0, offending }).toEqual({ rows: true, offending: [] });
  });

  it('keeps a negative remaining time a number, and lists findings with their verify commands and locations', () => {
    const [certHeader, ...certs] = reparse(tables.certificates);
    expect(certs.map((r) => Object.fromEntries(certHeader!.map((h, i) => [h, r[i]])))).toEqual([
      {
        kind: 'workload', namespace: 'shop', name: 'web-7d9f8c6b5-x2x4z', status: 'expired', spiffe_id: 'spiffe://cluster.local/ns/shop/sa/web', subject: '',
        serial: 'ab01', not_before: '2026-05-01T00:00:00Z', not_after: '2026-06-01T11:00:00Z', remaining_seconds: '-3600', origin: 'config-dump', as_of: '2026-06-01T12:00:00Z',
      },
      {
        kind: 'workload', namespace: 'shop', name: "'-2+3\ncmd", status: 'unknown', spiffe_id: '', subject: '',
        serial: '', not_before: '', not_after: '', remaining_seconds: '', origin: '', as_of: '',
      },
    ]);
    const [fHeader, ...findings] = reparse(tables.findings);
    const typo = findings.find((r) => r[fHeader!.indexOf('code')] === 'MP102');
    expect({ locations: typo?.[fHeader!.indexOf('locations')], verify: typo?.[fHeader!.indexOf('verify')]?.split('\n').length }).toEqual({ locations: 'manifests\\shop.yaml:42', verify: 2 });
  });

  it('on stdout, writes the three sections after "# section" lines, separated by a blank line, each re-parsing to its file', () => {
    const stream = renderCsvStream(tables);
    const sections = stream.split(/\r\n(?=# (?:findings|certificates)\r\n)/);
    expect(sections.map((s) => s.split('\r\n', 1)[0])).toEqual(['# workloads', '# findings', '# certificates']);
    expect(sections.map((s) => reparse(s.slice(s.indexOf('\r\n') + 2)))).toEqual(CSV_SECTIONS.map((s) => reparse(tables[s])));
  });
});

describe('exports never carry annotations or Secret material', () => {
  it('leaves out last-applied-configuration and every other annotation, in every text format', () => {
    const marker = 'LEAKED-PRIVATE-KEY-MATERIAL';
    const snapshot = aSnapshot({
      pods: [aPod({ name: 'web-1', namespace: 'shop', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"tls.key":"${marker}"}}`, note: marker } })],
    });
    const computation = computePostureDetailed(snapshot, { now: NOW });
    const model = buildReportModel(computation, { generatedAt: NOW, toolVersion: 'test' });
    const tables = renderCsvTables(model, computation.model.workloads);
    const outputs = {
      json: JSON.stringify(buildJsonReport(model, computation.model, snapshot)),
      md: renderMarkdownReport(model),
      sarif: renderSarifReport(model),
      csv: renderCsvStream(tables),
    };
    expect(Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.includes(marker) || v.includes('last-applied')]))).toEqual({ json: false, md: false, sarif: false, csv: false });
  });
});
