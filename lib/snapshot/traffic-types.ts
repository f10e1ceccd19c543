// The TrafficSnapshot: what the Prometheus source read about observed traffic, as plain data (ARCHITECTURE §1,
// wave 2). Every string in it came from Prometheus labels and is hostile (§5); the reconciliation in lib/mesh/traffic
// only compares them with names from the mesh snapshot and the renderers escape them.

/**
 * ok: every query answered. not-configured: no Prometheus. unreachable / timeout: no answer. error: an answer that
 * is not a valid one (HTTP 5xx, bad JSON, too large, a query error). incomplete: answers, but the data does not cover
 * the evidence period (Prometheus holds too little history, or scrapes stopped for a while).
 */
export const TRAFFIC_STATUSES = ['ok', 'not-configured', 'unreachable', 'timeout', 'error', 'incomplete'] as const;
export type TrafficStatus = (typeof TRAFFIC_STATUSES)[number];

/** Istio's standard metrics read (istio.io docs/reference/config/metrics). */
export const TRAFFIC_METRICS = ['requests', 'connections', 'bytes-received', 'bytes-sent'] as const;
export type TrafficMetric = (typeof TRAFFIC_METRICS)[number];

/** One aggregated series (`sum by` the edge labels) of one metric over the window. */
export interface TrafficEdge {
  readonly metric: TrafficMetric;
  /** `reporter` label: destination, waypoint (source-reported series are not read). */
  readonly reporter: string;
  readonly sourceNamespace: string;
  readonly sourceWorkload: string;
  /** `source_principal`, e.g. spiffe://cluster.local/ns/shop/sa/web, or "unknown". */
  readonly sourcePrincipal: string;
  readonly destinationNamespace: string;
  readonly destinationWorkload: string;
  /** `destination_port`, when the mesh's Telemetry adds it (not a standard label); null otherwise. */
  readonly destinationPort: string | null;
  /** `connection_security_policy`: mutual_tls, none or unknown (see lib/mesh/traffic/classify.ts). */
  readonly securityPolicy: string;
  /** Increase over the whole window (requests, connections or bytes). */
  readonly total: number;
  /** Increase over the evidence period (the window's last `evidenceDays`). */
  readonly evidenceTotal: number;
  /** For series that are not mutual_tls: the first and last step with activity (RFC 3339, step resolution). */
  readonly firstActiveAt: string | null;
  readonly lastActiveAt: string | null;
  /**
   * For series that are not mutual_tls: the increase per UTC day of the window (the steps ending in it), for the
   * history's daily plaintext counts; absent when the edge carried nothing outside mTLS.
   */
  readonly nonMtlsByDay?: readonly { readonly day: string; readonly count: number }[];
}

/** Shadow-rule statistics of dry-run AuthorizationPolicies on one pod (istio.io tasks/security/authorization/authz-dry-run). */
export interface DryRunCount {
  readonly namespace: string;
  readonly pod: string;
  /** `authz_dry_run_action`: allow or deny (which kind of dry-run policy). */
  readonly action: string;
  /** `authz_dry_run_result`: allowed or denied (what it would have done). */
  readonly result: string;
  /** Requests over the window. */
  readonly count: number;
}

export interface TrafficSnapshot {
  readonly status: TrafficStatus;
  /** Why, when status is not ok. */
  readonly reason: string | null;
  /** The Prometheus read (base URL), or null. */
  readonly target: string | null;
  readonly window: { readonly start: string; readonly end: string; readonly stepSeconds: number };
  readonly evidenceStart: string;
  /** When the snapshot was read (RFC 3339). */
  readonly asOf: string;
  /** First step of the window at which Prometheus held Istio traffic series at all; null when none. */
  readonly dataSince: string | null;
  readonly edges: readonly TrafficEdge[];
  /** null when the dry-run statistics could not be read (with dryRunReason). */
  readonly dryRun: readonly DryRunCount[] | null;
  readonly dryRunReason: string | null;
  /** Series dropped as malformed or hostile (oversized labels, non-numeric values). */
  readonly droppedSeries: number;
  readonly queries: number;
}
