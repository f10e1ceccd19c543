import { HydrationBoundary } from '@tanstack/react-query';
import { notFound } from 'next/navigation';
import { TopologyViewClient } from '@/components/posture/topology/topology-view';
import { AccessDenied } from '@/components/ui/access-denied';
import { parseTopologyFilters, topologyQueryOptions } from '@/lib/api/views/topology';
import { pageAccess, pageParams, prefetchView, type PageSearchParams } from '@/lib/server/prefetch-view';
import { ViewError } from '@/lib/server/view-errors';
import { getPostureState } from '@/lib/server/posture-store';
import { assertExpandable, buildTopologyView, isTopologyReady, warmTopology } from '@/lib/server/views/topology';

// The posture depends on the configured source at run time, never on build-time data.
export const dynamic = 'force-dynamic';

export default async function TopologyPage({ searchParams }: { searchParams: PageSearchParams }) {
  const access = await pageAccess();
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token' || access.mode === 'oidc'} />;
  const params = await pageParams(searchParams);
  const posture = await getPostureState();
  const filters = parseTopologyFilters(params);
  try {
    assertExpandable(posture, filters);
  } catch (e) {
    if (e instanceof ViewError && e.code === 'not-found') notFound();
    throw e;
  }
  if (!isTopologyReady(posture)) {
    // The first topology of a big mesh takes seconds: start it and let the client show its loading state and fetch
    // (the API waits for the same computation) rather than hold the whole page.
    void warmTopology(posture.computation).catch(() => undefined);
    return (
      <main>
        <h1>Topology</h1>
        <TopologyViewClient />
      </main>
    );
  }
  let state;
  try {
    state = await prefetchView(topologyQueryOptions(filters).queryKey, buildTopologyView, params);
  } catch (e) {
    if (e instanceof ViewError && e.code === 'not-found') notFound();
    throw e;
  }
  return (
    <main>
      <h1>Topology</h1>
      <HydrationBoundary state={state}>
        <TopologyViewClient />
      </HydrationBoundary>
    </main>
  );
}
