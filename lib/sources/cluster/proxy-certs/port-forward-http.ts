// One GET to Envoy's admin port through pods/portforward: client-node's PortForward opens the WebSocket
// (v4.channel.k8s.io: data channel 0, error channel 1, each opened by the port number) and we speak HTTP/1.1 over
// the data channel with node:http itself (`createConnection` hands it our stream), so status lines, chunked
// bodies and header limits are parsed by Node rather than by hand. The port and the paths are constants.
import http from 'node:http';
import { Duplex, PassThrough, Writable } from 'node:stream';
import { PortForward, type KubeConfig } from '@kubernetes/client-node';
import { ENVOY_ADMIN_PORT, portForwardTarget, type EnvoyAdminPath, type PodRef } from './pod-ref';
import { errorMessage, readCapped } from './read-capped';

const MAX_ERROR_CHANNEL_BYTES = 4096;

/** What the kubelet wrote on the error channel (e.g. "error forwarding port 15000 to pod …: connection refused"). */
class ErrorChannelSink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.text.length < MAX_ERROR_CHANNEL_BYTES) this.text += chunk.toString('utf8').slice(0, MAX_ERROR_CHANNEL_BYTES - this.text.length);
    done();
  }
}

interface Closable {
  close(): void;
  on(event: 'close', listener: () => void): unknown;
}

function isClosable(value: unknown): value is Closable {
  return typeof value === 'object' && value !== null && 'close' in value && 'on' in value;
}

/** Envoy answered, but not 200 (e.g. 404 for a path this Envoy does not serve): the tunnel itself works. */
export class EnvoyAdminHttpError extends Error {
  override readonly name = 'EnvoyAdminHttpError';
}

function httpGet(socket: Duplex, path: EnvoyAdminPath, maxBytes: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const req = http.request(
      {
        method: 'GET',
        path,
        // What `kubectl port-forward` + curl would send: the admin listener is bound to localhost.
        headers: { Host: `localhost:${ENVOY_ADMIN_PORT}`, Accept: 'application/json', Connection: 'close' },
        createConnection: () => socket,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        readCapped(res, status === 200 ? maxBytes : 4096, `GET ${path}`).then(
          (body) => (status === 200 ? resolve(body) : reject(new EnvoyAdminHttpError(`Envoy admin ${path}: HTTP ${status} ${body.trim().slice(0, 200)}`.trim()))),
          (error: unknown) => {
            req.destroy();
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * GETs one allow-listed admin path of `pod`'s Envoy through the API server's pods/portforward. Fails (never hangs)
 * at `deadline` (epoch ms; the error names `limitMs`, the caller's whole budget), when the body exceeds `maxBytes`, on a
 * non-200 answer, or when the kubelet reports an error.
 */
export async function getEnvoyAdminViaPortForward(
  kc: KubeConfig,
  pod: PodRef,
  path: EnvoyAdminPath,
  opts: { deadline: number; limitMs: number; maxBytes: number },
): Promise<string> {
  const target = portForwardTarget(pod);
  const fromPod = new PassThrough();
  const toPod = new PassThrough();
  const errorChannel = new ErrorChannelSink();
  let ws: Closable | null = null;
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out (limit ${opts.limitMs} ms)`)), Math.max(1, opts.deadline - Date.now()));
  });
  const exchange = async (): Promise<string> => {
    const opened = await new PortForward(kc).portForward(target.namespace, target.name, [ENVOY_ADMIN_PORT], fromPod, errorChannel, toPod);
    if (!isClosable(opened)) throw new Error('port-forward did not return a WebSocket');
    // Opened after the deadline: nobody will read it, so close it rather than leak it.
    if (settled) opened.close();
    ws = opened;
    // client-node never ends the output stream; the kubelet closing the WebSocket is the end of the TCP stream.
    opened.on('close', () => {
      if (!fromPod.destroyed) fromPod.end();
    });
    return await httpGet(Duplex.from({ readable: fromPod, writable: toPod }), path, opts.maxBytes);
  };
  try {
    return await Promise.race([exchange(), timeout]);
  } catch (error) {
    if (error instanceof EnvoyAdminHttpError) throw error;
    const kubelet = errorChannel.text.trim();
    throw new Error(kubelet ? `port-forward to ${ENVOY_ADMIN_PORT}: ${kubelet}` : `port-forward to ${ENVOY_ADMIN_PORT} ${path}: ${errorMessage(error)}`);
  } finally {
    settled = true;
    clearTimeout(timer);
    (ws as Closable | null)?.close();
    fromPod.destroy();
    toPod.destroy();
  }
}
