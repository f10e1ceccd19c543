// What the supervisor does after a failed list or watch, by what went wrong: one table-like function, so the
// policy reads in one place (and is tested without a server).
//   410 Gone (HTTP status or watch ERROR event)  → full relist at once (backoff only if it repeats)
//   resourceVersion went backwards               → full relist at once (the server was restored or replaced)
//   lost connection (network error, no answer)   → backoff, and check the server's resourceVersion before resuming
//   silence beyond the watchdog bound            → restart the watch from the last resourceVersion (same timing)
//   429 Too Many Requests                        → wait Retry-After (or backoff)
//   403 Forbidden / 404 Not Found                → kind forbidden / absent with the reason, slow retry
//   anything else (network, 5xx, bad stream)     → exponential backoff with jitter; the last data is kept (stale)
import { backoffDelay, type BackoffTuning } from './backoff';
import { KubeApiError } from './kube-client';

export class SilentStreamError extends Error {
  override readonly name = 'SilentStreamError';
}

/** An event whose resourceVersion is lower than one already seen: the cache no longer describes this server. */
export class ResourceVersionRegressedError extends Error {
  override readonly name = 'ResourceVersionRegressedError';
}

export type FailureAction =
  | {
      readonly type: 'retry';
      readonly relist: boolean;
      /** The connection was lost: the server that answers next may not be the one the cache came from. */
      readonly connectionLost: boolean;
      readonly delayMs: number;
      readonly reason: string;
      readonly reachable: boolean;
    }
  | { readonly type: 'forbidden' | 'absent'; readonly delayMs: number; readonly reason: string };

export interface FailureTuning extends BackoffTuning {
  readonly forbiddenRetryMs: number;
  readonly random?: () => number;
}

/** `failures`: consecutive failures of this kind, this one included (1-based). */
export function onFailure(e: unknown, failures: number, tuning: FailureTuning): FailureAction {
  const backoff = backoffDelay(failures, tuning, tuning.random);
  const promptly = failures <= 1 ? 0 : backoff;
  const reason = e instanceof Error ? e.message : String(e);
  if (e instanceof SilentStreamError) return { type: 'retry', relist: false, connectionLost: false, delayMs: promptly, reason, reachable: true };
  if (e instanceof ResourceVersionRegressedError) return { type: 'retry', relist: true, connectionLost: false, delayMs: promptly, reason, reachable: true };
  if (!(e instanceof KubeApiError)) return { type: 'retry', relist: false, connectionLost: true, delayMs: backoff, reason, reachable: true };
  if (e.status === 410 || e.reason === 'Expired' || e.reason === 'Gone') return { type: 'retry', relist: true, connectionLost: false, delayMs: promptly, reason, reachable: true };
  if (e.status === 403) return { type: 'forbidden', delayMs: tuning.forbiddenRetryMs, reason };
  if (e.status === 404) return { type: 'absent', delayMs: tuning.forbiddenRetryMs, reason };
  const delayMs = e.status === 429 ? (e.retryAfterMs ?? backoff) : backoff;
  return { type: 'retry', relist: false, connectionLost: e.status === 0, delayMs, reason, reachable: e.status !== 0 };
}
