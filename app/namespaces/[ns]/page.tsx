import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ExportMenu } from '@/components/posture/export-menu';
import { PhaseChecklist } from '@/components/posture/phase-checklist';
import { WorkloadsTable } from '@/components/posture/workloads-table';
import { AccessDenied } from '@/components/ui/access-denied';
import { checkAccess } from '@/lib/server/access';
import { getPostureState } from '@/lib/server/posture-store';

export const dynamic = 'force-dynamic';

function certificateText(c: { status: string; notAfter: string | null } | null): string {
  if (!c) return '—';
  return c.notAfter ? `${c.status} (not after ${c.notAfter})` : c.status;
}

export default async function NamespacePage({ params }: { params: Promise<{ ns: string }> }) {
  const access = checkAccess(new Headers(await headers()));
  if (!access.allowed) return <AccessDenied reason={access.reason} canSignIn={access.mode === 'token'} />;
  const { ns } = await params;
  const name = decodeURIComponent(ns);
  const { computation, loadedAt } = await getPostureState();
  const { model } = computation;
  const namespace = model.namespaces.find((n) => n.name === name);
  if (!namespace) notFound();
  const workloads = model.workloads.filter((w) => w.namespace === name);
  const findings = model.findings.filter((f) => f.namespace === name);
  const c = namespace.coverage;
  return (
    <main>
      <p className="muted">
        <Link href="/">Overview</Link> / namespace, data as of <time dateTime={loadedAt}>{loadedAt}</time>
      </p>
      <h2>Namespace {name}</h2>
      <ExportMenu filters={{ namespace: name }} />
      <dl className="summary">
        <div className="card"><dt>Migration phase</dt><dd data-testid="namespace-phase">{namespace.phase}</dd></div>
        <div className="card"><dt>Workloads STRICT</dt><dd>{c.strict} of {c.total}</dd></div>
        <div className="card"><dt>Accepting plaintext</dt><dd>{c.permissive + c.disable + c.none}</dd></div>
        <div className="card"><dt>Namespace-level mode</dt><dd>{namespace.namespaceMode}</dd></div>
      </dl>
      {workloads.length === 0 && <p role="status">This namespace has no workloads.</p>}
      <h3>Migration checklist</h3>
      <PhaseChecklist items={namespace.checks} />
      <h3>Workloads</h3>
      <WorkloadsTable
        rows={workloads.map((w) => ({
          pod: w.pod,
          dataplane: w.dataplane,
          mode: w.mtls.mode,
          ports: w.mtls.ports,
          policy: w.mtls.policy,
          certificate: certificateText(w.certificate),
          authorization: w.authz.coverage,
          predicted: w.predictedFrom !== null,
        }))}
      />
      <h3>Findings</h3>
      {findings.length === 0 ? (
        <p>No findings in this namespace.</p>
      ) : (
        <ul>
          {findings.map((f) => (
            <li key={`${f.code}-${f.objects.join(',')}`}>
              <strong>{f.severity}</strong> {f.code}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
