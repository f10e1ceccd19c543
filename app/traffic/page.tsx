import { HydrationBoundary } from '@tanstack/react-query';
import { TrafficViewClient } from '@/components/posture/traffic/traffic-view';
import { AccessDenied } from '@/components/ui/access-denied';
import { pageAccess, pageParams, type PageSearchParams } from '@/lib/server/prefetch-view';
import { prefetchTrafficView } from '@/lib/server/views/traffic';

// The posture and the traffic depend on the configured source and Prometheus at run time, never on build-time data.
export const dynamic = 'force-dynamic';

export default async function TrafficPage({ searchParams }: { searchParams: PageSearchParams }) {
  const access = await pageAccess();
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token' || access.mode === 'oidc'} />;
  const state = await prefetchTrafficView(await pageParams(searchParams));
  return (
    <main>
      <h1>Observed traffic</h1>
      <HydrationBoundary state={state}>
        <TrafficViewClient />
      </HydrationBoundary>
    </main>
  );
}
