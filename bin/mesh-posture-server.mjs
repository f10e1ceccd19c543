#!/usr/bin/env node
// The dashboard's HTTP server: Next.js's request handler behind a check of each request target (request-target.mjs),
// so a target Next cannot parse is a 400 with a short message instead of a 500 with a stack trace.
// Usage: mesh-posture-server [--hostname HOST] [--port PORT] (defaults: 127.0.0.1, and $PORT or 3000). $HOSTNAME is
// not read: a container sets it to the pod's name.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { loggableTarget, requestTargetProblem } from './request-target.mjs';

const { values } = parseArgs({ options: { hostname: { type: 'string' }, port: { type: 'string' } } });
const hostname = values.hostname ?? '127.0.0.1';
const port = Number(values.port ?? process.env.PORT ?? 3000);
// The peer address for the trusted-proxy mode's address rule (lib/server/peer-address.ts): a key per start, so only
// this server can state the address to the route handlers; a client's own copy of the header is dropped below.
const PEER_HEADER = 'x-mesh-posture-peer';
const peerKey = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('hex');
process.env.MESH_POSTURE_PEER_KEY = peerKey;

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`mesh-posture-server: --port must be a port number, got ${JSON.stringify(values.port ?? process.env.PORT)}\n`);
  process.exit(2);
}

const app = next({ dev: false, dir: fileURLToPath(new URL('..', import.meta.url)), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

createServer((req, res) => {
  const problem = requestTargetProblem(req.url);
  if (problem === null) {
    delete req.headers[PEER_HEADER];
    if (req.socket.remoteAddress) req.headers[PEER_HEADER] = `${peerKey} ${req.socket.remoteAddress}`;
    void handle(req, res);
    return;
  }
  process.stderr.write(`mesh-posture-server: 400 ${problem}: ${req.method} ${loggableTarget(req.url)}\n`);
  const body = JSON.stringify({ error: { code: 'bad-request', message: problem } });
  res.writeHead(400, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', Connection: 'close' });
  res.end(body);
}).listen(port, hostname, () => {
  process.stdout.write(`Mesh Posture listening on http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}\n`);
});
