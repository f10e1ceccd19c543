// One QueryClient configuration for the browser and for server prefetch (fresh client per request/test).
import { QueryClient } from '@tanstack/react-query';
import { shouldRetry } from './api-error';

/** How often a view polls its /api/v1 endpoint for fresher data. */
export const POLL_INTERVAL_MS = 15_000;

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data prefetched on the server is fresh on arrival: don't refetch it immediately on the client.
        staleTime: 10_000,
        retry: shouldRetry,
        refetchOnWindowFocus: true,
      },
    },
  });
}
