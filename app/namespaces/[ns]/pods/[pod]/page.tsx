import { HydrationBoundary } from '@tanstack/react-query';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PodViewClient } from '@/components/posture/pod/pod-view';
import { AccessDenied } from '@/components/ui/access-denied';
import { decodePathSegment, parsePodFilters, podQueryOptions } from '@/lib/api/views/pod';
import { pageAccess, pageParams, prefetchView, type PageSearchParams } from '@/lib/server/prefetch-view';
import { ViewError } from '@/lib/server/view-errors';
import { podViewBuilder } from '@/lib/server/views/pod';

// The posture depends on the configured source at run time, never on build-time data.
export const dynamic = 'force-dynamic';

export default async function PodPage({ params, searchParams }: { params: Promise<{ ns: string; pod: string }>; searchParams: PageSearchParams }) {
  const access = await pageAccess();
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token' || access.mode === 'oidc'} />;
  const path = await params;
  const ns = decodePathSegment(path.ns);
  const pod = decodePathSegment(path.pod);
  const query = await pageParams(searchParams);
  let state;
  try {
    state = await prefetchView(podQueryOptions(parsePodFilters(ns, pod, query)).queryKey, podViewBuilder(ns, pod), query);
  } catch (e) {
    // An unknown pod, or a name no pod can have: the not-found page of this route.
    if (e instanceof ViewError && (e.code === 'not-found' || e.code === 'bad-request')) notFound();
    throw e;
  }
  return (
    <main>
      <nav aria-label="Breadcrumb" className="muted">
        <Link href="/">Overview</Link> / <Link href={`/namespaces/${encodeURIComponent(ns)}`}>{ns}</Link> / pod
      </nav>
      <h1>Pod {pod}</h1>
      <HydrationBoundary state={state}>
        <PodViewClient ns={ns} pod={pod} />
      </HydrationBoundary>
    </main>
  );
}
