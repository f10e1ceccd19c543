import { HydrationBoundary } from '@tanstack/react-query';
import { IssuesViewClient } from '@/components/posture/issues/issues-view';
import { AccessDenied } from '@/components/ui/access-denied';
import { issuesQueryOptions, parseIssuesFilters } from '@/lib/api/views/issues';
import { pageAccess, pageParams, prefetchView, type PageSearchParams } from '@/lib/server/prefetch-view';
import { buildIssuesView } from '@/lib/server/views/issues';

// The posture depends on the configured source at run time, never on build-time data.
export const dynamic = 'force-dynamic';

export default async function IssuesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const access = await pageAccess();
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token' || access.mode === 'oidc'} />;
  const params = await pageParams(searchParams);
  const state = await prefetchView(issuesQueryOptions(parseIssuesFilters(params)).queryKey, buildIssuesView, params);
  return (
    <main>
      <h1>Unreadable input</h1>
      <HydrationBoundary state={state}>
        <IssuesViewClient />
      </HydrationBoundary>
    </main>
  );
}
