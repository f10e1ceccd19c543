// The responder on its own, on a bare loopback server (the simulator's routing is tested with the simulator):
// pods/proxy answers, and the kubelet's v4.channel.k8s.io port-forward framing byte for byte.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseAgentCertExpiry } from '@/lib/sources/proxy-certs/parse-agent-metrics';
import { parseConfigDump } from '@/lib/sources/proxy-certs/parse-config-dump';
import { parseEnvoyCerts } from '@/lib/sources/proxy-certs/parse-envoy-certs';
import { createEnvoyPodResponder, issueProxyCertificates, type IssuedProxyCertificates } from './envoy-pod-responder';
import type { PodPortForwardTarget, PodProxyTarget } from './types';

const NOW = new Date('2026-06-01T12:00:00Z');
const responder = createEnvoyPodResponder();
let server: http.Server;
let base: string;
let issued: IssuedProxyCertificates;
// What the simulator's router would have parsed from the path: tests set it before each request.
let proxyTarget: PodProxyTarget;
let forwardTarget: PodPortForwardTarget;

beforeAll(async () => {
  issued = await issueProxyCertificates({ namespace: 'shop', name: 'cart-1', serviceAccount: 'cart' }, { now: NOW });
  responder.set({ namespace: 'shop', name: 'cart-1' }, issued.recorded);
  server = http.createServer((req, res) => responder.proxy(req, res, proxyTarget));
  server.on('upgrade', (req, socket, head: Buffer) => responder.portForward(req, socket, head, forwardTarget));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  responder.closeAll();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function proxyGet(target: PodProxyTarget): Promise<{ status: number; type: string; body: string }> {
  proxyTarget = target;
  const res = await fetch(`http://${base}/anything`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

describe('pods/proxy', () => {
  const pod = { namespace: 'shop', pod: 'cart-1' };
  it.each([
    { case: "the agent's metrics", target: { ...pod, port: 15020, path: '/stats/prometheus' }, status: 200, type: 'text/plain; version=0.0.4; charset=utf-8' },
    { case: 'the metrics with a query string', target: { ...pod, port: 15020, path: '/stats/prometheus?format=text' }, status: 200, type: 'text/plain; version=0.0.4; charset=utf-8' },
    { case: 'another path on the agent port', target: { ...pod, port: 15020, path: '/healthz/ready' }, status: 404, type: 'text/plain; charset=utf-8' },
    { case: "Envoy's admin port (localhost only)", target: { ...pod, port: 15000, path: '/certs' }, status: 503, type: 'application/json' },
    { case: 'no port', target: { ...pod, port: null, path: '/stats/prometheus' }, status: 503, type: 'application/json' },
    { case: 'a pod with no recorded proxy', target: { namespace: 'shop', pod: 'batch-1', port: 15020, path: '/stats/prometheus' }, status: 503, type: 'application/json' },
  ])('answers $case with $status', async ({ target, status, type }) => {
    const res = await proxyGet(target);
    expect([res.status, res.type]).toEqual([status, type]);
    if (status === 200) expect(res.body).toBe(issued.recorded.agentMetrics);
    if (status === 503) {
      expect(JSON.parse(res.body)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `error trying to reach service: dial tcp 10.244.0.7:${target.port ?? 80}: connect: connection refused`,
        reason: 'ServiceUnavailable',
        code: 503,
      });
    }
  });
});

interface Forwarded {
  readonly protocol: string;
  /** Every binary message, as [channel, ...payload]. */
  readonly frames: Buffer[];
  readonly closeCode: number;
}

/** Opens a port-forward like client-node does, optionally sends one chunk on data channel 0, and waits for the close. */
function portForward(target: PodPortForwardTarget, send?: string): Promise<Forwarded> {
  forwardTarget = target;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${base}/api/v1/namespaces/${target.namespace}/pods/${target.pod}/portforward?ports=${target.ports.join(',')}`, [
      'v5.channel.k8s.io',
      'v4.channel.k8s.io',
      'channel.k8s.io',
    ]);
    const frames: Buffer[] = [];
    ws.on('open', () => {
      if (send !== undefined) ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(send, 'utf8')]));
    });
    ws.on('message', (data: Buffer) => frames.push(data));
    ws.on('close', (code) => resolve({ protocol: ws.protocol, frames, closeCode: code }));
    ws.on('error', reject);
  });
}

const dataOf = (frames: readonly Buffer[], channel: number): string =>
  Buffer.concat(frames.filter((f) => f[0] === channel).map((f, i) => f.subarray(i === 0 ? 3 : 1))).toString('utf8');

describe('pods/portforward (v4.channel.k8s.io)', () => {
  const request = (path: string) => `GET ${path} HTTP/1.1\r\nHost: localhost:15000\r\nConnection: close\r\n\r\n`;

  it('opens each channel with the port in little-endian, then carries HTTP/1.1 to Envoy admin on channel 0 and closes with the connection', async () => {
    const forwarded = await portForward({ namespace: 'shop', pod: 'cart-1', ports: [15000] }, request('/certs'));
    expect(forwarded.protocol).toBe('v4.channel.k8s.io');
    expect(forwarded.frames.slice(0, 2)).toEqual([Buffer.from([0, 0x98, 0x3a]), Buffer.from([1, 0x98, 0x3a])]);
    const response = dataOf(forwarded.frames, 0);
    const [head = '', body = ''] = response.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(head).toContain('Content-Type: application/json');
    expect(JSON.parse(body)).toEqual(issued.recorded.certs);
    expect(dataOf(forwarded.frames, 1)).toBe('');
    expect(forwarded.closeCode).toBe(1000);
  });

  it.each([
    { path: '/config_dump?resource=dynamic_active_secrets', status: 'HTTP/1.1 200 OK' },
    { path: '/config_dump', status: 'HTTP/1.1 404 Not Found' },
    { path: '/quitquitquit', status: 'HTTP/1.1 404 Not Found' },
  ])('answers GET $path with $status', async ({ path, status }) => {
    const response = dataOf((await portForward({ namespace: 'shop', pod: 'cart-1', ports: [15000] }, request(path))).frames, 0);
    expect(response.split('\r\n')[0]).toBe(status);
    if (status.endsWith('200 OK')) expect(JSON.parse(response.split('\r\n\r\n')[1] ?? '')).toEqual(issued.recorded.secretsDump);
  });

  it.each([
    { case: 'a pod with no recorded proxy', target: { namespace: 'shop', pod: 'batch-1', ports: [15000] }, port: 15000 },
    { case: 'another port of a proxied pod', target: { namespace: 'shop', pod: 'cart-1', ports: [15020] }, port: 15020 },
  ])('reports a refused dial on the error channel for $case, as the kubelet does', async ({ target, port }) => {
    const forwarded = await portForward(target);
    const lo = port & 0xff;
    const hi = port >> 8;
    expect(forwarded.frames.slice(0, 2)).toEqual([Buffer.from([0, lo, hi]), Buffer.from([1, lo, hi])]);
    expect(dataOf(forwarded.frames, 1)).toMatch(new RegExp(`^error forwarding port ${port} to pod .*dial tcp4 127\\.0\\.0\\.1:${port}: connect: connection refused`));
    expect(dataOf(forwarded.frames, 0)).toBe('');
  });

  it('logs what reached each pod', () => {
    expect(responder.requests.filter((r) => r.via === 'portforward').map((r) => r.path)).toEqual([
      '/certs',
      '/config_dump?resource=dynamic_active_secrets',
      '/config_dump',
      '/quitquitquit',
    ]);
  });
});

describe('issueProxyCertificates', () => {
  it("records documents the product's own parsers read back as the issued leaf and root", () => {
    const dump = parseConfigDump(issued.recorded.secretsDump);
    const certs = parseEnvoyCerts(issued.recorded.certs);
    const metrics = parseAgentCertExpiry(issued.recorded.agentMetrics ?? '', '2026-06-01T12:00:00Z');
    const leaf = { serial: issued.leaf.serial, notBefore: issued.leaf.notBefore, notAfter: issued.leaf.notAfter, uriSans: [issued.leaf.spiffeId] };
    expect(dump.ok && dump.value.chain.map((c) => ({ serial: c.serial, notBefore: c.notBefore, notAfter: c.notAfter, uriSans: c.uriSans }))).toEqual([
      leaf,
      { serial: issued.root.serial, notBefore: '2026-05-02T12:00:00Z', notAfter: issued.root.notAfter, uriSans: [] },
    ]);
    expect(certs.ok && certs.value.chain.map((c) => ({ serial: c.serial, notBefore: c.notBefore, notAfter: c.notAfter, uriSans: c.uriSans }))).toEqual([leaf]);
    expect(metrics.ok && metrics.value).toEqual({ expirySeconds: 18 * 3600, leafNotAfter: '2026-06-02T06:00:00Z' });
    expect(issued.leaf).toEqual({ serial: '6fbee254c22900615cb1f74e3d2f1713', notBefore: '2026-06-01T05:58:00Z', notAfter: '2026-06-02T06:00:00Z', spiffeId: 'spiffe://cluster.local/ns/shop/sa/cart' });
  });
});
