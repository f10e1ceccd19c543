// The certificates view builder on the embedded demo mesh (demo/certificates.yaml plants an expired, an expiring,
// an unknown and a trust-domain-mismatch certificate, and proxies holding the legacy root), at a fixed `now`.
import { beforeAll, describe, expect, it } from 'vitest';
import { formatRemaining } from '@/lib/api/views/certificates';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import { staticPostureState, type PostureState } from '../posture-store';
import { buildCertificatesView } from './certificates';
import { expiryTimeline } from './certificates-timeline';

const NOW = new Date('2026-11-26T12:00:00Z');
const LEDGER = 'ledger-c4v5b7kwvd-629wz';
const FRAUD = 'fraud-detector-mzhhkp79wj-nl6hs';
const PARTNER_SYNC = 'partner-sync-l8n8gx9gg8-lpqv9';
const BASTION = 'bastion-q626c88rc-hc4v2';

let state: PostureState;
const view = (query = '') => buildCertificatesView(state, new URLSearchParams(query));
const pods = (query: string) => view(query).certificates.rows.map((r) => `${r.namespace}/${r.pod}`);

beforeAll(async () => {
  state = staticPostureState(await loadDemoSnapshot({ now: NOW }), NOW);
});

describe('buildCertificatesView on the demo mesh', () => {
  it('counts every proxy certificate by the engine verdict', () => {
    expect(view().counts).toEqual({ expired: 1, expiring: 1, healthy: 113, 'not-yet-valid': 0, unknown: 1, total: 116 });
  });

  it('lists soonest expiry first by default, expired first and unknown last', () => {
    const rows = view('pageSize=500').certificates.rows;
    expect(rows.slice(0, 3).map((r) => [r.pod, r.status])).toEqual([
      [LEDGER, 'expired'],
      [PARTNER_SYNC, 'healthy'],
      [FRAUD, 'expiring'],
    ]);
    expect(rows.at(-1)).toMatchObject({ pod: BASTION, status: 'unknown', remainingSeconds: null, origin: null });
  });

  it('keeps unknown expiries last when sorting descending too', () => {
    const rows = view('sort=remaining&dir=desc&pageSize=500').certificates.rows;
    expect(rows.at(-1)?.pod).toBe(BASTION);
    expect(rows.at(-2)?.pod).toBe(LEDGER);
  });

  it('serves the expired certificate with its identity, serial, expiry, origin and the engine note', () => {
    expect(view('status=expired').certificates).toEqual({
      rows: [
        {
          namespace: 'payments',
          pod: LEDGER,
          status: 'expired',
          spiffeId: 'spiffe://cluster.local/ns/payments/sa/ledger',
          trustDomain: 'cluster.local',
          serial: expect.stringMatching(/^[0-9a-f]{32}$/),
          notAfter: '2026-11-26T06:00:00Z',
          remainingSeconds: -21600,
          origin: 'config-dump',
          asOf: '2026-11-26T12:00:00Z',
          trustDomainMismatch: false,
          differentRoot: false,
          notes: ['workload certificate expired at 2026-11-26T06:00:00Z (6h ago): peers reject its mTLS handshakes'],
        },
      ],
      total: 1,
      page: 1,
      pageSize: 100,
    });
  });

  it.each([
    ['status=expiring', [`payments/${FRAUD}`]],
    ['status=unknown', [`ops-tools/${BASTION}`]],
    ['status=trust-domain-mismatch', [`partner-api/${PARTNER_SYNC}`]],
    ['status=different-root&sort=pod', ['ops-tools/argocd-application-controller-0', `partner-api/${PARTNER_SYNC}`, 'notifications/push-gateway-jghml7mn28-xp5kz', 'notifications/push-gateway-jghml7mn28-zqqtb']],
    ['namespace=payments&q=ledger', [`payments/${LEDGER}`, 'payments/ledger-c4v5b7kwvd-hqvpf']],
    ['q=spiffe://spire.example.org', [`partner-api/${PARTNER_SYNC}`]],
    ['namespace=no-such-namespace', []],
  ])('filters the table with %s', (query, expected) => {
    expect(pods(query)).toEqual(expected);
  });

  it('pages server-side', () => {
    const page = view('sort=pod&pageSize=10&page=2').certificates;
    expect({ total: page.total, page: page.page, rows: page.rows.length }).toEqual({ total: 116, page: 2, rows: 10 });
    expect(page.rows[0]?.pod).toBe(view('sort=pod&pageSize=500').certificates.rows[10]?.pod);
  });

  it('lists the distinct roots of trust, soonest expiry first, with where they are distributed and held', () => {
    expect(view().roots.map((r) => ({ subject: r.subject, status: r.status, namespaces: r.namespaces, proxies: r.proxies }))).toEqual([
      { subject: 'O=legacy-root, CN=legacy-root', status: 'expiring', namespaces: 0, proxies: 3 },
      { subject: expect.stringContaining('spire'), status: 'healthy', namespaces: 0, proxies: 1 },
      { subject: 'O=cluster.local, CN=mesh-root', status: 'healthy', namespaces: 19, proxies: 110 },
    ]);
  });

  it('raises one warning per kind with examples and, for unknown certificates, the reason', () => {
    const warnings = view().warnings;
    expect(warnings.map((w) => [w.kind, w.count])).toEqual([
      ['expired', 1],
      ['expiring', 1],
      ['root-expiring', 1],
      ['trust-domain-mismatch', 1],
      ['different-root', 4],
      ['unknown', 1],
    ]);
    expect(warnings.find((w) => w.kind === 'unknown')?.reasons).toEqual([{ reason: 'proxy not reached: no certificate data was collected for this pod', count: 1 }]);
    expect(warnings.find((w) => w.kind === 'trust-domain-mismatch')?.examples).toEqual([
      {
        namespace: 'partner-api',
        name: PARTNER_SYNC,
        reason: 'presents spiffe://spire.example.org/ns/partner-api/sa/partner-sync (trust domain spire.example.org); the mesh accepts cluster.local, old-cluster.local',
      },
    ]);
    expect(warnings.find((w) => w.kind === 'different-root')?.examples[0]).toEqual({
      namespace: 'notifications',
      name: 'push-gateway-jghml7mn28-xp5kz',
      reason: 'trusts O=legacy-root, CN=legacy-root, none of the roots in notifications/istio-ca-root-cert',
    });
    expect(warnings.find((w) => w.kind === 'root-expiring')?.examples).toEqual([
      { namespace: null, name: 'O=legacy-root, CN=legacy-root', reason: 'expires at 2026-12-16T12:00:00Z; distributed to 0 namespaces, held by 3 proxies' },
    ]);
  });

  it('buckets upcoming expiries per day over 90 days, or per hour over 48 hours', () => {
    const days = view().timeline;
    expect({ buckets: days.buckets.length, first: days.buckets[0], expired: days.expired, later: days.later, unknown: days.unknown }).toEqual({
      buckets: 90,
      first: { start: '2026-11-26T12:00:00Z', label: 'Nov 26', workloads: 114, roots: 0 },
      expired: { workloads: 1, roots: 0 },
      later: { workloads: 0, roots: 2 },
      unknown: 1,
    });
    expect(days.buckets[20]).toEqual({ start: '2026-12-16T12:00:00Z', label: 'Dec 16', workloads: 0, roots: 1 });
    const hours = view('span=48h').timeline;
    expect({ span: hours.span, buckets: hours.buckets.length, bucketSeconds: hours.bucketSeconds, third: hours.buckets[3] }).toEqual({
      span: '48h',
      buckets: 48,
      bucketSeconds: 3600,
      third: { start: '2026-11-26T15:00:00Z', label: '+3h', workloads: 1, roots: 0 },
    });
  });

  it('lists the namespaces that have certificates, for the namespace filter', () => {
    expect(view().namespaces).toContain('payments');
    expect(view().namespaces).not.toContain('legacy-batch');
  });
});

describe('expiryTimeline', () => {
  it.each([
    ['just expired', 'expired', 0],
    ['expired a day ago', 'expired', -86400],
    ['in one second', 'bucket 0', 1],
    ['at the end of the first day', 'bucket 0', 86399],
    ['at the start of the second day', 'bucket 1', 86400],
    ['in 89.9 days', 'bucket 89', 89.9 * 86400],
    ['in exactly 90 days', 'later', 90 * 86400],
    ['unknown', 'unknown', null],
  ])('places a workload certificate expiring %s in %s', (_name, where, remainingSeconds: number | null) => {
    const t = expiryTimeline('90d', '2026-01-01T00:00:00Z', [{ remainingSeconds }], []);
    const bucket = t.buckets.findIndex((b) => b.workloads > 0);
    const placed = t.expired.workloads ? 'expired' : t.later.workloads ? 'later' : t.unknown ? 'unknown' : `bucket ${bucket}`;
    expect(placed).toBe(where);
  });
});

describe('formatRemaining', () => {
  it.each([
    [null, '–'],
    [-21600, '6h ago'],
    [10800, '3h'],
    [90061, '1d 1h'],
  ])('shows %s seconds as %s', (seconds, text) => {
    expect(formatRemaining(seconds)).toBe(text);
  });
});
