import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { HistoryViewClient } from '@/components/posture/history/history-view';
import { AccessDenied } from '@/components/ui/access-denied';
import { makeQueryClient } from '@/lib/api/query-client';
import { historyQueryOptions, parseHistoryFilters } from '@/lib/api/views/history';
import { getHistoryRecorder, getPostureState } from '@/lib/server/posture-store';
import { pageAccess, pageParams, type PageSearchParams } from '@/lib/server/prefetch-view';
import { toEnvelope } from '@/lib/server/view-response';
import { buildHistoryView } from '@/lib/server/views/history';

// The history depends on the configured source and database at run time, never on build-time data.
export const dynamic = 'force-dynamic';

export default async function HistoryPage({ searchParams }: { searchParams: PageSearchParams }) {
  const access = await pageAccess();
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token' || access.mode === 'oidc'} />;
  const params = await pageParams(searchParams);
  // The history is read asynchronously (a database), so it is prefetched here rather than through prefetchView.
  const client = makeQueryClient();
  const now = new Date();
  const state = await getPostureState();
  client.setQueryData(historyQueryOptions(parseHistoryFilters(params)).queryKey, toEnvelope(state, await buildHistoryView(getHistoryRecorder(), params, now), now));
  return (
    <main>
      <h1>History</h1>
      <p className="muted">How the posture moved: the STRICT share over time, and every change of a workload&apos;s mTLS mode with the objects that caused it.</p>
      <HydrationBoundary state={dehydrate(client)}>
        <HistoryViewClient />
      </HydrationBoundary>
    </main>
  );
}
