import { HydrationBoundary } from '@tanstack/react-query';
import { CanIViewClient } from '@/components/posture/can-i/can-i-view';
import { AccessDenied } from '@/components/ui/access-denied';
import { canIQueryOptions, parseCanIFilters } from '@/lib/api/views/can-i';
import { pageAccess, pageParams, prefetchView, type PageSearchParams } from '@/lib/server/prefetch-view';
import { ViewError } from '@/lib/server/view-errors';
import { buildCanIView } from '@/lib/server/views/can-i';

export const dynamic = 'force-dynamic';

export default async function CanIPage({ searchParams }: { searchParams: PageSearchParams }) {
  const access = await pageAccess();
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token' || access.mode === 'oidc'} />;
  const params = await pageParams(searchParams);
  let state;
  let problem: string | null = null;
  try {
    state = await prefetchView(canIQueryOptions(parseCanIFilters(params)).queryKey, buildCanIView, params);
  } catch (e) {
    // A question the engine cannot answer (a typo in a pod name, a bad port) is shown beside the form, not as a 404.
    if (!(e instanceof ViewError)) throw e;
    problem = e.message;
  }
  return (
    <main>
      <h1>Can I?</h1>
      <p className="muted">
        Whether one connection or request goes through, decided as the server&apos;s proxy decides it: the transport (mTLS, DestinationRules,
        ambient), then the JWT check and AuthorizationPolicies.
      </p>
      {problem !== null && (
        <p role="alert" className="banner banner-error" data-testid="can-i-problem">
          This question cannot be answered: {problem}
        </p>
      )}
      <HydrationBoundary state={state}>
        <CanIViewClient problem={problem} />
      </HydrationBoundary>
    </main>
  );
}
