import { HydrationBoundary } from '@tanstack/react-query';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { HandshakeViewClient } from '@/components/posture/handshake/handshake-view';
import { AccessDenied } from '@/components/ui/access-denied';
import { EmptyState } from '@/components/ui/view-states';
import { handshakeQueryOptions, parseHandshakeFilters } from '@/lib/api/views/handshake';
import { pageAccess, pageParams, prefetchView, type PageSearchParams } from '@/lib/server/prefetch-view';
import { ViewError } from '@/lib/server/view-errors';
import { buildHandshakeView } from '@/lib/server/views/handshake';

export const dynamic = 'force-dynamic';

export default async function HandshakePage({ searchParams }: { searchParams: PageSearchParams }) {
  const access = await pageAccess();
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token' || access.mode === 'oidc'} />;
  const params = await pageParams(searchParams);
  const filters = parseHandshakeFilters(params);
  if (!filters.to) {
    return (
      <main>
        <h1>Handshake</h1>
        <EmptyState>
          No connection chosen. Pick one from a pod&apos;s clients, a topology edge, or ask <Link href="/can-i">Can I?</Link>
        </EmptyState>
      </main>
    );
  }
  let problem: string | null = null;
  let state;
  try {
    state = await prefetchView(handshakeQueryOptions(filters).queryKey, buildHandshakeView, params);
  } catch (e) {
    if (!(e instanceof ViewError)) throw e;
    if (e.code === 'not-found') notFound();
    problem = e.message;
  }
  return (
    <main>
      <h1>Handshake</h1>
      {problem !== null ? (
        <p role="alert" className="banner banner-error" data-testid="view-error">
          This connection cannot be drawn: {problem}
        </p>
      ) : (
        <HydrationBoundary state={state}>
          <HandshakeViewClient />
        </HydrationBoundary>
      )}
    </main>
  );
}
