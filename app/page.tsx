import { HydrationBoundary } from '@tanstack/react-query';
import { OverviewViewClient } from '@/components/posture/overview-view';
import { AccessDenied } from '@/components/ui/access-denied';
import { overviewQueryOptions, parseOverviewFilters } from '@/lib/api/views/overview';
import { pageAccess, pageParams, prefetchView, type PageSearchParams } from '@/lib/server/prefetch-view';
import { buildOverviewView } from '@/lib/server/views/overview';

// The posture depends on the configured source at run time, never on build-time data.
export const dynamic = 'force-dynamic';

export default async function OverviewPage({ searchParams }: { searchParams: PageSearchParams }) {
  const access = await pageAccess();
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token' || access.mode === 'oidc'} />;
  const params = await pageParams(searchParams);
  const state = await prefetchView(overviewQueryOptions(parseOverviewFilters(params)).queryKey, buildOverviewView, params);
  return (
    <main>
      <h1>Overview</h1>
      <HydrationBoundary state={state}>
        <OverviewViewClient />
      </HydrationBoundary>
    </main>
  );
}
