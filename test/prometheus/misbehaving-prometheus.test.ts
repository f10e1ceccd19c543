// `mesh-posture report` against an HTTP server that misbehaves where Prometheus should be: the report is still
// written (exit 0), its traffic section says why in `status`/`reason`, nothing is `ready`, and the posture is the
// same as without Prometheus. (The real-Prometheus happy path is traffic-report.test.ts.)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { afterEach, describe, expect, it } from 'vitest';
import schema from '@/docs/report.schema.json';
import { runCli } from '@/test/run-cli';

const MESH = path.resolve(import.meta.dirname, '../fixtures/traffic-mesh');
const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema);
let server: http.Server | null = null;

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  const s = server;
  server = null;
  s?.closeAllConnections();
  if (s) await new Promise((resolve) => s.close(resolve));
});

/** An endless body: the client must stop reading at its cap, not buffer it all. */
function endless(_req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write('{"status":"success","data":{"resultType":"vector","result":[');
  const chunk = `${JSON.stringify({ metric: { destination_workload: 'web' }, value: [1, '1'] })},`.repeat(2000);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

const pick = (o: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));

describe('report with a misbehaving Prometheus', () => {
  const plain = runCli('report', '--source', MESH, '--now', '2026-06-01T12:00:00Z', '--format', 'json');

  it.each([
    { case: '5xx with an HTML body', handler: ((_req, res) => res.writeHead(502).end('<html>Bad Gateway</html>')) as http.RequestListener, status: 'error', reason: 'HTTP 502: the answer is not JSON (<html>Bad Gateway</html>)', timeout: '1' },
    { case: 'bad JSON', handler: ((_req, res) => res.writeHead(200).end('{"status":"succ')) as http.RequestListener, status: 'error', reason: 'HTTP 200: the answer is not JSON', timeout: '1' },
    { case: 'a slow server', handler: ((_req, res) => setTimeout(() => res.writeHead(200).end('{}'), 5000).unref()) as http.RequestListener, status: 'timeout', reason: 'did not answer: timed out after 1 s', timeout: '1' },
    { case: 'an endless body', handler: endless as http.RequestListener, status: 'error', reason: 'response larger than 67108864 bytes; refused', timeout: '60' },
  ])('$case: the report is written, traffic says $status and nothing is ready', async ({ handler, status, reason, timeout }) => {
    const url = await serve(handler);
    const r = await runCli('report', '--source', MESH, '--now', '2026-06-01T12:00:00Z', '--format', 'json', '--prometheus', url, '--prometheus-timeout', timeout);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown> & { traffic: { status: string; reason: string; workloads: { strictReadiness: string }[]; namespaces: { strictReadiness: string }[] } };
    expect(validate(json)).toBe(true);
    expect(json.traffic.status).toBe(status);
    expect(json.traffic.reason).toContain(reason);
    expect(new Set([...json.traffic.workloads, ...json.traffic.namespaces].map((w) => w.strictReadiness))).toEqual(new Set(['unknown']));
    // Traffic never changes a configuration verdict: the board only gains an unknown evidence item, phases stay.
    const before = JSON.parse((await plain).stdout) as Record<string, unknown> & { namespaces: { name: string; phase: number }[] };
    const verdicts = ['mesh', 'workloads', 'plaintext', 'summary', 'certificates', 'policies'];
    expect(pick(json, verdicts)).toEqual(pick(before, verdicts));
    const namespaces = json['namespaces'] as { name: string; phase: number; checks: { id: string; state: string }[] }[];
    expect(namespaces.map((n) => [n.name, n.phase])).toEqual(before.namespaces.map((n) => [n.name, n.phase]));
    expect(namespaces.flatMap((n) => n.checks.filter((c) => c.id === 'strict-evidence').map((c) => [n.name, c.state]))).toEqual([
      ['istio-system', 'unknown'],
      ['legacy', 'unknown'],
      ['pay', 'unknown'],
      ['shop', 'unknown'],
    ]);
    expect(r.stderr).toContain(`observed traffic is ${status}`);
  }, 60_000);
});
