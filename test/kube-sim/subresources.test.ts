// Routing of the pod subresources the certificate reader uses to the PodSubresourceHandler: pods/proxy (plain
// GET) and pods/portforward (WebSocket upgrade), after authentication, RBAC faults and the pod-exists check.
import { request, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim, type PodSubresourceHandler } from './index';
import { rawPod } from './raw-objects';
import { simGet, simGetJson } from './sim-client';

let sim: KubeSim;
afterEach(() => sim.stop());

/** A handler recording its targets: proxy echoes the target, portforward completes the upgrade. */
function recordingHandler(calls: unknown[]): PodSubresourceHandler {
  return {
    proxy(_req, res, target) {
      calls.push({ proxy: target });
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`metrics of ${target.pod}`);
    },
    portForward(req, socket, _head, target) {
      calls.push({ portForward: target, protocol: req.headers['sec-websocket-protocol'] });
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n');
    },
  };
}

/** Starts a WebSocket handshake; resolves with the status the server answered (101 when upgraded). */
function upgrade(path: string, token: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, sim.url);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        Authorization: `Bearer ${token}`,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Protocol': 'v4.channel.k8s.io',
      },
    });
    req.on('upgrade', (res: IncomingMessage, socket: Duplex) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('response', (res: IncomingMessage) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('pods/proxy', () => {
  it('routes {name}:{port}/proxy/{path} to the handler with the query string, and {name}/proxy without a port', async () => {
    const calls: unknown[] = [];
    sim = await startKubeSim({ objects: [rawPod('shop', 'web-1')], podSubresources: recordingHandler(calls) });
    const res = await simGet(sim, '/api/v1/namespaces/shop/pods/web-1:15020/proxy/stats/prometheus?filter=cert');
    expect([res.status, await res.text()]).toEqual([200, 'metrics of web-1']);
    await simGet(sim, '/api/v1/namespaces/shop/pods/https:web-1:15020/proxy/');
    await simGet(sim, '/api/v1/namespaces/shop/pods/web-1/proxy/healthz/ready');
    expect(calls).toEqual([
      { proxy: { namespace: 'shop', pod: 'web-1', port: 15020, path: '/stats/prometheus?filter=cert' } },
      { proxy: { namespace: 'shop', pod: 'web-1', port: 15020, path: '/' } },
      { proxy: { namespace: 'shop', pod: 'web-1', port: null, path: '/healthz/ready' } },
    ]);
  });

  it.each([
    ['a missing pod', '/api/v1/namespaces/shop/pods/nope:15020/proxy/stats/prometheus', false, 404, 'NotFound'],
    ['a forbidden pods/proxy', '/api/v1/namespaces/shop/pods/web-1:15020/proxy/stats/prometheus', true, 403, 'Forbidden'],
  ])('answers %s with a Status and never calls the handler', async (_what, path, forbid, code, reason) => {
    const calls: unknown[] = [];
    sim = await startKubeSim({ objects: [rawPod('shop', 'web-1')], podSubresources: recordingHandler(calls) });
    if (forbid) sim.faults.forbid({ resource: 'pods/proxy', namespace: 'shop' });
    const res = await simGetJson(sim, path);
    expect([res.status, res.body.reason, calls]).toEqual([code, reason, []]);
  });

  it('404s pod subresources when no handler is installed', async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'web-1')] });
    expect((await simGet(sim, '/api/v1/namespaces/shop/pods/web-1:15020/proxy/stats/prometheus')).status).toBe(404);
  });
});

describe('pods/portforward', () => {
  it('hands the WebSocket upgrade to the handler with the ports asked for', async () => {
    const calls: unknown[] = [];
    sim = await startKubeSim({ objects: [rawPod('shop', 'web-1')], podSubresources: recordingHandler(calls) });
    const res = await upgrade('/api/v1/namespaces/shop/pods/web-1/portforward?ports=15000', sim.token);
    expect([res.status, calls]).toEqual([101, [{ portForward: { namespace: 'shop', pod: 'web-1', ports: [15000] }, protocol: 'v4.channel.k8s.io' }]]);
    expect(sim.requests.map((r) => `${r.path} ${r.status}`)).toEqual(['/api/v1/namespaces/shop/pods/web-1/portforward 101']);
  });

  const PF = '/api/v1/namespaces/shop/pods/web-1/portforward?ports=15000';
  it.each([
    ['without the token', PF, { token: 'bad-token' }, 401],
    ['forbidden', PF, { forbid: true }, 403],
    ['for a missing pod', '/api/v1/namespaces/shop/pods/nope/portforward?ports=15000', {}, 404],
    ['without ports', '/api/v1/namespaces/shop/pods/web-1/portforward', {}, 400],
    ['on a path that is not portforward', '/api/v1/namespaces/shop/pods/web-1', {}, 404],
  ])('refuses an upgrade %s with an HTTP error and never calls the handler', async (_what, path, setup: { token?: string; forbid?: boolean }, code) => {
    const calls: unknown[] = [];
    sim = await startKubeSim({ objects: [rawPod('shop', 'web-1')], podSubresources: recordingHandler(calls) });
    if (setup.forbid) sim.faults.forbid({ resource: 'pods/portforward' });
    const res = await upgrade(path, setup.token ?? sim.token);
    expect([res.status, (JSON.parse(res.body) as { code: number }).code, calls]).toEqual([code, code, []]);
  });

  it('answers a plain GET without upgrade 400 "Upgrade request required"', async () => {
    sim = await startKubeSim({ objects: [rawPod('shop', 'web-1')], podSubresources: recordingHandler([]) });
    const res = await simGetJson(sim, '/api/v1/namespaces/shop/pods/web-1/portforward?ports=15000');
    expect([res.status, res.body.message]).toEqual([400, 'Upgrade request required']);
  });
});
