import 'server-only';
// Server prefetch for a view: the page's server component fills a fresh QueryClient under the view's own queryKey
// (from its shared queryOptions) with the envelope built in-process, and the client hook hydrates from it.
import { dehydrate, type DehydratedState, type QueryKey } from '@tanstack/react-query';
import { headers } from 'next/headers';
import { makeQueryClient } from '@/lib/api/query-client';
import { checkAccess, type AccessDecision } from './access';
import type { ViewKey } from './view-cache';
import { loadView, toSearchParams, type ViewBuilder } from './view-response';

export type PageSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Whether the page's request may see cluster data (same rule as the API). */
export async function pageAccess(): Promise<AccessDecision> {
  return checkAccess(new Headers(await headers()));
}

/** Views whose answers are kept per posture (view-cache.ts); the others (can-i, handshake, …) are built per request. */
const KEPT_VIEWS: ReadonlySet<unknown> = new Set(['overview', 'namespace', 'pod', 'findings', 'certificates', 'migration', 'topology']);

/**
 * A page's cache key: its queryKey (`['v1', view, filters]`, the filters holding the path's namespace and pod) and
 * the page's query; apart from the API's keys, which are made of the request's path and query.
 */
function pageCacheKey(queryKey: QueryKey): ViewKey | undefined {
  return KEPT_VIEWS.has(queryKey[1]) ? { view: `page:${String(queryKey[1])}`, path: [JSON.stringify(queryKey)] } : undefined;
}

export async function prefetchView<T>(queryKey: QueryKey, build: ViewBuilder<T>, params: URLSearchParams): Promise<DehydratedState> {
  const client = makeQueryClient();
  client.setQueryData(queryKey, await loadView(build, params, pageCacheKey(queryKey)));
  return dehydrate(client);
}

export async function pageParams(searchParams: PageSearchParams): Promise<URLSearchParams> {
  return toSearchParams(await searchParams);
}
