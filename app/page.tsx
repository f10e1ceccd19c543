import { ExportMenu } from '@/components/posture/export-menu';
import { NamespaceCoverageTable } from '@/components/posture/namespace-coverage-table';
import { headers } from 'next/headers';
import { AccessDenied } from '@/components/ui/access-denied';
import { acceptsPlaintext } from '@/lib/mesh/coverage';
import { checkAccess } from '@/lib/server/access';
import { getPostureState } from '@/lib/server/posture-store';

// The posture depends on the configured source at run time, never on build-time data.
export const dynamic = 'force-dynamic';

function pct(part: number, total: number): string {
  return total === 0 ? '–' : `${Math.round((1000 * part) / total) / 10}%`;
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = checkAccess(new Headers(await headers()));
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token'} />;
  const namespaceFilter = (await searchParams)['namespace'];
  const { snapshot, computation, loadedAt } = await getPostureState();
  const { model } = computation;
  const unknownKinds = Object.entries(snapshot.kinds).filter(([, k]) => k.status !== 'ok');
  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const f of model.findings) bySeverity[f.severity] += 1;
  const plaintext = model.workloads.filter((w) => acceptsPlaintext(w.mtls)).length;
  return (
    <main>
      <p className="muted">
        Source <strong>{model.source}</strong>, data as of <time dateTime={loadedAt}>{loadedAt}</time>
      </p>
      <ExportMenu filters={{ namespace: typeof namespaceFilter === 'string' ? namespaceFilter : null }} />
      {unknownKinds.length > 0 && (
        <div role="alert" className="banner">
          Some data could not be read, so verdicts that depend on it are shown as unknown:{' '}
          {unknownKinds.map(([kind, k]) => `${kind} (${k.status})`).join(', ')}
        </div>
      )}
      <dl className="summary">
        <div className="card"><dt>Mesh phase</dt><dd data-testid="mesh-phase">{model.mesh.phase}</dd></div>
        <div className="card"><dt>Workloads enforcing mTLS</dt><dd data-testid="workload-strict">{pct(model.mesh.coverage.strict, model.mesh.coverage.total)}</dd></div>
        <div className="card"><dt>Ports enforcing mTLS</dt><dd>{pct(model.mesh.portCoverage.strict, model.mesh.portCoverage.total)}</dd></div>
        <div className="card"><dt>Workloads accepting plaintext</dt><dd data-testid="plaintext-workloads">{plaintext}</dd></div>
        <div className="card"><dt>Findings</dt><dd>{bySeverity.error} errors · {bySeverity.warning} warnings · {bySeverity.info} info</dd></div>
      </dl>
      <h2>mTLS coverage per namespace</h2>
      <NamespaceCoverageTable
        rows={model.namespaces.map((ns) => ({ name: ns.name, phase: ns.phase, dataplane: ns.dataplaneMode, ...ns.coverage }))}
      />
    </main>
  );
}
