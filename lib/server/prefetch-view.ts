import 'server-only';
// Server prefetch for a view: the page's server component fills a fresh QueryClient under the view's own queryKey
// (from its shared queryOptions) with the envelope built in-process, and the client hook hydrates from it.
import { dehydrate, type DehydratedState, type QueryKey } from '@tanstack/react-query';
import { headers } from 'next/headers';
import { makeQueryClient } from '@/lib/api/query-client';
import { checkAccess, type AccessDecision } from './access';
import { loadView, toSearchParams, type ViewBuilder } from './view-response';

export type PageSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Whether the page's request may see cluster data (same rule as the API). */
export async function pageAccess(): Promise<AccessDecision> {
  return checkAccess(new Headers(await headers()));
}

export async function prefetchView<T>(queryKey: QueryKey, build: ViewBuilder<T>, params: URLSearchParams): Promise<DehydratedState> {
  const client = makeQueryClient();
  client.setQueryData(queryKey, await loadView(build, params));
  return dehydrate(client);
}

export async function pageParams(searchParams: PageSearchParams): Promise<URLSearchParams> {
  return toSearchParams(await searchParams);
}
