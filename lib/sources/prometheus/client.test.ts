// The Prometheus client against loopback HTTP(S) servers that answer with the HTTP API's own JSON shapes
// (https://prometheus.io/docs/prometheus/latest/querying/api/) and against servers that misbehave: huge bodies, bad
// JSON, 5xx, slowness, hostile label values. Every failure becomes a PrometheusQueryError naming the problem.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrometheusClient, NOOP_PROMETHEUS_CLIENT, PrometheusQueryError, type ClientOptions } from './client';
import { parsePrometheusSettings, type RawPrometheusSettings } from './settings';

interface Seen {
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;
const servers: (http.Server | https.Server)[] = [];

async function serve(handler: Handler, tls?: { key: string; cert: string }): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  };
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

const json = (status: number, body: unknown): Handler => (_req, res) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
const vector = (result: unknown[]) => ({ status: 'success', data: { resultType: 'vector', result } });
const T = new Date('2026-06-01T12:00:00Z');

function clientFor(raw: RawPrometheusSettings, options: ClientOptions = {}) {
  const settings = parsePrometheusSettings(raw);
  if (!settings) throw new Error('no settings');
  return createPrometheusClient(settings, { cacheTtlMs: 0, ...options });
}

async function failure(p: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PrometheusQueryError) return { kind: e.kind, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('createPrometheusClient', () => {
  it('POSTs instant and range queries under the URL path prefix (Thanos, Mimir), with the tenant and custom headers', async () => {
    const prom = await serve(json(200, vector([{ metric: { destination_workload: 'web' }, value: [1780315200, '42'] }])));
    const client = clientFor({ url: `${prom.url}/prometheus/`, tenant: 'team-a', headers: 'X-Proxy-Key: k1\nX-Other: v' });
    const result = await client.instant('sum(up)', T);
    expect(result).toEqual({ series: [{ labels: { destination_workload: 'web' }, samples: [[1780315200, 42]] }], dropped: 0 });
    expect(prom.seen.map((s) => [s.path, Object.fromEntries(new URLSearchParams(s.body)), s.headers['x-scope-orgid'], s.headers['x-proxy-key'], s.headers['x-other'], s.headers['content-type']])).toEqual([
      ['/prometheus/api/v1/query', { query: 'sum(up)', time: '1780315200' }, 'team-a', 'k1', 'v', 'application/x-www-form-urlencoded'],
    ]);
  });

  it('sends basic auth from the password file, and a bearer token read again when its file changes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'prom-auth-'));
    writeFileSync(path.join(dir, 'password'), 's3cret\n');
    writeFileSync(path.join(dir, 'token'), 'token-one\n');
    const prom = await serve(json(200, vector([])));
    await clientFor({ url: prom.url, username: 'mesh', passwordFile: path.join(dir, 'password') }).instant('up', T);
    const bearer = clientFor({ url: prom.url, tokenFile: path.join(dir, 'token') });
    await bearer.instant('up', T);
    writeFileSync(path.join(dir, 'token'), 'token-two-rotated\n');
    utimesSync(path.join(dir, 'token'), new Date(), new Date(Date.now() + 5000));
    await bearer.instant('up', T);
    expect(prom.seen.map((s) => s.headers.authorization)).toEqual([`Basic ${Buffer.from('mesh:s3cret').toString('base64')}`, 'Bearer token-one', 'Bearer token-two-rotated']);
  });

  it('trusts a private CA from a file, and refuses the same server without it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'prom-ca-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'ca.pem')], { stdio: 'ignore' });
    const prom = await serve(json(200, vector([])), { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'ca.pem'), 'utf8') });
    await expect(clientFor({ url: prom.url, caFile: path.join(dir, 'ca.pem') }).instant('up', T)).resolves.toEqual({ series: [], dropped: 0 });
    expect(await failure(clientFor({ url: prom.url }).instant('up', T))).toMatchObject({ kind: 'unreachable', message: expect.stringContaining('self-signed certificate') });
  });

  it.each([
    { case: 'an error answer of the query API', handler: json(422, { status: 'error', errorType: 'execution', error: 'query processing would load too many samples' }), expected: { kind: 'error', message: 'HTTP 422 execution: query processing would load too many samples' } },
    { case: 'a 503 from a proxy, not JSON', handler: json(503, '<html>upstream connect error</html>'), expected: { kind: 'error', message: 'HTTP 503: the answer is not JSON (<html>upstream connect error</html>)' } },
    { case: 'bad JSON with a 200', handler: json(200, '{"status":"success","data":'), expected: { kind: 'error', message: 'HTTP 200: the answer is not JSON' } },
    { case: 'JSON that is not the query API', handler: json(200, { hello: 'world' }), expected: { kind: 'error', message: 'HTTP 200: not an answer of the Prometheus query API' } },
    { case: 'a matrix where a vector was asked', handler: json(200, { status: 'success', data: { resultType: 'matrix', result: [] } }), expected: { kind: 'error', message: 'HTTP 200: expected a vector, got a matrix' } },
    { case: 'a body over the cap', handler: json(200, JSON.stringify(vector([])).padEnd(5000, ' ')), expected: { kind: 'error', message: 'Prometheus api/v1/query: response larger than 4096 bytes; refused' } },
  ])('fails clearly on $case', async ({ handler, expected }) => {
    const prom = await serve(handler);
    expect(await failure(clientFor({ url: prom.url }, { maxBytes: 4096 }).instant('up', T))).toEqual(expected);
  });

  it('gives up on a slow server at the timeout', async () => {
    const prom = await serve((_req, res) => setTimeout(() => res.writeHead(200).end('{}'), 3000).unref());
    // The server answers after 3 s; a timeout status proves the client did not wait for it.
    expect(await failure(clientFor({ url: prom.url, timeout: '0.3' }).instant('up', T))).toEqual({ kind: 'timeout', message: `Prometheus at ${prom.url} did not answer: timed out after 0.3 s` });
  });

  it('gives up on a server that stalls in the middle of a body', async () => {
    const prom = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"status":"success","data":{"resultType":"vector","result":[');
    });
    expect(await failure(clientFor({ url: prom.url, timeout: '0.3' }).instant('up', T))).toEqual({ kind: 'timeout', message: 'Prometheus api/v1/query: timed out after 0.3 s while reading the answer' });
  });

  it('drops series with oversized labels or values that are no number, and counts them', async () => {
    const prom = await serve(
      json(200, vector([
        { metric: { source_workload: '$(id);`rm -rf /`', destination_workload: "<script>alert('x')</script>" }, value: [1780315200, '1'] },
        { metric: { source_workload: 'x'.repeat(600) }, value: [1780315200, '1'] },
        { metric: { source_workload: 'nan' }, value: [1780315200, 'NaN'] },
      ])),
    );
    const result = await clientFor({ url: prom.url }).instant('up', T);
    // Hostile strings of sane length are kept as data (escaped where they are shown), never interpreted.
    expect(result).toEqual({ series: [{ labels: { source_workload: '$(id);`rm -rf /`', destination_workload: "<script>alert('x')</script>" }, samples: [[1780315200, 1]] }], dropped: 2 });
  });

  it('keeps at most `concurrency` queries in flight, and answers a repeated query from its cache', async () => {
    let inFlight = 0;
    let most = 0;
    const prom = await serve((_req, res) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        json(200, vector([]))(_req, res, '');
      }, 50);
    });
    const client = clientFor({ url: prom.url }, { concurrency: 2, cacheTtlMs: 60_000 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((q) => client.instant(q, T)));
    await client.instant('a', T);
    expect([most, prom.seen.length]).toEqual([2, 5]);
  });
});

describe('NOOP_PROMETHEUS_CLIENT', () => {
  it('sends nothing and says no Prometheus is configured', async () => {
    expect(NOOP_PROMETHEUS_CLIENT.configured).toBe(false);
    expect(await failure(NOOP_PROMETHEUS_CLIENT.range('up', T, T, 60))).toEqual({ kind: 'not-configured', message: 'no Prometheus is configured (--prometheus URL or MESH_POSTURE_PROMETHEUS_URL)' });
  });
});
