// End to end against a real Prometheus (needs Debian's prometheus; scripts/ensure-prometheus.sh installs it): 15 days
// of recorded Istio traffic for test/fixtures/traffic-mesh, backfilled with promtool, then `mesh-posture report` and
// `check --require-ready` read it. The series follow Istio's standard metrics (istio.io
// content/en/docs/reference/config/metrics/index.md: reporter, connection_security_policy, source/destination
// labels) and the dry-run shadow statistics of istio.io content/en/docs/tasks/security/authorization/authz-dry-run.
// Starts one server (about 2 s); the suite takes a few seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import schema from '@/docs/report.schema.json';
import { runCli } from '@/test/run-cli';
import { freePort, startPrometheus, type RunningPrometheus } from './real-prometheus';
import { istioEdge, openMetrics, unix, type CounterSeries } from './traffic-history';

const MESH = path.resolve(import.meta.dirname, '../fixtures/traffic-mesh');
const NOW = '2026-06-01T12:00:00Z';
const between = (from: string, to: string, n: number) => (t: number) => (t >= unix(from) && t <= unix(to) ? n : 0);
const always = (n: number) => () => n;

const HISTORY: CounterSeries[] = [
  { name: 'istio_requests_total', labels: istioEdge('shop/web', 'pay/api', 'mutual_tls'), increment: always(10) },
  // The same requests as the client's proxy reports them: connection_security_policy is always unknown there.
  { name: 'istio_requests_total', labels: istioEdge('shop/web', 'pay/api', 'unknown', { reporter: 'source' }), increment: always(10) },
  { name: 'istio_requests_total', labels: istioEdge('shop/web', 'shop/cart', 'mutual_tls'), increment: always(5) },
  // The batch runner has no sidecar: no peer metadata, so the destination reports source "unknown".
  { name: 'istio_requests_total', labels: istioEdge('unknown', 'shop/web', 'none'), increment: between('2026-05-20T00:00:00Z', '2026-05-31T09:00:00Z', 1) },
  { name: 'istio_requests_total', labels: istioEdge('unknown', 'shop/<img src=x onerror=alert(1)>', 'none'), increment: always(1) },
  { name: 'istio_requests_total', labels: istioEdge(`shop/${'x'.repeat(600)}`, 'shop/web', 'mutual_tls'), increment: always(1) },
  // Plaintext into cart only before the evidence period (before cart became STRICT).
  { name: 'istio_tcp_connections_opened_total', labels: istioEdge('unknown', 'shop/cart', 'none'), increment: between('2026-05-19T00:00:00Z', '2026-05-21T00:00:00Z', 2) },
  { name: 'envoy_http_inbound_0_0_0_0_8080_rbac', labels: { authz_dry_run_action: 'deny', authz_dry_run_result: 'denied', namespace: 'pay', pod: 'api-7c8d9e6f5-pqrst' }, increment: always(1) },
  { name: 'envoy_http_inbound_0_0_0_0_8080_rbac', labels: { authz_dry_run_action: 'deny', authz_dry_run_result: 'allowed', namespace: 'pay', pod: 'api-7c8d9e6f5-pqrst' }, increment: always(9) },
];

const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

interface TrafficJson {
  status: string;
  reason: string | null;
  dataSince: string | null;
  workloads: { namespace: string; workload: string; requests: number; mtls: number; plaintext: number; plaintextSources: string[]; likelySources: { workload: string; inferred: boolean }[]; firstPlaintextAt: string | null; lastPlaintextAt: string | null; strictReadiness: string }[];
  namespaces: { namespace: string; strictReadiness: string; plaintextFreeSince: string | null; blockingSources: string[] }[];
  contradictions: { code: string }[];
  dryRun: { workload: string; policies: string[]; wouldDeny: number; wouldAllow: number }[] | null;
  unmatchedDestinations: string[];
  droppedSeries: number;
  queries: number;
}

let prometheus: RunningPrometheus;

beforeAll(async () => {
  prometheus = await startPrometheus(openMetrics(HISTORY, { from: '2026-05-17T00:00:00Z', to: NOW, everySeconds: 300 }));
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
});

async function reportJson(...extra: string[]) {
  const r = await runCli('report', '--source', MESH, '--now', NOW, '--format', 'json', ...extra);
  return { ...r, json: r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown> & { traffic: TrafficJson }) : null };
}

describe('report --prometheus against a real Prometheus', () => {
  it('reconciles 14 days of history: readiness on 7 days of evidence, senders, likely senders, dry-run figures', async () => {
    const { code, json } = await reportJson('--prometheus', prometheus.url, '--window', '14d', '--evidence-days', '7');
    expect(code).toBe(0);
    expect(validate(json)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const t = json!.traffic;
    expect([t.status, t.reason, t.dataSince]).toEqual(['ok', null, '2026-05-18T12:00:00Z']);
    expect(t.workloads.map((w) => [`${w.namespace}/${w.workload}`, w.strictReadiness, w.plaintextSources, w.lastPlaintextAt])).toEqual([
      ['legacy/old-client', 'unknown', [], null],
      ['pay/api', 'ready', [], null],
      ['shop/batch-runner', 'unknown', [], null],
      ['shop/cart', 'ready', ['unknown'], '2026-05-21T00:00:00Z'],
      ['shop/web', 'blocked', ['unknown'], '2026-05-31T09:00:00Z'],
    ]);
    const web = t.workloads.find((w) => w.workload === 'web')!;
    expect(web.firstPlaintextAt).toBe('2026-05-19T23:45:00Z');
    expect(web.likelySources).toEqual([{ workload: 'shop/batch-runner', reason: 'no sidecar or ztunnel (same namespace)', inferred: true }]);
    // 10 requests every 5 minutes for 14 days: Prometheus' increase() extrapolates, so about, not exactly.
    const api = t.workloads.find((w) => w.workload === 'api')!;
    expect(api.mtls).toBeGreaterThan(40_000);
    expect(api.mtls).toBeLessThan(40_700);
    expect(api.plaintext).toBe(0);
    expect(t.namespaces.map((n) => [n.namespace, n.strictReadiness, n.plaintextFreeSince, n.blockingSources])).toEqual([
      ['istio-system', 'no-traffic', '2026-05-18T12:00:00Z', []],
      ['legacy', 'unknown', '2026-05-18T12:00:00Z', []],
      ['pay', 'ready', '2026-05-18T12:00:00Z', []],
      ['shop', 'blocked', '2026-05-31T09:00:00Z', ['unknown']],
    ]);
    expect(t.contradictions).toEqual([]);
    expect(t.dryRun?.map((d) => [d.workload, d.policies])).toEqual([['api', ['pay/deny-admin']]]);
    expect(t.dryRun?.[0]?.wouldDeny).toBeGreaterThan(3_990);
    expect(t.dryRun?.[0]?.wouldDeny).toBeLessThan(4_080);
    expect(t.dryRun?.[0]?.wouldAllow).toBeGreaterThan(9 * 3_990);
    // Hostile label values are data: kept apart (unmatched) or dropped (oversized), never trusted.
    expect(t.unmatchedDestinations).toEqual(['shop/<img src=x onerror=alert(1)>']);
    expect(t.droppedSeries).toBeGreaterThanOrEqual(1);
    expect(t.queries).toBeLessThanOrEqual(20);
    // Evidence on the board and in MP106: pay is ready on configuration and on traffic; shop is blocked.
    const findings = json!['findings'] as { code: string; namespace: string; message: string }[];
    expect(findings.find((f) => f.code === 'MP106' && f.namespace === 'pay')?.message).toMatch(/observed traffic agrees: only mTLS for the last 7 days, plaintext-free since 2026-05-18T12:00:00Z$/);
    const namespaces = json!['namespaces'] as { name: string; checks: { id: string; state: string; objects: string[] }[] }[];
    const evidence = (ns: string) => namespaces.find((n) => n.name === ns)?.checks.find((c) => c.id === 'strict-evidence');
    expect(evidence('shop')).toMatchObject({ state: 'failed', objects: ['Pod/shop/web-5c6b7d9f8-abcde'] });
    expect(evidence('pay')).toMatchObject({ state: 'passed', objects: [] });
  });

  it('says the data is incomplete when the history does not cover the evidence period: nothing is ready', async () => {
    const { code, json, stderr } = await reportJson('--prometheus', prometheus.url, '--now', '2026-06-04T12:00:00Z');
    expect(code).toBe(0);
    expect(json!.traffic.status).toBe('incomplete');
    expect(json!.traffic.reason).toMatch(/^Prometheus holds Istio traffic series since 2026-05-21T12:00:00Z only, or scrapes stopped: none at \d+ of \d+ steps of the evidence period$/);
    expect(json!.traffic.workloads.filter((w) => w.strictReadiness === 'ready')).toEqual([]);
    expect(stderr).toContain('observed traffic is incomplete');
  });

  it('still writes the report when Prometheus is unreachable, and says why', async () => {
    const port = await freePort();
    const { code, json, stderr } = await reportJson('--prometheus', `http://127.0.0.1:${port}`);
    expect(code).toBe(0);
    expect(validate(json)).toBe(true);
    expect(json!.traffic.status).toBe('unreachable');
    expect(json!.traffic.reason).toContain(`Prometheus at http://127.0.0.1:${port} did not answer`);
    expect(json!.traffic.reason).toContain('ECONNREFUSED');
    expect(new Set(json!.traffic.workloads.map((w) => w.strictReadiness))).toEqual(new Set(['unknown']));
    expect(stderr).toContain('observed traffic is unreachable');
  });
});

describe('check --require-ready against a real Prometheus', () => {
  it('passes for a namespace with only mTLS for 7 days', async () => {
    const r = await runCli('check', '--source', MESH, '--now', NOW, '--prometheus', prometheus.url, '--require-ready', 'pay');
    expect(r.stdout).toContain('PASS  --require-ready pay: 1 of 1 namespace ready for STRICT on 7 days of evidence (traffic ok)');
    expect(r.code).toBe(0);
  });

  it('fails naming the blocking senders, the likely ones marked inferred', async () => {
    const r = await runCli('check', '--source', MESH, '--now', NOW, '--prometheus', prometheus.url, '--require-ready', 'pay,shop');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  --require-ready pay,shop: 1 of 2 namespaces ready');
    expect(r.stdout).toContain('shop is blocked: plaintext into web from unknown');
    expect(r.stdout).toContain('shop/web ← unknown, last plaintext at 2026-05-31T09:00:00Z (unknown: likely shop/batch-runner, inferred)');
  });

  it('is a usage error without a Prometheus', async () => {
    const r = await runCli('check', '--source', MESH, '--require-ready', 'pay');
    expect([r.code, r.stderr]).toEqual([2, 'mesh-posture check: --require-ready needs observed traffic: --prometheus URL (or MESH_POSTURE_PROMETHEUS_URL)\n']);
  });
});

describe('record --prometheus: daily plaintext counts kept as history', () => {
  it('keeps the plaintext each workload received per UTC day of the window, readable with history --format json', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mp-traffic-history-'));
    try {
      const db = path.join(dir, 'history');
      const recorded = await runCli('record', '--source', MESH, '--db', db, '--now', NOW, '--prometheus', prometheus.url, '--window', '14d');
      expect(recorded.code).toBe(0);
      expect(recorded.stdout).toMatch(/\ntraffic: \d+ workload-days with plaintext kept \(window 2026-05-18T12:00:00Z to 2026-06-01T12:00:00Z\)\n/);
      const h = JSON.parse((await runCli('history', '--db', db, '--format', 'json', '--since', '2026-05-01')).stdout) as { traffic: { day: string; namespace: string; workload: string; plaintextRequests: number; plaintextConnections: number; unclassifiedRequests: number }[] };
      const web = h.traffic.filter((d) => d.namespace === 'shop' && d.workload === 'web');
      // Plaintext into web from 2026-05-20 to 2026-05-31 09:00, one request every 5 minutes: ~288 a whole day. The
      // counter's first step is scraped at midnight: the increase up to 00:00 belongs to the day before (a few).
      expect(web[0]?.plaintextRequests).toBeLessThan(10);
      expect(web.map((d) => d.day)).toEqual(['2026-05-19', '2026-05-20', '2026-05-21', '2026-05-22', '2026-05-23', '2026-05-24', '2026-05-25', '2026-05-26', '2026-05-27', '2026-05-28', '2026-05-29', '2026-05-30', '2026-05-31']);
      const full = web.find((d) => d.day === '2026-05-25');
      expect(full?.plaintextRequests).toBeGreaterThan(270);
      expect(full?.plaintextRequests).toBeLessThan(300);
      // Cart took plaintext TCP connections before it became STRICT; pay/api only ever mTLS: no row.
      expect(h.traffic.filter((d) => d.workload === 'cart').map((d) => d.day)).toEqual(['2026-05-18', '2026-05-19', '2026-05-20']);
      expect(h.traffic.some((d) => d.namespace === 'pay')).toBe(false);
      // Recording again (a later, overlapping window) keeps each day's greatest reading: nothing doubles.
      await runCli('record', '--source', MESH, '--db', db, '--now', '2026-06-01T13:00:00Z', '--prometheus', prometheus.url, '--window', '14d');
      const again = JSON.parse((await runCli('history', '--db', db, '--format', 'json', '--since', '2026-05-01')).stdout) as typeof h;
      expect(again.traffic.find((d) => d.workload === 'web' && d.day === '2026-05-25')).toEqual(h.traffic.find((d) => d.workload === 'web' && d.day === '2026-05-25'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
