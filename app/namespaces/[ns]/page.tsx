import { HydrationBoundary } from '@tanstack/react-query';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { NamespaceViewClient } from '@/components/posture/namespace/namespace-view';
import { AccessDenied } from '@/components/ui/access-denied';
import { namespaceQueryOptions, parseNamespaceFilters } from '@/lib/api/views/namespace';
import { pageAccess, pageParams, prefetchView, type PageSearchParams } from '@/lib/server/prefetch-view';
import { ViewError } from '@/lib/server/view-errors';
import { namespaceFromPath, namespaceViewBuilder } from '@/lib/server/views/namespace';

// The posture depends on the configured source at run time, never on build-time data.
export const dynamic = 'force-dynamic';

async function prefetchNamespace(namespace: string, params: URLSearchParams) {
  try {
    return await prefetchView(namespaceQueryOptions(namespace, parseNamespaceFilters(params)).queryKey, namespaceViewBuilder(namespace), params);
  } catch (e) {
    // Same answer as the API: a namespace the snapshot does not have is a 404 page, not an empty one.
    if (e instanceof ViewError && e.code === 'not-found') notFound();
    throw e;
  }
}

export default async function NamespacePage({ params, searchParams }: { params: Promise<{ ns: string }>; searchParams: PageSearchParams }) {
  const access = await pageAccess();
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token' || access.mode === 'oidc'} />;
  const namespace = namespaceFromPath((await params).ns);
  const state = await prefetchNamespace(namespace, await pageParams(searchParams));
  return (
    <main>
      <nav aria-label="Breadcrumb" className="muted">
        <Link href="/">Overview</Link> / <Link href="/migration">Migration</Link> / namespace
      </nav>
      <h1>Namespace {namespace}</h1>
      <HydrationBoundary state={state}>
        <NamespaceViewClient namespace={namespace} />
      </HydrationBoundary>
    </main>
  );
}
