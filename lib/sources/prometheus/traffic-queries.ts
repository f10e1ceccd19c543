// The PromQL of observed traffic, defined apart from the client (the Kiali model). Every query aggregates with
// `sum by` the edge labels, so the answer grows with the number of (source, destination, policy) edges, never with
// pods or scrape jobs; range queries keep far under the HTTP API's 11,000-points-per-series limit (chooseStep).
//
// Label semantics (istio.io docs/reference/config/metrics, "Labels"):
// - `reporter` is `destination` for the server's proxy, `source` for the client's. Only the destination (and a
//   waypoint, `reporter="waypoint"`, which terminates the client's connection) knows how the connection arrived, so
//   source-reported series are never read: there `connection_security_policy` is always `unknown`.
// - TCP metrics are read from `reporter="destination"` only (sidecars and ztunnel), so a waypoint's own TCP series do
//   not count a connection twice; HTTP requests from `destination` (sidecars) and `waypoint` (ambient with a waypoint;
//   ztunnel reports no HTTP metrics).
// - `destination_port` is not a standard label: it is grouped on so that a mesh whose Telemetry adds it gets
//   per-port figures; elsewhere it is empty.
import type { TrafficMetric } from '@/lib/snapshot/traffic-types';

export const EDGE_LABELS = [
  'reporter',
  'source_workload_namespace',
  'source_workload',
  'source_principal',
  'destination_workload_namespace',
  'destination_workload',
  'destination_port',
  'connection_security_policy',
] as const;

const METRIC_SELECTORS: Readonly<Record<TrafficMetric, { readonly name: string; readonly reporters: string }>> = {
  requests: { name: 'istio_requests_total', reporters: 'reporter=~"destination|waypoint"' },
  connections: { name: 'istio_tcp_connections_opened_total', reporters: 'reporter="destination"' },
  'bytes-received': { name: 'istio_tcp_received_bytes_total', reporters: 'reporter="destination"' },
  'bytes-sent': { name: 'istio_tcp_sent_bytes_total', reporters: 'reporter="destination"' },
};

const BY_EDGE = `sum by (${EDGE_LABELS.join(', ')})`;

function selector(metric: TrafficMetric, extra = ''): string {
  const s = METRIC_SELECTORS[metric];
  return `${s.name}{${s.reporters}${extra}}`;
}

/** Increase of each edge over `rangeSeconds` before the evaluation time (an instant query). */
export function edgeTotalQuery(metric: TrafficMetric, rangeSeconds: number): string {
  return `${BY_EDGE} (increase(${selector(metric)}[${rangeSeconds}s]))`;
}

/**
 * The steps at which an edge that is not mutual_tls carried anything (a range query): `> 0` keeps only the active
 * points, so a mesh that is mostly mTLS answers with little.
 */
export function plaintextActivityQuery(metric: TrafficMetric, stepSeconds: number): string {
  return `${BY_EDGE} (increase(${selector(metric, ',connection_security_policy!="mutual_tls"')}[${stepSeconds}s])) > 0`;
}

/** Whether Prometheus held any Istio traffic series at each step (a range query): scrape coverage of the window. */
export function coverageQuery(): string {
  return `count(${selector('requests')}) or count(${selector('connections')})`;
}

/**
 * Shadow-rule statistics of dry-run AuthorizationPolicies per pod (istio.io tasks/security/authorization/authz-dry-run:
 * `envoy_http_inbound_0_0_0_0_80_rbac{authz_dry_run_action="deny",authz_dry_run_result="denied"}`). The metric name
 * carries the listener, so there is one name per port: the name is copied into a label before `increase` (which drops
 * names and would otherwise see duplicate series), through a subquery at the step.
 */
export function dryRunQuery(windowSeconds: number, stepSeconds: number): string {
  const series = `label_replace({__name__=~"envoy_(http|tcp)_.*rbac.*",authz_dry_run_result!=""}, "stat", "$1", "__name__", "(.+)")`;
  return `sum by (namespace, pod, kubernetes_namespace, kubernetes_pod_name, authz_dry_run_action, authz_dry_run_result) (increase(${series}[${windowSeconds}s:${stepSeconds}s]))`;
}

const STEPS = [300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400] as const;
/** Points per series we aim for: first/last plaintext time at a useful resolution, answers kept small. */
const TARGET_POINTS = 1500;
/** The HTTP API refuses range queries of more points than this per series. */
export const MAX_POINTS = 11_000;

/** The finest step that keeps a window under TARGET_POINTS (5 minutes for a day, 15 minutes for 14 days). */
export function chooseStep(windowSeconds: number): number {
  return STEPS.find((s) => windowSeconds / s <= TARGET_POINTS) ?? Math.ceil(windowSeconds / TARGET_POINTS);
}
