import 'server-only';
// The thin layer every /api/v1 view handler and every page goes through: access check, the current posture,
// the envelope with asOf/staleness/collection status, and errors mapped by one table.
import type { ApiEnvelope, ApiErrorBody, CollectionStatusDto } from '@/lib/api/envelope';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import { isIncompleteness } from '@/lib/snapshot/types';
import { checkAccess } from './access';
import { getPostureState, type PostureState } from './posture-store';
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

/** Builds a view's envelope for a server component (prefetch) or a route handler. */
export async function loadView<T>(build: ViewBuilder<T>, params: URLSearchParams): Promise<ApiEnvelope<T>> {
  const state = await getPostureState();
  return toEnvelope(state, build(state, params), new Date());
}

const JSON_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const;

export function errorResponse(status: number, code: string, message: string): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return Response.json(body, { status, headers: JSON_HEADERS });
}

/** GET handler body of an /api/v1 view. */
export async function serveView<T>(request: Request, build: ViewBuilder<T>): Promise<Response> {
  const access = checkAccess(request.headers);
  if (!access.allowed) return errorResponse(VIEW_ERROR_STATUS[access.code], access.code, access.reason);
  try {
    const envelope = await loadView(build, new URL(request.url).searchParams);
    return Response.json(envelope, { headers: JSON_HEADERS });
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
