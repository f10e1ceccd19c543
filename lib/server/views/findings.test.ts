// The findings view builder on the embedded demo mesh at a fixed `now` (demo/expectations.ts lists what fires).
import { beforeAll, describe, expect, it } from 'vitest';
import { findingObjectHref } from '@/lib/api/views/findings';
import { FINDING_SPECS } from '@/lib/mesh/findings/catalogue';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import { staticPostureState, type PostureState } from '../posture-store';
import { buildFindingsView, parseObjectId } from './findings';

const NOW = new Date('2026-11-26T12:00:00Z');
let state: PostureState;
const view = (query = '') => buildFindingsView(state, new URLSearchParams(query));

beforeAll(async () => {
  state = staticPostureState(await loadDemoSnapshot({ now: NOW }), NOW);
});

describe('buildFindingsView on the demo mesh', () => {
  it('serves a finding with its catalogue title, objects, why and the commands that confirm it', () => {
    expect(view('code=MP501').findings).toEqual({
      rows: [
        {
          // Pods by their workload: the same finding after the pod is replaced (lib/mesh/workload-identity.ts).
          key: '["MP501",["Pod/payments/ledger"]]',
          code: 'MP501',
          title: 'workload certificate expired',
          severity: 'error',
          namespace: 'payments',
          message: expect.stringContaining('pod payments/ledger-c4v5b7kwvd-629wz has expired'),
          why: 'Peers reject an expired certificate: mTLS to and from this proxy fails until it is renewed; rotation is not working.',
          verify: [
            "istioctl proxy-config secret 'ledger-c4v5b7kwvd-629wz' -n 'payments'",
            expect.stringContaining('openssl x509 -noout -serial -enddate'),
          ],
          objects: [{ id: 'Pod/payments/ledger-c4v5b7kwvd-629wz', kind: 'Pod', namespace: 'payments', name: 'ledger-c4v5b7kwvd-629wz' }],
        },
      ],
      total: 1,
      page: 1,
      pageSize: 50,
    });
  });

  it('counts the whole mesh by severity and lists the full catalogue with counts', () => {
    const v = view('severity=info');
    expect(v.counts).toEqual({ error: 18, warning: 32, info: 7, total: 57 });
    expect(v.codes.map((c) => c.code)).toEqual(FINDING_SPECS.map((s) => s.code));
    expect(v.codes.find((c) => c.code === 'MP106')).toEqual({ code: 'MP106', title: 'PERMISSIVE namespace whose clients all have a dataplane', severity: 'info', count: 2 });
  });

  it('orders findings worst first, then by code', () => {
    const rows = view('pageSize=500').findings.rows;
    const severities = rows.map((r) => r.severity);
    expect(severities).toEqual([...severities].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
    expect(rows[0]?.code).toBe('MP101');
  });

  it.each([
    ['severity=error', { total: 18, severities: ['error'] }],
    ['severity=info', { total: 7, severities: ['info'] }],
    ['code=mp106', { total: 2, severities: ['info'] }],
    ['code=MP999', { total: 0, severities: [] }],
    ['namespace=no-such-namespace', { total: 0, severities: [] }],
  ])('filters with %s', (query, expected) => {
    const page = view(query).findings;
    expect({ total: page.total, severities: [...new Set(page.rows.map((r) => r.severity))] }).toEqual(expected);
  });

  it('filters by namespace and combines filters', () => {
    const rows = view('namespace=payments&severity=error').findings.rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.namespace === 'payments' && r.severity === 'error')).toBe(true);
    expect(rows.map((r) => r.code)).toContain('MP501');
  });

  it('pages server-side', () => {
    const page = view('pageSize=10&page=2').findings;
    expect({ total: page.total, page: page.page, rows: page.rows.length }).toEqual({ total: 57, page: 2, rows: 10 });
    expect(page.rows[0]).toEqual(view('pageSize=500').findings.rows[10]);
  });

  it('lists the namespaces that have findings', () => {
    expect(view().namespaces).toEqual([...view().namespaces].sort());
    expect(view().namespaces).toContain('legacy-batch');
  });
});

describe('finding objects', () => {
  it.each([
    ['Pod/payments/ledger-0', { kind: 'Pod', namespace: 'payments', name: 'ledger-0' }, '/namespaces/payments/pods/ledger-0'],
    ['Namespace/storefront', { kind: 'Namespace', namespace: null, name: 'storefront' }, '/namespaces/storefront'],
    ['PeerAuthentication/ops-tools/default', { kind: 'PeerAuthentication', namespace: 'ops-tools', name: 'default' }, null],
    ['ClusterRole/istio-reader', { kind: 'ClusterRole', namespace: null, name: 'istio-reader' }, null],
    ['not an id', { kind: '', namespace: null, name: 'not an id' }, null],
    ['Pod//empty', { kind: '', namespace: null, name: 'Pod//empty' }, null],
    ['a/b/c/d', { kind: '', namespace: null, name: 'a/b/c/d' }, null],
    ['Pod/we?ird/na#me', { kind: 'Pod', namespace: 'we?ird', name: 'na#me' }, '/namespaces/we%3Fird/pods/na%23me'],
  ])('%s is parsed and linked', (id, expected, href) => {
    const object = parseObjectId(id);
    expect(object).toEqual({ id, ...expected });
    expect(findingObjectHref(object)).toBe(href);
  });
});
