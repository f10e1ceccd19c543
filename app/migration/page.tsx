import { HydrationBoundary } from '@tanstack/react-query';
import { MigrationViewClient } from '@/components/posture/migration/migration-view';
import { AccessDenied } from '@/components/ui/access-denied';
import { migrationQueryOptions, parseMigrationFilters } from '@/lib/api/views/migration';
import { pageAccess, pageParams, prefetchView, type PageSearchParams } from '@/lib/server/prefetch-view';
import { buildMigrationView } from '@/lib/server/views/migration';

// The posture depends on the configured source at run time, never on build-time data.
export const dynamic = 'force-dynamic';

export default async function MigrationPage({ searchParams }: { searchParams: PageSearchParams }) {
  const access = await pageAccess();
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token' || access.mode === 'oidc'} />;
  const params = await pageParams(searchParams);
  const state = await prefetchView(migrationQueryOptions(parseMigrationFilters(params)).queryKey, buildMigrationView, params);
  return (
    <main>
      <h1>Migration</h1>
      <p className="muted">PERMISSIVE → STRICT → authorization, namespace by namespace: where each one stands and what blocks its next phase.</p>
      <HydrationBoundary state={state}>
        <MigrationViewClient />
      </HydrationBoundary>
    </main>
  );
}
