// The reader's only door to the API server: GET requests and watch streams over node:http(s), authenticated by
// client-node's KubeConfig (TLS material, tokens, exec plugins, proxies). Why not client-node's ListWatch/Watch:
// its informer lists without `limit`/`continue`, and its Watch drops the status body and headers of a failed
// watch (no Retry-After, no Status reason), which the supervisor needs. (No 'server-only': the CLI uses this.)
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';

/** A failed request, with what the supervisor decides on: HTTP status (0 = no response), Status reason, Retry-After. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface WatchEvent {
  readonly type: string;
  readonly object: unknown;
}

export interface WatchHandle {
  /** Closes the stream; `onEnd` is not called after an explicit close. */
  close(): void;
}

const MAX_ERROR_BODY = 64 * 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function buildUrl(server: string, path: string, query: Query): URL {
  const url = new URL(server.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

function retryAfterMs(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 600) * 1000;
  return null;
}

/** Turns a non-2xx response body (a Status object, usually) into a KubeApiError. */
export function statusError(status: number, body: string, retryAfter: number | null, what: string): KubeApiError {
  let reason: string | null = null;
  let detail = '';
  try {
    const parsed: unknown = JSON.parse(body);
    if (isRecord(parsed)) {
      if (typeof parsed['reason'] === 'string') reason = parsed['reason'].slice(0, 100);
      if (typeof parsed['message'] === 'string') detail = parsed['message'].slice(0, 500);
    }
  } catch {
    detail = body.slice(0, 200);
  }
  return new KubeApiError(`${what}: HTTP ${status}${reason ? ` ${reason}` : ''}${detail ? `: ${detail}` : ''}`, status, reason, retryAfter);
}

export class KubeClient {
  private readonly server: string;

  constructor(private readonly kc: KubeConfig, private readonly requestTimeoutMs = 60_000) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('no current cluster in the kubeconfig');
    this.server = cluster.server;
  }

  private async request(path: string, query: Query, timeoutMs: number | null): Promise<{ res: http.IncomingMessage; req: http.ClientRequest }> {
    const url = buildUrl(this.server, path, query);
    const opts: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
    // Applies CA/client certificates, bearer token (refreshing exec/OIDC credentials) and the agent for proxies.
    await this.kc.applyToHTTPSOptions(opts);
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, opts, (res) => resolve({ res, req }));
      req.on('error', (e) => reject(new KubeApiError(`GET ${path}: ${e.message}`, 0)));
      if (timeoutMs !== null) req.setTimeout(timeoutMs, () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
      req.end();
    });
  }

  /** GET a JSON document; non-2xx answers become KubeApiError with the Status reason and Retry-After. */
  async getJson(path: string, query: Query = {}): Promise<unknown> {
    const { res } = await this.request(path, query, this.requestTimeoutMs);
    const chunks: Buffer[] = [];
    let size = 0;
    const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
    try {
      for await (const chunk of res) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (ok || size <= MAX_ERROR_BODY) chunks.push(buf);
      }
    } catch (e) {
      throw new KubeApiError(`GET ${path}: response cut off: ${e instanceof Error ? e.message : String(e)}`, 0);
    }
    const body = Buffer.concat(chunks).toString('utf8');
    if (!ok) throw statusError(res.statusCode ?? 0, body, retryAfterMs(res.headers['retry-after']), `GET ${path}`);
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw new KubeApiError(`GET ${path}: the answer is not JSON`, res.statusCode ?? 0);
    }
  }

  /**
   * Opens a watch stream. Resolves once the server answered 200 (so a 403/410/429 rejects with its Status);
   * then every event goes to `onEvent` and the stream's end (clean or not) to `onEnd` exactly once.
   */
  async watch(path: string, query: Query, onEvent: (e: WatchEvent) => void, onEnd: (err: Error | null) => void): Promise<WatchHandle> {
    const { res, req } = await this.request(path, { ...query, watch: 1 }, null);
    if (res.statusCode !== 200) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      throw statusError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY), retryAfterMs(res.headers['retry-after']), `watch ${path}`);
    }
    let closed = false;
    const end = (err: Error | null) => {
      if (closed) return;
      closed = true;
      req.destroy();
      onEnd(err);
    };
    res.on('error', (e) => end(e));
    res.on('aborted', () => end(new Error('stream aborted')));
    res.on('close', () => end(null));
    const lines = createInterface({ input: res, crlfDelay: Infinity });
    lines.on('error', (e) => end(e)); // readline re-emits the stream's errors; unhandled they would crash the process
    lines.on('line', (line) => {
      if (closed || line.trim() === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        end(new KubeApiError(`watch ${path}: an event is not JSON`, 200));
        return;
      }
      if (!isRecord(parsed) || typeof parsed['type'] !== 'string') {
        end(new KubeApiError(`watch ${path}: an event has no type`, 200));
        return;
      }
      onEvent({ type: parsed['type'], object: parsed['object'] });
    });
    return {
      close: () => {
        if (closed) return;
        closed = true;
        req.destroy();
      },
    };
  }
}
