// The Prometheus client: instant and range queries of the HTTP API
// (https://prometheus.io/docs/prometheus/latest/querying/api/), with bounded concurrency and a small cache beside the
// transport, and a no-op client when no Prometheus is configured so callers never branch on "is it set?" (the Kiali
// model, ARCHITECTURE §1 wave 2). Answers are parsed with narrow schemas; every label value is hostile (§5): series
// with an oversized label are dropped and counted, never passed on.
import { z } from 'zod';
import { createTransport, PrometheusRequestError, type PrometheusFailure, type PrometheusTransport } from './transport';
import type { PrometheusSettings } from './settings';

/** One series: its labels and its samples as [unix seconds, value]. An instant query has one sample per series. */
export interface PromSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly samples: readonly (readonly [number, number])[];
}

export interface PromResult {
  readonly series: readonly PromSeries[];
  /** Series left out because a label was too long or a value not a number. */
  readonly dropped: number;
}

export interface PrometheusClient {
  /** False for the no-op client: every query fails with 'not-configured'. */
  readonly configured: boolean;
  /** The base URL, for messages. */
  readonly target: string;
  /** `signal` abandons the query (the answer is then an error); a cached answer is shared regardless. */
  instant(query: string, time: Date, signal?: AbortSignal): Promise<PromResult>;
  range(query: string, start: Date, end: Date, stepSeconds: number, signal?: AbortSignal): Promise<PromResult>;
}

export class PrometheusQueryError extends Error {
  override readonly name = 'PrometheusQueryError';
  constructor(
    message: string,
    readonly kind: PrometheusFailure | 'not-configured',
  ) {
    super(message);
  }
}

export interface ClientOptions {
  /** Queries in flight at once (default 4). */
  readonly concurrency?: number;
  /** Largest answer read (default 64 MiB). */
  readonly maxBytes?: number;
  /** How long an identical query's answer is reused (default 60 s; 0 turns the cache off). */
  readonly cacheTtlMs?: number;
  readonly clock?: () => number;
  /** Tests inject a transport; default: HTTP(S) from the settings. */
  readonly transport?: PrometheusTransport;
}

export const MAX_LABEL_LENGTH = 512;
const MAX_SERIES = 200_000;
const MAX_CACHE_ENTRIES = 64;

const label = z.string();
const sample = z.tuple([z.number(), z.string().max(64)]);
const answerSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [
      z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: z.record(z.string(), label), value: sample })).max(MAX_SERIES) }),
      z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: z.record(z.string(), label), values: z.array(sample) })).max(MAX_SERIES) }),
    ]),
    warnings: z.array(z.string()).optional(),
  }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() }),
]);

const shorten = (text: string, max = 300): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Keeps the series whose labels are all of sane length and whose values are finite numbers. */
function toResult(result: readonly { metric: Record<string, string>; values: readonly (readonly [number, string])[] }[]): PromResult {
  const series: PromSeries[] = [];
  let dropped = 0;
  for (const { metric, values } of result) {
    const tooLong = Object.entries(metric).some(([k, v]) => k.length > 128 || v.length > MAX_LABEL_LENGTH);
    const samples = values.map(([t, v]) => [t, Number(v)] as const);
    if (tooLong || samples.some(([t, v]) => !Number.isFinite(t) || Number.isNaN(v))) {
      dropped += 1;
      continue;
    }
    series.push({ labels: metric, samples });
  }
  return { series, dropped };
}

/** The answer of the query API as a PromResult, or a PrometheusQueryError naming what was wrong. */
export function parseQueryAnswer(status: number, body: string, expected: 'vector' | 'matrix'): PromResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new PrometheusQueryError(`HTTP ${status}: the answer is not JSON${status >= 300 ? ` (${shorten(body.trim(), 120) || 'empty body'})` : ''}`, 'error');
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) throw new PrometheusQueryError(`HTTP ${status}: not an answer of the Prometheus query API`, 'error');
  const answer = parsed.data;
  if (answer.status === 'error') throw new PrometheusQueryError(`HTTP ${status} ${shorten(answer.errorType ?? 'error', 40)}: ${shorten(answer.error ?? 'no message')}`, 'error');
  if (status < 200 || status >= 300) throw new PrometheusQueryError(`HTTP ${status} with a success body`, 'error');
  if (answer.data.resultType !== expected) throw new PrometheusQueryError(`HTTP ${status}: expected a ${expected}, got a ${answer.data.resultType}`, 'error');
  return answer.data.resultType === 'vector'
    ? toResult(answer.data.result.map((r) => ({ metric: r.metric, values: [r.value] })))
    : toResult(answer.data.result.map((r) => ({ metric: r.metric, values: r.values })));
}

/** At most `width` tasks at once, the rest queued in order. */
function limiter(width: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= width) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

const seconds = (d: Date): string => String(d.getTime() / 1000);

export function createPrometheusClient(settings: PrometheusSettings, options: ClientOptions = {}): PrometheusClient {
  const transport = options.transport ?? createTransport(settings, { maxBytes: options.maxBytes ?? 64 * 1024 * 1024 });
  const limit = limiter(Math.max(1, options.concurrency ?? 4));
  const ttl = options.cacheTtlMs ?? 60_000;
  const clock = options.clock ?? Date.now;
  const cache = new Map<string, { atMs: number; result: Promise<PromResult> }>();

  function run(path: string, params: Record<string, string>, expected: 'vector' | 'matrix', signal?: AbortSignal): Promise<PromResult> {
    const key = `${path}?${new URLSearchParams(params).toString()}`;
    const now = clock();
    const hit = cache.get(key);
    if (hit && now - hit.atMs < ttl && now >= hit.atMs) return hit.result;
    const result = limit(async () => {
      if (signal?.aborted) throw new PrometheusQueryError('abandoned: another query of the same refresh failed', 'error');
      try {
        const answer = await transport.post(path, params, signal);
        return parseQueryAnswer(answer.status, answer.body, expected);
      } catch (e) {
        if (e instanceof PrometheusRequestError) throw new PrometheusQueryError(e.message, e.kind);
        throw e;
      }
    });
    if (ttl > 0) {
      cache.set(key, { atMs: now, result });
      // A failure is not kept: the next refresh asks again.
      result.catch(() => cache.delete(key));
      if (cache.size > MAX_CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    }
    return result;
  }

  return {
    configured: true,
    target: settings.url,
    instant: (query, time, signal) => run('api/v1/query', { query, time: seconds(time) }, 'vector', signal),
    range: (query, start, end, step, signal) => run('api/v1/query_range', { query, start: seconds(start), end: seconds(end), step: String(step) }, 'matrix', signal),
  };
}

/** The client when no Prometheus is configured: every query says so, and nothing is ever sent. */
export const NOOP_PROMETHEUS_CLIENT: PrometheusClient = {
  configured: false,
  target: 'none',
  instant: () => Promise.reject(new PrometheusQueryError('no Prometheus is configured (--prometheus URL or MESH_POSTURE_PROMETHEUS_URL)', 'not-configured')),
  range: () => Promise.reject(new PrometheusQueryError('no Prometheus is configured (--prometheus URL or MESH_POSTURE_PROMETHEUS_URL)', 'not-configured')),
};

/** The client for the settings, or the no-op client when there are none. */
export function prometheusClientFor(settings: PrometheusSettings | null, options?: ClientOptions): PrometheusClient {
  return settings ? createPrometheusClient(settings, options) : NOOP_PROMETHEUS_CLIENT;
}
