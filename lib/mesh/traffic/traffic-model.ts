// The TrafficModel: what observed traffic adds beside the posture (ARCHITECTURE §1 wave 2). It never changes a
// configuration verdict: it adds evidence (STRICT readiness), contradictions and suggestions. Plain data.
import type { TrafficStatus } from '@/lib/snapshot/traffic-types';
import type { Dataplane, EffectiveMode, Severity } from '../model';

/**
 * ready: traffic seen in the evidence period, all of it mTLS, no plaintext in it. blocked: plaintext in the evidence
 * period (by whom, last when). no-traffic: nothing seen in the evidence period, no evidence either way (never ready).
 * unknown: the metrics are unavailable or incomplete, or traffic whose security cannot be told.
 */
export const STRICT_READINESS = ['ready', 'blocked', 'no-traffic', 'unknown'] as const;
export type StrictReadiness = (typeof STRICT_READINESS)[number];

/** A sender named from configuration, not from telemetry: always marked inferred. */
export interface LikelySource {
  /** `ns/workload`. */
  readonly workload: string;
  readonly reason: string;
  readonly inferred: true;
}

/** Requests plus TCP connections opened, by how they arrived. */
export interface ObservedCounts {
  readonly requests: number;
  readonly mtls: number;
  readonly plaintext: number;
  readonly unclassified: number;
}

export interface ObservedPort extends ObservedCounts {
  readonly port: number;
}

export interface ObservedClient extends ObservedCounts {
  /** `ns/workload` or `unknown`. */
  readonly source: string;
  /** SPIFFE principals seen over mTLS (`source_principal`). */
  readonly principals: readonly string[];
  readonly lastPlaintextAt: string | null;
}

export interface SuggestedPolicy {
  /** Read-only YAML to copy; never applied by the product. */
  readonly yaml: string;
  readonly principals: readonly string[];
  /** Observed clients the suggested policy (with the policies in force) keeps allowing. */
  readonly keeps: readonly string[];
  /** Observed clients it would deny: plaintext and unknown senders, and principals that could not be written. */
  readonly denies: readonly { readonly source: string; readonly reason: string }[];
}

export interface ObservedWorkload extends ObservedCounts {
  readonly namespace: string;
  /** Istio's workload name (e.g. the Deployment): `destination_workload`. */
  readonly workload: string;
  readonly pods: readonly string[];
  readonly dataplane: Dataplane;
  /** Workload-level effective mode; 'mixed' when its pods differ. */
  readonly mode: EffectiveMode | 'mixed';
  /** Bytes received over connections by transport (TCP metrics). */
  readonly plaintextBytes: number;
  readonly plaintextSources: readonly string[];
  readonly likelySources: readonly LikelySource[];
  readonly firstPlaintextAt: string | null;
  readonly lastPlaintextAt: string | null;
  readonly strictReadiness: StrictReadiness;
  readonly readinessReason: string;
  /** Per port, when the mesh's telemetry labels `destination_port`; empty otherwise. */
  readonly ports: readonly ObservedPort[];
  readonly clients: readonly ObservedClient[];
  readonly suggestion: SuggestedPolicy | null;
}

export interface NamespaceReadiness {
  readonly namespace: string;
  readonly strictReadiness: StrictReadiness;
  readonly reason: string;
  /** The last plaintext into the namespace in the window, or the window start when none: "plaintext-free since". */
  readonly plaintextFreeSince: string | null;
  /** `ns/workload` or `unknown` senders of plaintext in the evidence period. */
  readonly blockingSources: readonly string[];
  readonly counts: Readonly<Record<StrictReadiness, number>>;
}

export interface TrafficContradiction {
  readonly code: string;
  readonly severity: Severity;
  readonly namespace: string;
  readonly workload: string;
  /** 'ns/name' of the policy whose verdict the traffic contradicts, or null. */
  readonly policy: string | null;
  /** What was observed, in one sentence. */
  readonly observed: string;
  readonly message: string;
  readonly why: string;
}

export interface DryRunOutcome {
  readonly namespace: string;
  readonly workload: string;
  /** 'ns/name' of the dry-run policies of that action that apply to the workload. */
  readonly policies: readonly string[];
  /** Which kind of dry-run policy: allow or deny. */
  readonly action: string;
  readonly wouldDeny: number;
  readonly wouldAllow: number;
}

export interface TrafficModel {
  readonly status: TrafficStatus;
  readonly reason: string | null;
  readonly window: { readonly start: string; readonly end: string; readonly stepSeconds: number };
  readonly evidenceDays: number;
  readonly evidenceStart: string;
  readonly dataSince: string | null;
  readonly workloads: readonly ObservedWorkload[];
  readonly namespaces: readonly NamespaceReadiness[];
  readonly contradictions: readonly TrafficContradiction[];
  /** Observed edges the engine was asked about for MP602/MP603, and those left unasked (a bound per reconciliation). */
  readonly edgesAsked: number;
  readonly edgesNotAsked: number;
  readonly dryRun: readonly DryRunOutcome[] | null;
  readonly dryRunReason: string | null;
  /** Destinations seen in telemetry that the posture does not hold (`ns/workload`), capped. */
  readonly unmatchedDestinations: readonly string[];
  readonly droppedSeries: number;
  readonly queries: number;
}
