// One GET through the API server (for pods/proxy), authenticated the way client-node authenticates everything
// else (KubeConfig.applyToHTTPSOptions: TLS material, tokens, exec plugins, proxies), with a deadline and a cap
// on the body. Why not CoreV1Api.connectGetNamespacedPodProxyWithPath: it buffers any body whole, with no size
// limit and no per-request timeout, and URL-encodes the `:port` and `/` of the path.
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { errorMessage, readCapped } from './read-capped';

const MAX_ERROR_BODY = 16 * 1024;

/** A request that got an answer other than 2xx (status > 0) or none at all (status 0). */
export class ApiServerGetError extends Error {
  override readonly name = 'ApiServerGetError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** "HTTP 403 Forbidden: <Status message>": the API server's own words are the most useful reason to show. */
function describeFailure(status: number, body: string): string {
  let detail = body.trim().slice(0, 300);
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string') {
      const reason = 'reason' in parsed && typeof parsed.reason === 'string' ? `${parsed.reason}: ` : '';
      detail = `${reason}${parsed.message.slice(0, 300)}`;
    }
  } catch {
    // Not a Status object (e.g. the proxied container's own text); keep the text.
  }
  return `HTTP ${status}${detail ? ` ${detail}` : ''}`;
}

export async function getThroughApiServer(kc: KubeConfig, path: string, opts: { timeoutMs: number; maxBytes: number }): Promise<string> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ApiServerGetError('the kubeconfig has no current cluster', 0);
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  const url = new URL(cluster.server.replace(/\/+$/, '') + path);
  const transport = url.protocol === 'https:' ? https : http;
  const signal = AbortSignal.timeout(opts.timeoutMs);
  return new Promise<string>((resolve, reject) => {
    const req = transport.request(url, { ...options, method: 'GET', headers: { ...options.headers, Accept: 'text/plain, */*' }, signal }, (res) => {
      const status = res.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      readCapped(res, ok ? opts.maxBytes : MAX_ERROR_BODY, `GET ${path}`).then(
        (body) => (ok ? resolve(body) : reject(new ApiServerGetError(describeFailure(status, body), status))),
        (error: unknown) => {
          req.destroy();
          reject(new ApiServerGetError(ok ? errorMessage(signal.aborted ? signal.reason : error) : `HTTP ${status}`, ok ? 0 : status));
        },
      );
    });
    req.on('error', (error) => reject(new ApiServerGetError(errorMessage(signal.aborted ? signal.reason : error), 0)));
    req.end();
  });
}
