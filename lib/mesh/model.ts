// The PostureModel: everything the engine concludes from one MeshSnapshot. Plain data; the UI, API, CLI
// and reports only present it. Where the input was missing or forbidden the verdict is 'unknown' with a
// reason, never a secure default.
import type { AuthzAction, CertDataOrigin, MtlsMode } from '@/lib/snapshot/types';

export const DATAPLANES = ['sidecar', 'ambient', 'none'] as const;
export type Dataplane = (typeof DATAPLANES)[number];

/**
 * Effective inbound mode. NONE: no dataplane, the pod accepts whatever it is sent, in plaintext.
 * UNKNOWN: the policies that decide it could not be read; never counted as secure.
 */
export const EFFECTIVE_MODES = ['STRICT', 'PERMISSIVE', 'DISABLE', 'NONE', 'UNKNOWN'] as const;
export type EffectiveMode = (typeof EFFECTIVE_MODES)[number];

export const MTLS_LEVELS = ['default', 'mesh', 'namespace', 'workload', 'port'] as const;
export type MtlsLevel = (typeof MTLS_LEVELS)[number];

/** One step of the mesh → namespace → workload → port chain (istio-semantics §1.3). */
export interface MtlsChainStep {
  readonly level: MtlsLevel;
  /** 'ns/name' of the policy at this level, null for the built-in default. */
  readonly policy: string | null;
  readonly mode: MtlsMode;
  /** Port, for level 'port'. */
  readonly port?: number;
  /** Whether this step changed the mode (UNSET inherits and does not). */
  readonly applied: boolean;
}

export interface IgnoredPolicy {
  readonly policy: string;
  readonly reason: string;
}

export interface WorkloadMtls {
  /** Workload-level mode (what `istioctl x describe pod` prints). */
  readonly mode: EffectiveMode;
  /** Every declared container port and every portLevelMtls port of the winning workload policy → mode. */
  readonly ports: Readonly<Record<string, EffectiveMode>>;
  /** 'ns/name' of the policy that set the workload-level mode, null when it is the default. */
  readonly policy: string | null;
  readonly chain: readonly MtlsChainStep[];
  readonly ignored: readonly IgnoredPolicy[];
  /** Set when the verdict could not be computed from complete data (e.g. PeerAuthentication forbidden). */
  readonly unknownReason?: string;
}

export const CERT_STATUSES = ['expired', 'expiring', 'healthy', 'not-yet-valid', 'unknown'] as const;
export type CertStatus = (typeof CERT_STATUSES)[number];

export interface CertificatePosture {
  readonly namespace: string;
  readonly pod: string;
  readonly status: CertStatus;
  readonly spiffeId: string | null;
  readonly trustDomain: string | null;
  readonly serial: string | null;
  readonly notBefore: string | null;
  readonly notAfter: string | null;
  /** Seconds until notAfter at `now` (negative once expired); null when unknown. */
  readonly remainingSeconds: number | null;
  readonly origin: CertDataOrigin | null;
  readonly asOf: string | null;
  /** Issuer chain and roots as serial + notAfter, for the drill-down. */
  readonly chain: readonly { readonly serial: string; readonly subject: string; readonly notAfter: string; readonly isCA: boolean }[];
  readonly roots: readonly { readonly serial: string; readonly notAfter: string; readonly trustDomain: string | null; readonly status: CertStatus }[];
  /** Why a verdict is unknown or why it is flagged (expired, mismatch...). */
  readonly notes: readonly string[];
  readonly trustDomainMismatch: boolean;
}

export const AUTHZ_COVERAGE = ['allow-list', 'deny-only', 'deny-all', 'none', 'unknown'] as const;
/** allow-list: an ALLOW applies (default deny); deny-only: only DENY/CUSTOM; deny-all: an ALLOW that matches nothing; none: no policy. */
export type AuthzCoverage = (typeof AUTHZ_COVERAGE)[number];

export interface WorkloadAuthz {
  readonly coverage: AuthzCoverage;
  /** Applicable policies ('ns/name') in evaluation order: CUSTOM, DENY, ALLOW, then AUDIT; dry-run last. */
  readonly policies: readonly { readonly policy: string; readonly action: AuthzAction; readonly dryRun: boolean }[];
  readonly requestAuthentications: readonly string[];
}

export interface WorkloadPosture {
  readonly namespace: string;
  readonly pod: string;
  readonly serviceAccount: string;
  /** spiffe://<trustDomain>/ns/<ns>/sa/<sa> when the pod has a dataplane, else null. */
  readonly spiffeId: string | null;
  readonly dataplane: Dataplane;
  /** Gateway or waypoint pods are proxies themselves (ARCHITECTURE §4 conventions). */
  readonly isGateway: boolean;
  /** Set for a pod predicted from a controller's template (no such pod was in the source). */
  readonly predictedFrom: { readonly kind: string; readonly name: string } | null;
  readonly mtls: WorkloadMtls;
  readonly authz: WorkloadAuthz;
  readonly certificate: CertificatePosture | null;
}

export interface CoverageCounts {
  readonly total: number;
  readonly strict: number;
  readonly permissive: number;
  readonly disable: number;
  readonly none: number;
  /** Verdicts that could not be computed (PeerAuthentication unreadable). */
  readonly unknown: number;
}

export const PHASES = [0, 1, 2, 3, 4] as const;
export type Phase = (typeof PHASES)[number];

export const CHECK_STATES = ['passed', 'failed', 'unknown'] as const;
export type CheckState = (typeof CHECK_STATES)[number];

/** One checklist item of the migration board (ARCHITECTURE §3). */
export interface PhaseCheck {
  readonly id: string;
  /** The phase this item is required for. */
  readonly phase: Phase;
  readonly title: string;
  readonly state: CheckState;
  readonly detail: string;
  /** Object ids ('Kind/ns/name') behind the verdict. */
  readonly objects: readonly string[];
}

export interface NamespacePosture {
  readonly name: string;
  /** Workload coverage (a workload counts by its workload-level mode). */
  readonly coverage: CoverageCounts;
  /** Port coverage (every declared port of every workload). */
  readonly portCoverage: CoverageCounts;
  readonly phase: Phase;
  readonly checks: readonly PhaseCheck[];
  /** Namespace-level PeerAuthentication mode as istiod infers it for clients (§1.3 last bullet). */
  readonly namespaceMode: MtlsMode | 'UNKNOWN';
  readonly dataplaneMode: Dataplane | 'mixed' | 'empty';
}

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  /** Object ids 'Kind/ns/name'. */
  readonly objects: readonly string[];
  readonly namespace: string | null;
  readonly message: string;
  readonly why: string;
  /** Commands to confirm on a live cluster (istioctl / kubectl / openssl). */
  readonly verify: readonly string[];
}

export interface MeshPosture {
  readonly phase: Phase;
  readonly checks: readonly PhaseCheck[];
  readonly coverage: CoverageCounts;
  readonly portCoverage: CoverageCounts;
  readonly rootNamespace: string;
  readonly trustDomain: string;
}

export interface PostureModel {
  readonly source: string;
  /** The `now` the verdicts were computed for (RFC 3339). */
  readonly now: string;
  readonly mesh: MeshPosture;
  readonly namespaces: readonly NamespacePosture[];
  readonly workloads: readonly WorkloadPosture[];
  readonly findings: readonly Finding[];
  readonly certificates: readonly CertificatePosture[];
}
