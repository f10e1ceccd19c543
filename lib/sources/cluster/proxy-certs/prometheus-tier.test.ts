// Against a loopback HTTP server answering with the Prometheus HTTP API's own JSON shapes
// (https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries), through the shared Prometheus client
// (lib/sources/prometheus: a form-encoded POST, the same configuration as observed traffic).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CERT_EXPIRY_QUERY, readCertExpiryFromPrometheus } from './prometheus-tier';

// 2026-06-01T12:00:00.250Z: Prometheus evaluates at sub-second precision.
const EVALUATED_AT = 1780315200.25;
const epoch = (iso: string): string => String(Date.parse(iso) / 1000);

interface Served {
  readonly url: string;
  readonly seen: string[];
}
let server: http.Server | null = null;

async function servePrometheus(status: number, body: string): Promise<Served> {
  const seen: string[] = [];
  server = http.createServer((req, res) => {
    let form = '';
    req.on('data', (c: Buffer) => (form += c.toString()));
    req.on('end', () => {
      seen.push(`${req.url ?? ''}?${form}`);
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  const running = server;
  server = null;
  running?.closeAllConnections();
  if (running) await new Promise((resolve) => running.close(resolve));
});

const series = (metric: Record<string, string>, notAfter: string) => ({
  metric: { instance: '10.244.0.7:15020', job: 'kubernetes-pods', app: 'x', ...metric },
  value: [EVALUATED_AT, epoch(notAfter)],
});
const vector = (result: unknown[]) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });
const QUERIED_AT = new Date('2026-06-01T12:00:00Z');
const opts = { timeoutMs: 5000, maxBytes: 1024 * 1024, now: QUERIED_AT };
const record = (namespace: string, pod: string, leafNotAfter: string) => ({
  namespace,
  pod,
  origin: 'prometheus',
  asOf: '2026-06-01T12:00:00Z',
  chain: [],
  roots: [],
  leafNotAfter,
  warmingSecrets: [],
});

describe('readCertExpiryFromPrometheus', () => {
  it('reads the workload certificate expiry of every wanted pod from one query', async () => {
    const prom = await servePrometheus(
      200,
      vector([
        series({ namespace: 'shop', pod: 'cart-1', resource_name: 'default' }, '2026-06-02T06:00:00Z'),
        // The root's series is not the workload certificate.
        series({ namespace: 'shop', pod: 'cart-1', resource_name: 'ROOTCA' }, '2036-01-01T00:00:00Z'),
        // Older relabelling, and an agent that did not label resource_name.
        series({ kubernetes_namespace: 'shop', kubernetes_pod_name: 'web-1' }, '2026-06-01T18:30:00Z'),
        // Scraped by two jobs with different values: the earlier expiry wins.
        series({ namespace: 'pay', pod: 'api-1', resource_name: 'default' }, '2026-06-01T20:00:00Z'),
        series({ namespace: 'pay', pod: 'api-1', resource_name: 'default' }, '2026-06-01T19:00:00Z'),
        // A pod the snapshot does not hold (deleted, or another cluster).
        series({ namespace: 'shop', pod: 'gone-1', resource_name: 'default' }, '2026-06-02T00:00:00Z'),
        // A value that is no number.
        { metric: { namespace: 'shop', pod: 'bad-1' }, value: [EVALUATED_AT, 'NaN'] },
      ]),
    );
    const wanted = new Set(['shop/cart-1', 'shop/web-1', 'pay/api-1', 'shop/bad-1', 'shop/quiet-1']);
    const found = await readCertExpiryFromPrometheus(`${prom.url}/prometheus`, wanted, opts);
    expect(Object.fromEntries(found)).toEqual({
      'shop/cart-1': record('shop', 'cart-1', '2026-06-02T06:00:00Z'),
      'shop/web-1': record('shop', 'web-1', '2026-06-01T18:30:00Z'),
      'pay/api-1': record('pay', 'api-1', '2026-06-01T19:00:00Z'),
    });
    const asked = prom.seen.map((u) => new URL(u, 'http://prometheus.invalid')).map((u) => [u.pathname, Object.fromEntries(u.searchParams)]);
    expect(asked).toEqual([['/prometheus/api/v1/query', { query: CERT_EXPIRY_QUERY, time: String(QUERIED_AT.getTime() / 1000) }]]);
  });

  it.each([
    {
      case: 'an error answer of the query API',
      status: 400,
      body: JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:1: parse error' }),
      message: 'HTTP 400 bad_data: invalid parameter "query": 1:1: parse error',
    },
    { case: 'a body that is not JSON', status: 502, body: '<html>Bad Gateway</html>', message: 'HTTP 502: the answer is not JSON' },
    {
      case: 'a matrix instead of a vector',
      status: 200,
      body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }),
      message: 'HTTP 200: expected a vector, got a matrix',
    },
    { case: 'an answer over the size limit', status: 200, body: vector([]).padEnd(2048, ' '), message: 'larger than 1024 bytes' },
  ])('fails on $case', async ({ status, body, message }) => {
    const prom = await servePrometheus(status, body);
    await expect(readCertExpiryFromPrometheus(prom.url, new Set(['shop/cart-1']), { timeoutMs: 5000, maxBytes: 1024 })).rejects.toThrow(message);
  });

  it('refuses a URL that is not http(s)', async () => {
    await expect(readCertExpiryFromPrometheus('file:///etc/passwd', new Set(), opts)).rejects.toThrow('Prometheus URL: expected an http(s) URL, got "file:///etc/passwd"');
  });
});
