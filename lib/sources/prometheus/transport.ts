// The one HTTP round-tripper to Prometheus (the Kiali model, ARCHITECTURE §1 wave 2): authentication, the tenant
// header, custom headers, a private CA and the deadline all live here, so a query never has to think about them.
// A POST of the form-encoded parameters (the HTTP API accepts both; POST keeps long PromQL out of URLs and logs).
// The body is read with a cap: a hostile or runaway server cannot make us buffer more than `maxBytes`.
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { errorMessage, readCapped, ResponseTooLargeError } from '@/lib/sources/cluster/proxy-certs/read-capped';
import type { PrometheusSettings } from './settings';

export type PrometheusFailure = 'unreachable' | 'timeout' | 'error';

/** A deadline hit: AbortSignal.timeout() rejects with a TimeoutError, which node:http wraps in an AbortError. */
function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === 'TimeoutError' || (e.cause instanceof Error && e.cause.name === 'TimeoutError') || (typeof e.cause === 'object' && e.cause !== null && 'name' in e.cause && e.cause.name === 'TimeoutError'));
}

const failureOf = (e: unknown): PrometheusFailure => (isTimeout(e) ? 'timeout' : 'unreachable');
const describe = (e: unknown, timeoutMs: number): string => (isTimeout(e) ? `timed out after ${timeoutMs / 1000} s` : errorMessage(e));

/** Why a request produced no usable answer: the server could not be reached, or it answered badly. */
export class PrometheusRequestError extends Error {
  override readonly name = 'PrometheusRequestError';
  constructor(
    message: string,
    readonly kind: PrometheusFailure,
  ) {
    super(message);
  }
}

export interface PrometheusAnswer {
  readonly status: number;
  readonly body: string;
}

export interface TransportOptions {
  readonly maxBytes: number;
}

interface CachedFile {
  readonly mtimeMs: number;
  readonly size: number;
  readonly text: string;
}

/** Reads a secret file, again whenever its mtime or size changes (a projected token is rotated in place). */
class SecretFile {
  private cached: CachedFile | null = null;
  constructor(
    private readonly path: string,
    private readonly what: string,
  ) {}

  async read(): Promise<string> {
    let info;
    try {
      info = await stat(this.path);
    } catch (e) {
      throw new PrometheusRequestError(`${this.what} ${JSON.stringify(this.path)} cannot be read: ${errorMessage(e)}`, 'error');
    }
    if (this.cached && this.cached.mtimeMs === info.mtimeMs && this.cached.size === info.size) return this.cached.text;
    if (info.size > 64 * 1024) throw new PrometheusRequestError(`${this.what} ${JSON.stringify(this.path)} is larger than 64 KiB`, 'error');
    const text = (await readFile(this.path, 'utf8')).trim();
    if (/[\r\n\0]/.test(text)) throw new PrometheusRequestError(`${this.what} ${JSON.stringify(this.path)} holds more than one line`, 'error');
    this.cached = { mtimeMs: info.mtimeMs, size: info.size, text };
    return text;
  }
}

export interface PrometheusTransport {
  /** `signal` lets a caller give up early (another query of the same refresh failed). */
  post(path: string, params: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<PrometheusAnswer>;
}

export function createTransport(settings: PrometheusSettings, options: TransportOptions): PrometheusTransport {
  const base = new URL(`${settings.url}/`);
  const secret =
    settings.auth.kind === 'basic'
      ? new SecretFile(settings.auth.passwordFile, 'the Prometheus password file')
      : settings.auth.kind === 'bearer'
        ? new SecretFile(settings.auth.tokenFile, 'the Prometheus token file')
        : null;
  let ca: Promise<string> | null = null;
  const readCa = (file: string): Promise<string> =>
    (ca ??= readFile(file, 'utf8').catch((e: unknown) => {
      ca = null;
      throw new PrometheusRequestError(`the Prometheus CA file ${JSON.stringify(file)} cannot be read: ${errorMessage(e)}`, 'error');
    }));

  async function authorization(): Promise<string | null> {
    if (!secret) return null;
    const value = await secret.read();
    if (settings.auth.kind === 'basic') return `Basic ${Buffer.from(`${settings.auth.username}:${value}`).toString('base64')}`;
    return `Bearer ${value}`;
  }

  return {
    async post(path, params, cancel) {
      const url = new URL(path.replace(/^\/+/, ''), base);
      const body = new URLSearchParams(params).toString();
      const headers: Record<string, string> = {
        ...settings.headers,
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': String(Buffer.byteLength(body)),
      };
      const auth = await authorization();
      if (auth) headers['Authorization'] = auth;
      if (settings.tenant) headers['X-Scope-OrgID'] = settings.tenant;
      const tls = url.protocol === 'https:' && settings.caFile ? { ca: await readCa(settings.caFile) } : {};
      const request = url.protocol === 'https:' ? https.request : http.request;
      return new Promise<PrometheusAnswer>((resolve, reject) => {
        let answered = false;
        const deadline = AbortSignal.timeout(settings.timeoutMs);
        const signal = cancel ? AbortSignal.any([deadline, cancel]) : deadline;
        const req = request(url, { method: 'POST', headers, ...tls, signal }, (res) => {
          answered = true;
          readCapped(res, options.maxBytes, `Prometheus ${path}`).then(
            (text) => resolve({ status: res.statusCode ?? 0, body: text }),
            (e: unknown) => {
              res.destroy();
              // The deadline aborts the socket: the stream then says only "aborted", so the signal tells why.
              const cause = deadline.aborted ? deadline.reason : e;
              reject(e instanceof ResponseTooLargeError ? new PrometheusRequestError(e.message, 'error') : new PrometheusRequestError(`Prometheus ${path}: ${describe(cause, settings.timeoutMs)} while reading the answer`, failureOf(cause)));
            },
          );
        });
        // Once the answer has begun, a failure (the deadline mid-body) is the body reader's to report.
        req.on('error', (e) => answered || reject(new PrometheusRequestError(`Prometheus at ${settings.url} did not answer: ${describe(e, settings.timeoutMs)}`, failureOf(e))));
        req.end(body);
      });
    },
  };
}
