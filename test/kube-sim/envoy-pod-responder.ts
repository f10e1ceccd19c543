// The pods behind the simulator's pods/proxy and pods/portforward: each recorded pod answers like a sidecar does.
//  - pods/proxy to the agent's port 15020 `/stats/prometheus` → its metrics text (istio_agent_cert_expiry_seconds);
//  - pods/portforward (WebSocket, v4.channel.k8s.io) to Envoy's admin port 15000 → HTTP/1.1 over data channel 0,
//    answering GET /certs and GET /config_dump?resource=dynamic_active_secrets with the recorded JSON.
// The kubelet's framing is reproduced (kubernetes:pkg/kubelet/cri/streaming/portforward/websocket.go): per port a
// data and an error channel, each opened by the port as a little-endian uint16; a failed dial is reported as text
// on the error channel; the WebSocket closes when the forwarded TCP connection ends.
import 'reflect-metadata'; // @peculiar/x509 v2 needs the Reflect metadata polyfill loaded before it.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { webcrypto } from 'node:crypto';
import { Duplex } from 'node:stream';
import * as x509 from '@peculiar/x509';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { PodPortForwardTarget, PodProxyTarget, PodSubresourceHandler } from './types';

export const AGENT_PORT = 15020;
export const ENVOY_ADMIN_PORT = 15000;
const CHANNEL_PROTOCOL = 'v4.channel.k8s.io';

/** What one pod's proxy answers. A field left out is a listener that is not there (connection refused / 404). */
export interface RecordedEnvoy {
  /** Body of :15020/stats/prometheus. */
  readonly agentMetrics?: string;
  /** Envoy admin GET /certs (envoy.admin.v3.Certificates as JSON). */
  readonly certs?: unknown;
  /** Envoy admin GET /config_dump?resource=dynamic_active_secrets. */
  readonly secretsDump?: unknown;
  /** 'hang': accept and never answer (to exercise timeouts). */
  readonly fault?: 'hang';
}

export interface PodSubresourceRequest {
  readonly via: 'proxy' | 'portforward';
  readonly namespace: string;
  readonly pod: string;
  readonly port: number | null;
  /** For portforward: the HTTP request line's target spoken over the tunnel. */
  readonly path: string;
}

export interface EnvoyPodResponder extends PodSubresourceHandler {
  set(pod: { namespace: string; name: string }, recorded: RecordedEnvoy): void;
  delete(pod: { namespace: string; name: string }): void;
  /** Every request that reached a pod, in order. */
  readonly requests: readonly PodSubresourceRequest[];
  /** Closes the open port-forward WebSockets (for test teardown). */
  closeAll(): void;
}

const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

/** kube-apiserver's answer when the proxied dial fails: a 503 Status (k8s.io/apimachinery proxy/upgradeaware.go). */
function serviceUnavailable(res: ServerResponse, target: PodProxyTarget): void {
  const message = `error trying to reach service: dial tcp 10.244.0.7:${target.port ?? 80}: connect: connection refused`;
  res.writeHead(503, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'ServiceUnavailable', code: 503 }));
}

function kubeletDialError(target: PodPortForwardTarget, port: number): string {
  return (
    `error forwarding port ${port} to pod 0b5e6c1d-${target.pod.length}, uid : failed to execute portforward in network namespace ` +
    `"/var/run/netns/cni-1": failed to connect to localhost:${port} inside namespace "0b5e6c1d", IPv4: dial tcp4 127.0.0.1:${port}: ` +
    `connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `
  );
}

function frame(channel: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([channel]), payload]);
}

function portPreamble(channel: number, port: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16LE(port, 0);
  return frame(channel, bytes);
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

export function createEnvoyPodResponder(initial: Readonly<Record<string, RecordedEnvoy>> = {}): EnvoyPodResponder {
  const pods = new Map<string, RecordedEnvoy>(Object.entries(initial));
  const requests: PodSubresourceRequest[] = [];
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    // The kubelet accepts the binary v4 protocol (and "" for old clients); client-node offers v5 first.
    handleProtocols: (offered) => (offered.has(CHANNEL_PROTOCOL) ? CHANNEL_PROTOCOL : false),
  });

  function envoyAdmin(target: PodPortForwardTarget, recorded: RecordedEnvoy): http.Server {
    return http.createServer((req, res) => {
      requests.push({ via: 'portforward', namespace: target.namespace, pod: target.pod, port: ENVOY_ADMIN_PORT, path: req.url ?? '' });
      if (recorded.fault === 'hang') return;
      const body = req.method !== 'GET' ? undefined : req.url === '/certs' ? recorded.certs : req.url === '/config_dump?resource=dynamic_active_secrets' ? recorded.secretsDump : undefined;
      if (body === undefined) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('invalid path. admin commands are:\n');
        return;
      }
      const text = JSON.stringify(body, null, 2);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    });
  }

  /** Bridges data channel `channel` of the WebSocket to an in-process Envoy admin "TCP connection". */
  function forward(ws: WebSocket, channel: number, server: http.Server): (payload: Buffer) => void {
    const tcp = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, done) {
        if (ws.readyState === ws.OPEN) ws.send(frame(channel, chunk), done);
        else done();
      },
      final(done) {
        // Envoy closed the connection (Connection: close): the kubelet ends the forward and closes the WebSocket.
        ws.close(1000);
        done();
      },
    });
    server.emit('connection', tcp);
    ws.on('close', () => tcp.destroy());
    return (payload) => tcp.push(payload);
  }

  return {
    requests,
    set(pod, recorded) {
      pods.set(keyOf(pod.namespace, pod.name), recorded);
    },
    delete(pod) {
      pods.delete(keyOf(pod.namespace, pod.name));
    },
    closeAll() {
      for (const ws of sockets) ws.terminate();
      sockets.clear();
    },
    proxy(req: IncomingMessage, res: ServerResponse, target: PodProxyTarget) {
      requests.push({ via: 'proxy', namespace: target.namespace, pod: target.pod, port: target.port, path: target.path });
      const recorded = pods.get(keyOf(target.namespace, target.pod));
      if (req.method !== 'GET') {
        res.writeHead(405, { 'Content-Type': 'text/plain' }).end('method not allowed\n');
        return;
      }
      if (target.port !== AGENT_PORT || recorded?.agentMetrics === undefined) {
        serviceUnavailable(res, target);
        return;
      }
      if (recorded.fault === 'hang') return;
      const path = target.path.split('?')[0];
      if (path !== '/stats/prometheus') {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(recorded.agentMetrics);
    },
    portForward(req, socket, head, target) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        const recorded = pods.get(keyOf(target.namespace, target.pod));
        const inbound = new Map<number, (payload: Buffer) => void>();
        target.ports.forEach((port, i) => {
          ws.send(portPreamble(2 * i, port));
          ws.send(portPreamble(2 * i + 1, port));
          const reachable = port === ENVOY_ADMIN_PORT && recorded !== undefined && (recorded.certs !== undefined || recorded.secretsDump !== undefined);
          if (reachable) {
            inbound.set(2 * i, forward(ws, 2 * i, envoyAdmin(target, recorded)));
          } else {
            ws.send(frame(2 * i + 1, Buffer.from(kubeletDialError(target, port))), () => ws.close(1000));
          }
        });
        ws.on('message', (data) => {
          const buf = toBuffer(data);
          const deliver = inbound.get(buf[0] ?? -1);
          if (deliver && buf.length > 1) deliver(buf.subarray(1));
        });
      });
    },
  };
}

// ---- Recorded responses from freshly issued certificates ------------------------------------------------------

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const crypto = webcrypto as unknown as Crypto;
const HOUR_MS = 3_600_000;

export interface IssuedProxyCertificates {
  readonly recorded: RecordedEnvoy;
  /** What a reader should find (serials as istioctl prints them: 32 lower-case hex digits). */
  readonly leaf: { readonly serial: string; readonly notBefore: string; readonly notAfter: string; readonly spiffeId: string };
  readonly root: { readonly serial: string; readonly notAfter: string };
}

const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/**
 * Issues a root and a workload leaf the way istiod does (empty subject, SPIFFE URI SAN, NotBefore backdated 2
 * minutes; istio-semantics §5.1) and records what this pod's agent and Envoy would answer at `now`.
 */
export async function issueProxyCertificates(pod: { namespace: string; name: string; serviceAccount?: string }, opts: {
  now: Date;
  issuedHoursAgo?: number;
  lifetimeHours?: number;
  serial?: string;
}): Promise<IssuedProxyCertificates> {
  const nowMs = opts.now.getTime();
  const issuedMs = nowMs - (opts.issuedHoursAgo ?? 6) * HOUR_MS;
  const notAfterMs = issuedMs + (opts.lifetimeHours ?? 24) * HOUR_MS;
  const spiffeId = `spiffe://cluster.local/ns/${pod.namespace}/sa/${pod.serviceAccount ?? 'default'}`;
  const rootKeys = (await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify'])) as CryptoKeyPair;
  const leafKeys = (await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify'])) as CryptoKeyPair;
  const rootNotBefore = nowMs - 30 * 24 * HOUR_MS;
  const root = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '10a0000000000000000000000000000b',
      name: 'O=cluster.local',
      notBefore: new Date(rootNotBefore),
      notAfter: new Date(rootNotBefore + 3650 * 24 * HOUR_MS),
      keys: rootKeys,
      signingAlgorithm: ALGORITHM,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    },
    crypto,
  );
  const leaf = await x509.X509CertificateGenerator.create(
    {
      serialNumber: opts.serial ?? '6fbee254c22900615cb1f74e3d2f1713',
      subject: '',
      issuer: root.subject,
      notBefore: new Date(issuedMs - 2 * 60_000),
      notAfter: new Date(notAfterMs),
      publicKey: leafKeys.publicKey,
      signingKey: rootKeys.privateKey,
      signingAlgorithm: ALGORITHM,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'url', value: spiffeId }], true), new x509.BasicConstraintsExtension(false, undefined, true)],
    },
    crypto,
  );
  const leafPem = leaf.toString('pem');
  const rootPem = root.toString('pem');
  const summary = (cert: x509.X509Certificate, uri: string | null) => ({
    path: '<inline>',
    serial_number: cert.serialNumber,
    subject_alt_names: uri ? [{ uri }] : [],
    days_until_expiration: String(Math.max(0, Math.floor((cert.notAfter.getTime() - nowMs) / (24 * HOUR_MS)))),
    valid_from: cert.notBefore.toISOString(),
    expiration_time: cert.notAfter.toISOString(),
  });
  const recorded: RecordedEnvoy = {
    agentMetrics:
      '# HELP istio_agent_cert_expiry_seconds The time remaining, in seconds, before the certificate chain will expire. A negative value indicates the cert is expired.\n' +
      '# TYPE istio_agent_cert_expiry_seconds gauge\n' +
      `istio_agent_cert_expiry_seconds{resource_name="default"} ${(notAfterMs - nowMs) / 1000}\n` +
      '# TYPE istio_agent_go_goroutines gauge\nistio_agent_go_goroutines 42\n',
    certs: { certificates: [{ ca_cert: [summary(root, null)], cert_chain: [summary(leaf, spiffeId)] }] },
    secretsDump: {
      configs: [
        {
          '@type': 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump.DynamicSecret',
          name: 'default',
          version_info: isoSeconds(issuedMs),
          last_updated: new Date(issuedMs).toISOString(),
          secret: {
            '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
            name: 'default',
            tls_certificate: { certificate_chain: { inline_bytes: b64(leafPem + rootPem) }, private_key: { inline_bytes: b64('[redacted]') } },
          },
        },
        {
          '@type': 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump.DynamicSecret',
          name: 'ROOTCA',
          version_info: isoSeconds(issuedMs),
          secret: { '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret', name: 'ROOTCA', validation_context: { trusted_ca: { inline_bytes: b64(rootPem) } } },
        },
      ],
    },
  };
  return {
    recorded,
    leaf: { serial: leaf.serialNumber.padStart(32, '0'), notBefore: isoSeconds(issuedMs - 2 * 60_000), notAfter: isoSeconds(notAfterMs), spiffeId },
    root: { serial: root.serialNumber.padStart(32, '0'), notAfter: isoSeconds(rootNotBefore + 3650 * 24 * HOUR_MS) },
  };
}
