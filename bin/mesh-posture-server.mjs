#!/usr/bin/env node
// The dashboard's HTTP server: Next.js's request handler behind a check of each request target (request-target.mjs),
// so a target Next cannot parse is a 400 with a short message instead of a 500 with a stack trace.
// Usage: mesh-posture-server [--hostname HOST] [--port PORT] (defaults: 127.0.0.1, and $PORT or 3000). $HOSTNAME is
// not read: a container sets it to the pod's name.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
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

// The application folder: the repository (after `next build`), or the image's /app, which holds Next's standalone
// output (.next/standalone: the traced .next and node_modules) with this file in bin/ (scripts/image/assemble-app.mjs).
const dir = fileURLToPath(new URL('..', import.meta.url));
// The configuration `next build` resolved and serialised, rather than next.config.ts again: the image has neither the
// TypeScript config nor the compiler to load it, and both places then run the configuration that was built. Next's own
// standalone server.js hands it over the same way (this variable); without a build, Next fails below as before.
if (!process.env.__NEXT_PRIVATE_STANDALONE_CONFIG) {
  const built = readBuiltConfig(path.join(dir, '.next', 'required-server-files.json'));
  if (built) process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(built);
}
// Imported after the variable is set: Next reads it while loading.
const { default: next } = await import('next');
const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
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

// Stop on SIGTERM/SIGINT: refuse new connections, let requests in flight finish (at most SHUTDOWN_GRACE_MS), exit 0.
// As a container's PID 1 (the image's entrypoint is this file), node has no default action for these signals: without
// a handler, `docker stop` and a pod's termination would wait out their grace period and then kill it.
const SHUTDOWN_GRACE_MS = 5_000;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    process.stdout.write(`Mesh Posture: ${signal}, stopping\n`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
  });
}

/** The `config` of .next/required-server-files.json, or null when there is no build there. */
function readBuiltConfig(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const config = JSON.parse(text).config;
  return config && typeof config === 'object' ? config : null;
}
