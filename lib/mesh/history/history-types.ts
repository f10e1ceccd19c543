// The shapes of posture history (issue #12): what one posture is reduced to before it is stored (PostureDigest), and
// what changed between two consecutive ones (PostureDelta). Plain data; lib/store persists it, the CLI, the server
// and /metrics present it.
import type { CoverageCounts, Dataplane, EffectiveMode, Phase, Severity } from '../model';
import type { TrafficDay } from './traffic-daily';

/** The controller-level workload (Deployment, StatefulSet…), so pod churn is not a change. */
export interface WorkloadRef {
  readonly namespace: string;
  readonly workload: string;
}

/** One workload and port (port null: a workload that declares no port) as one posture left it. */
export interface PortState extends WorkloadRef {
  readonly port: number | null;
  readonly mode: EffectiveMode;
  readonly dataplane: Dataplane;
}

export interface OpenFinding {
  /** code + restart-proof object ids (see workload-identity.ts). */
  readonly key: string;
  readonly code: string;
  readonly severity: Severity;
  readonly namespace: string | null;
  readonly objects: readonly string[];
  readonly message: string;
}

export interface WorkloadCertificate extends WorkloadRef {
  readonly serial: string;
  readonly notAfter: string | null;
}

export interface NamespaceSummary {
  readonly name: string;
  readonly phase: Phase;
  readonly workloads: CoverageCounts;
  readonly ports: CoverageCounts;
}

/** What a record keeps of a posture once its detail is gone: counts, phases, findings by severity. */
export interface PostureSummary {
  readonly mesh: { readonly phase: Phase; readonly workloads: CoverageCounts; readonly ports: CoverageCounts };
  readonly namespaces: readonly NamespaceSummary[];
  readonly findings: Readonly<Record<Severity, number>>;
}

export interface PostureDigest {
  /** When the posture was computed (RFC 3339). */
  readonly at: string;
  readonly source: string;
  readonly summary: PostureSummary;
  readonly ports: readonly PortState[];
  /** Per workload ('ns/workload'): the object ids that decided its mode (the policies of its mTLS chain). */
  readonly deciders: Readonly<Record<string, readonly string[]>>;
  readonly findings: readonly OpenFinding[];
  readonly certificates: readonly WorkloadCertificate[];
  /** Object id → content fingerprint, for every object that can decide a mode (see posture-digest.ts). */
  readonly objects: Readonly<Record<string, string>>;
}

export const CAUSE_CHANGES = ['added', 'modified', 'removed'] as const;
export type CauseChange = (typeof CAUSE_CHANGES)[number];

export interface ChangeCause {
  readonly kind: string;
  /** '' for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
  readonly change: CauseChange;
}

/** One workload and port whose effective mode or dataplane changed; from / to null when it appeared / went away. */
export interface PostureChange extends WorkloadRef {
  readonly at: string;
  readonly port: number | null;
  readonly from: EffectiveMode | null;
  readonly to: EffectiveMode | null;
  readonly dataplane: { readonly from: Dataplane | null; readonly to: Dataplane | null };
  /** STRICT before, anything else (or gone) after. */
  readonly regression: boolean;
  readonly causes: readonly ChangeCause[];
}

export interface PhaseTransition {
  readonly namespace: string;
  readonly from: Phase | null;
  readonly to: Phase | null;
}

export interface CertificateRotation extends WorkloadRef {
  readonly previousSerial: string;
  readonly serial: string;
  readonly notAfter: string | null;
}

export interface PostureDelta {
  readonly at: string;
  readonly changes: readonly PostureChange[];
  readonly openedFindings: readonly OpenFinding[];
  readonly closedFindings: readonly OpenFinding[];
  readonly phases: readonly PhaseTransition[];
  readonly rotations: readonly CertificateRotation[];
  /** Nothing recorded would differ: the same ports, findings, phases, certificates and summary. */
  readonly identical: boolean;
}

/** A change as the history store returns it: with the source it was recorded from. */
export interface RecordedChange extends PostureChange {
  readonly source: string;
}

/** A recorded posture: its time, source and summary. */
export interface RecordedPosture {
  readonly at: string;
  readonly source: string;
  /** With a namespace filter, only that namespace's entry is kept in summary.namespaces. */
  readonly summary: PostureSummary;
  /** A daily summary: the last posture of its day, kept after the detail was compacted. */
  readonly daily: boolean;
}

/** A finding from when it opened to when it closed (null: still open). */
export interface FindingSpan {
  readonly source: string;
  /** The finding's identity across postures: its code and its objects, pods by workload (workload-identity.ts). */
  readonly key: string;
  readonly code: string;
  readonly severity: Severity;
  readonly namespace: string | null;
  readonly objects: readonly string[];
  readonly message: string;
  readonly openSince: string;
  readonly closedAt: string | null;
}

/** A namespace in one migration phase from when it entered it to when it left it (null: current). */
export interface PhaseSpan {
  readonly source: string;
  readonly namespace: string;
  readonly phase: Phase;
  readonly enteredAt: string;
  readonly leftAt: string | null;
}

export interface RecordedRotation extends CertificateRotation {
  readonly source: string;
  readonly at: string;
}

/** Observed plaintext of one destination workload on one UTC day (traffic-daily.ts), as the store returns it. */
export interface RecordedTrafficDay extends TrafficDay {
  readonly source: string;
}

/** What a history query returns (`mesh-posture history --format json`, docs/history.md). */
export interface PostureHistory {
  readonly records: readonly RecordedPosture[];
  readonly changes: readonly RecordedChange[];
  readonly findings: readonly FindingSpan[];
  readonly phases: readonly PhaseSpan[];
  readonly rotations: readonly RecordedRotation[];
  /** Present when observed traffic was recorded (`record --prometheus`, or a server with a Prometheus). */
  readonly traffic?: readonly RecordedTrafficDay[];
}
