import { HydrationBoundary } from '@tanstack/react-query';
import { CertificatesViewClient } from '@/components/posture/certificates/certificates-view';
import { AccessDenied } from '@/components/ui/access-denied';
import { certificatesQueryOptions, parseCertificatesFilters } from '@/lib/api/views/certificates';
import { pageAccess, pageParams, prefetchView, type PageSearchParams } from '@/lib/server/prefetch-view';
import { buildCertificatesView } from '@/lib/server/views/certificates';

// The posture depends on the configured source at run time, never on build-time data.
export const dynamic = 'force-dynamic';

export default async function CertificatesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const access = await pageAccess();
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token' || access.mode === 'oidc'} />;
  const params = await pageParams(searchParams);
  const state = await prefetchView(certificatesQueryOptions(parseCertificatesFilters(params)).queryKey, buildCertificatesView, params);
  return (
    <main>
      <h1>Certificates</h1>
      <HydrationBoundary state={state}>
        <CertificatesViewClient />
      </HydrationBoundary>
    </main>
  );
}
