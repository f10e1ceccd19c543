'use client';
// The text alternative of the topology diagram: one row per drawn edge, with its verdicts in words, the engine's
// reason for its representative connection, a link to that connection's handshake, and (with observed traffic) what
// flowed between the two namespaces, marked where the engine says the edge is denied or fails.
import Link from 'next/link';
import { handshakeHref } from '@/lib/api/views/handshake';
import type { TopologyEdgeDto } from '@/lib/api/views/topology';
import { DataTable, type Column } from '@/components/ui/data-table';

const TRANSPORT_CLASS: Readonly<Record<TopologyEdgeDto['transport'], string>> = {
  mtls: 'mode-strict',
  tls: 'mode-unknown',
  plaintext: 'mode-permissive',
  fails: 'state-failed',
  unknown: 'state-unknown',
  mixed: 'state-unknown',
};

const VERDICT_CLASS: Readonly<Record<TopologyEdgeDto['authz'], string>> = {
  allowed: 'state-passed',
  denied: 'state-failed',
  unknown: 'state-unknown',
  unreached: 'state-unknown',
  mixed: 'state-unknown',
};

const TRANSPORT_TEXT: Readonly<Record<TopologyEdgeDto['transport'], string>> = {
  mtls: 'mTLS',
  tls: 'app TLS',
  plaintext: 'plaintext',
  fails: 'would fail',
  unknown: 'unknown',
  mixed: 'mixed',
};

const VERDICT_TEXT: Readonly<Record<TopologyEdgeDto['authz'], string>> = {
  allowed: 'allowed',
  denied: 'denied',
  unknown: 'unknown',
  unreached: 'not reached',
  mixed: 'mixed',
};

function pairText(e: TopologyEdgeDto): string {
  const { from, to, port } = e.representative;
  return `${from ?? 'outside the mesh'} → ${to}:${port}`;
}

const COLUMNS: readonly Column<TopologyEdgeDto>[] = [
  { key: 'from', header: 'From', rowHeader: true, render: (e) => e.fromLabel },
  { key: 'to', header: 'To', render: (e) => e.toLabel },
  { key: 'ports', header: 'Service ports', render: (e) => e.ports.join(', ') },
  { key: 'transport', header: 'Transport', className: (e) => TRANSPORT_CLASS[e.transport], render: (e) => TRANSPORT_TEXT[e.transport] },
  { key: 'authz', header: 'Authorization', className: (e) => VERDICT_CLASS[e.authz], render: (e) => VERDICT_TEXT[e.authz] },
  { key: 'waypoints', header: 'Through waypoint', render: (e) => (e.waypoints.length > 0 ? e.waypoints.join(', ') : '—') },
  { key: 'connections', header: 'Connections', render: (e) => e.connections },
  {
    key: 'observed',
    header: 'Observed between the namespaces (mTLS / plaintext)',
    className: (e) => (e.observedButBlocked ? 'state-failed' : e.observed && e.observed.plaintext > 0 ? 'mode-permissive' : undefined),
    render: (e) =>
      e.observed === null
        ? '—'
        : `${e.observed.mtls.toLocaleString('en-US')} / ${e.observed.plaintext.toLocaleString('en-US')}${e.observedButBlocked ? ' — seen though the policies block it' : ''}`,
  },
  {
    key: 'why',
    header: 'Why (representative connection)',
    render: (e) => (
      <>
        <Link href={handshakeHref(e.representative.from, e.representative.to, e.representative.port)} prefetch={false} aria-label={`Handshake of ${pairText(e)}`}>
          {pairText(e)}
        </Link>
        {e.reason ? <span className="muted"> {e.reason}</span> : null}
      </>
    ),
  },
];

export function TopologyEdgeTable({ edges }: { readonly edges: readonly TopologyEdgeDto[] }) {
  return <DataTable label="Edges drawn in the topology" rows={edges} columns={COLUMNS} rowKey={(e) => `${e.from}\u0000${e.to}`} testId="topology-edges" />;
}
