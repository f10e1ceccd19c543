// Ambient pods: which waypoint carries the traffic addressed to each of the pod's Services and to its own IP, the
// policies enforced there (L7, with the client's identity) and what the pod's own ztunnel then sees (the waypoint's
// identity, at L4). Rendered only for ambient pods.
import type { PodView, PodWaypointDto } from '@/lib/api/views/pod';
import { DataTable, type Column } from '@/components/ui/data-table';

const STATE_TEXT: Readonly<Record<PodWaypointDto['state'], string>> = {
  bound: 'through waypoint',
  'opted-out': 'opted out (none)',
  unresolved: 'label binds no waypoint',
  unknown: 'unknown',
  none: 'no waypoint',
};

const STATE_CLASS: Readonly<Record<PodWaypointDto['state'], string>> = {
  bound: 'state-passed',
  'opted-out': '',
  unresolved: 'state-failed',
  unknown: 'state-unknown',
  none: '',
};

const COLUMNS: readonly Column<PodWaypointDto>[] = [
  { key: 'traffic', header: 'Traffic addressed to', rowHeader: true, render: (r) => (r.service ? `Service ${r.service}` : 'the pod IP') },
  { key: 'state', header: 'Route', className: (r) => STATE_CLASS[r.state], render: (r) => (r.waypoint && r.state === 'bound' ? `${STATE_TEXT[r.state]} ${r.waypoint}` : STATE_TEXT[r.state]) },
  { key: 'policies', header: 'Policies at the waypoint (L7)', render: (r) => (r.state !== 'bound' ? '—' : r.policiesAtWaypoint.length > 0 ? r.policiesAtWaypoint.join(', ') : 'none: the waypoint allows every request') },
  { key: 'seen', header: 'Source this pod\u2019s ztunnel sees', render: (r) => (r.sourceSeenByZtunnel ? <code>{r.sourceSeenByZtunnel}</code> : 'the client\u2019s identity') },
  { key: 'why', header: 'Why', render: (r) => <span className="muted">{r.reason}</span> },
];

export function PodWaypointSection({ data }: { readonly data: PodView }) {
  if (data.dataplane !== 'ambient') return null;
  return (
    <section aria-labelledby="waypoint-heading">
      <h2 id="waypoint-heading">Waypoint</h2>
      <p className="muted">
        Policies attached to a waypoint (targetRefs) see the client&apos;s identity and the whole request. The policies listed under Authorization that select this pod are
        enforced by its ztunnel at L4; for traffic through a waypoint, the source they see is the waypoint, not the original client.
      </p>
      <DataTable label="Waypoint per way of addressing this pod" rows={data.waypoints} columns={COLUMNS} rowKey={(r) => r.service ?? 'pod-ip'} testId="pod-waypoints" />
    </section>
  );
}
