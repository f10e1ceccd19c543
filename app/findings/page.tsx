import { HydrationBoundary } from '@tanstack/react-query';
import { FindingsViewClient } from '@/components/posture/findings/findings-view';
import { AccessDenied } from '@/components/ui/access-denied';
import { findingsQueryOptions, parseFindingsFilters } from '@/lib/api/views/findings';
import { pageAccess, pageParams, prefetchView, type PageSearchParams } from '@/lib/server/prefetch-view';
import { buildFindingsView } from '@/lib/server/views/findings';

// The posture depends on the configured source at run time, never on build-time data.
export const dynamic = 'force-dynamic';

export default async function FindingsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const access = await pageAccess();
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token' || access.mode === 'oidc'} />;
  const params = await pageParams(searchParams);
  const state = await prefetchView(findingsQueryOptions(parseFindingsFilters(params)).queryKey, buildFindingsView, params);
  return (
    <main>
      <h1>Findings</h1>
      <HydrationBoundary state={state}>
        <FindingsViewClient />
      </HydrationBoundary>
    </main>
  );
}
