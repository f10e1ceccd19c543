import { describe, expect, it } from 'vitest';
import { causeText, parseHistoryFilters, strictShareSeries, type HistoryRecordDto } from './history';

const counts = (strict: number, total: number) => ({ total, strict, permissive: total - strict, disable: 0, none: 0, unknown: 0 });
const record = (at: string, mesh: [number, number], shop: [number, number] | null): HistoryRecordDto => ({
  at, source: 'demo', daily: false,
  summary: {
    mesh: { phase: 1, workloads: counts(...mesh), ports: counts(...mesh) },
    namespaces: shop ? [{ name: 'shop', phase: 2, workloads: counts(...shop), ports: counts(...shop) }] : [],
    findings: { error: 0, warning: 0, info: 0 },
  },
});

describe('strictShareSeries', () => {
  it('the STRICT share of ports per posture, for the mesh and the namespace filtered on', () => {
    const records = [record('2026-06-01T00:00:00Z', [2, 3], [2, 2]), record('2026-06-02T00:00:00Z', [0, 3], [0, 2]), record('2026-06-03T00:00:00Z', [0, 0], null)];
    expect(strictShareSeries(records, 'shop')).toEqual([
      { at: '2026-06-01T00:00:00Z', mesh: 66.7, namespace: 100 },
      { at: '2026-06-02T00:00:00Z', mesh: 0, namespace: 0 },
      { at: '2026-06-03T00:00:00Z', mesh: null, namespace: null },
    ]);
    expect(strictShareSeries(records, '').map((p) => p.namespace)).toEqual([null, null, null]);
  });
});

describe('history filters and causes', () => {
  it.each([
    ['', { days: 30, namespace: '' }],
    ['days=90&namespace=shop', { days: 90, namespace: 'shop' }],
    ['days=13&namespace=%3Cscript%3E', { days: 30, namespace: '' }],
  ])('%s', (query, want) => {
    expect(parseHistoryFilters(new URLSearchParams(query))).toEqual(want);
  });

  it('names a cause by kind, namespace/name and change', () => {
    expect(causeText({ kind: 'PeerAuthentication', namespace: 'shop', name: 'relax', change: 'added' })).toBe('PeerAuthentication shop/relax added');
    expect(causeText({ kind: 'Namespace', namespace: '', name: 'shop', change: 'modified' })).toBe('Namespace shop modified');
  });
});
