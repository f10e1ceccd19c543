// What one observed series says about how its traffic arrived, from Istio's label semantics:
// - `connection_security_policy` is only meaningful where the server side reports it (`reporter="destination"`, or
//   a waypoint, `reporter="waypoint"`): `mutual_tls` when Istio mTLS secured the connection, `none` when it arrived in
//   plaintext at an Envoy (sidecar or waypoint). On `reporter="source"` it is always `unknown` and says nothing about
//   plaintext (istio.io docs/reference/config/metrics, "Connection Security Policy").
// - ztunnel knows only `mutual_tls` and `unknown` (istio/ztunnel:src/proxy/metrics.rs `SecurityPolicy`), and reports
//   a plaintext connection into a captured pod as `unknown` at `reporter="destination"` (inbound passthrough,
//   istio/ztunnel:src/proxy/inbound_passthrough.rs): for an ambient destination, destination-reported `unknown` is
//   plaintext.
// Anything else (an `unknown` at a sidecar, a value Istio never writes) cannot be told: 'unclassified', which keeps a
// workload out of `ready`.
import type { Dataplane } from '../model';

export const TRANSPORTS = ['mtls', 'plaintext', 'unclassified'] as const;
export type ObservedTransport = (typeof TRANSPORTS)[number];

export interface SeriesLabels {
  readonly reporter: string;
  readonly securityPolicy: string;
}

/** null: a series that says nothing about the destination's side (source-reported). */
export function classifyTransport(series: SeriesLabels, destination: Dataplane): ObservedTransport | null {
  if (series.reporter !== 'destination' && series.reporter !== 'waypoint') return null;
  switch (series.securityPolicy) {
    case 'mutual_tls':
      return 'mtls';
    case 'none':
      return 'plaintext';
    case 'unknown':
      return series.reporter === 'destination' && destination === 'ambient' ? 'plaintext' : 'unclassified';
    default:
      return 'unclassified';
  }
}

/** `ns/workload` of the sender, or `unknown` when the sender sent no peer metadata (a client without a proxy). */
export function sourceName(namespace: string, workload: string): string {
  return namespace === 'unknown' || workload === 'unknown' || namespace === '' || workload === '' ? 'unknown' : `${namespace}/${workload}`;
}
