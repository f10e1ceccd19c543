import 'server-only';
// The thin layer every /api/v1 view handler and every page goes through: access check, the current posture,
// the envelope with asOf/staleness/collection status, and errors mapped by one table. A view given a cache key has
// its answer built once per posture and traffic model (view-cache.ts) and served with a weak ETag; a request whose
// If-None-Match names it gets 304. The access check comes first, always: no kept answer, ETag or 304 goes to a
// request that may not see the data.
import type { ApiEnvelope, ApiErrorBody, CollectionStatusDto } from '@/lib/api/envelope';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import { isIncompleteness } from '@/lib/snapshot/types';
import { checkAccess } from './access';
import { getPostureState, type PostureState } from './posture-store';
import { cachedAnswer, hashOf, viewCacheKey, type CachedAnswer, type ViewKey } from './view-cache';
import { VIEW_ERROR_STATUS, ViewError } from './view-errors';

export type ViewBuilder<T> = (state: PostureState, params: URLSearchParams) => T;

function collectionStatus(state: PostureState): CollectionStatusDto[] {
  const out: CollectionStatusDto[] = [];
  for (const [kind, k] of Object.entries(state.snapshot.kinds)) {
    if (k.status === 'ok') continue;
    out.push({ kind, status: k.status, reason: k.reason ?? null });
  }
  return out;
}

export function toEnvelope<T>(state: PostureState, data: T, now: Date): ApiEnvelope<T> {
  const servedAt = toRfc3339Seconds(now);
  const staleness = state.staleness(now);
  return {
    apiVersion: 'v1',
    source: state.snapshot.source,
    asOf: staleness.stale && staleness.staleSince ? staleness.staleSince : state.asOf(now),
    servedAt,
    staleness,
    collection: collectionStatus(state),
    unreadable: state.snapshot.issues.filter(isIncompleteness).length,
    data,
  };
}

/** Builds a view's envelope for a server component (prefetch) or a route handler; with `cache`, from the kept answer. */
export async function loadView<T>(build: ViewBuilder<T>, params: URLSearchParams, cache?: ViewKey): Promise<ApiEnvelope<T>> {
  const state = await getPostureState();
  const key = cache ? viewCacheKey(cache, params) : null;
  // A copy of the kept answer (JSON.parse), so nothing the page does to it can change what the next request gets.
  const data = key === null ? build(state, params) : (JSON.parse(cachedAnswer(state, key, () => build(state, params)).json) as T);
  return toEnvelope(state, data, new Date());
}

const JSON_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const;

export function errorResponse(status: number, code: string, message: string): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return Response.json(body, { status, headers: JSON_HEADERS });
}

/**
 * The weak ETag of a kept answer in its envelope: the answer's hash and what the envelope says of the data (source,
 * collection status, staleness), not servedAt nor a live source's asOf (the time of the request): a client that
 * revalidates keeps its earlier servedAt and asOf, which are never later than the truth.
 */
function etagOf(answer: CachedAnswer, envelope: ApiEnvelope<unknown>): string {
  const { stale, staleSince, reason } = envelope.staleness;
  return `W/"${answer.hash}.${hashOf(JSON.stringify([envelope.source, envelope.collection, envelope.unreadable, stale, staleSince, reason])).slice(0, 12)}"`;
}

/** If-None-Match (RFC 9110 §13.1.2): weak comparison against each listed tag, or `*`. */
function isNotModified(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** The envelope's JSON around an answer already in JSON (data is its last member). */
function envelopeJson(envelope: ApiEnvelope<null>, dataJson: string): string {
  const head = JSON.stringify(envelope);
  return `${head.slice(0, head.length - 'null}'.length)}${dataJson}}`;
}

/**
 * A view's answer for a request that may see it, from this posture: kept and revalidated with its ETag when `cache`
 * names the view, built for this request only otherwise (or when the query is too long to keep). Throws ViewError.
 */
export function answerView<T>(request: Request, state: PostureState, build: ViewBuilder<T>, cache: ViewKey | undefined, now: Date): Response {
  const params = new URL(request.url).searchParams;
  const key = cache ? viewCacheKey(cache, params) : null;
  if (key === null) return Response.json(toEnvelope(state, build(state, params), now), { headers: JSON_HEADERS });
  const answer = cachedAnswer(state, key, () => build(state, params));
  const envelope = toEnvelope(state, null, now);
  const headers = { ...JSON_HEADERS, ETag: etagOf(answer, envelope) };
  if (isNotModified(request.headers.get('if-none-match'), headers.ETag)) return new Response(null, { status: 304, headers });
  return new Response(envelopeJson(envelope, answer.json), { headers: { 'Content-Type': 'application/json', ...headers } });
}

/** GET handler body of an /api/v1 view; `cache` names the view (and its path parameters) to keep its answers. */
export async function serveView<T>(request: Request, build: ViewBuilder<T>, cache?: ViewKey): Promise<Response> {
  // First, before the cache is asked: a request that may not see the data gets neither an answer nor an ETag nor a 304.
  const access = checkAccess(request.headers);
  if (!access.allowed) return errorResponse(VIEW_ERROR_STATUS[access.code], access.code, access.reason);
  try {
    return answerView(request, await getPostureState(), build, cache, new Date());
  } catch (e) {
    if (e instanceof ViewError) return errorResponse(e.status, e.code, e.message);
    // The message of a source failure names the source and the problem; nothing from the cluster is echoed raw.
    const message = e instanceof Error ? e.message : String(e);
    return errorResponse(503, 'source-unavailable', message);
  }
}

/** URLSearchParams from a page's `searchParams` (Next passes arrays for repeated keys; the first wins). */
export function toSearchParams(record: Readonly<Record<string, string | string[] | undefined>>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) params.set(key, first);
  }
  return params;
}
