import 'server-only';
// Builds the namespace view: the engine's verdicts for one namespace (coverage, phase checklist, workloads page,
// policies, findings). Filtering, sorting and paging of workloads happen here so a namespace of thousands of pods
// sends one page. An unknown namespace is a ViewError 'not-found' (404), never an empty page.
import { pageOf } from '@/lib/api/paging';
import {
  parseNamespaceFilters,
  type NamespaceFindingDto,
  type NamespacePolicyDto,
  type NamespaceView,
  type NamespaceTrafficDto,
  type PhaseCheckDto,
  type WorkloadRowDto,
  type WorkloadSortKey,
} from '@/lib/api/views/namespace';
import { acceptsPlaintext } from '@/lib/mesh/coverage';
import { AUTHZ_COVERAGE, EFFECTIVE_MODES, SEVERITIES, type PhaseCheck, type WorkloadPosture } from '@/lib/mesh/model';
import { isApplicationNamespace } from '@/lib/mesh/phases/assess-phases';
import { policiesInForce } from '@/lib/report/report-model';
import type { PostureState } from '../posture-store';
import { modelForViews, preparedTraffic, toEvidenceDto, type PreparedTrafficView } from './traffic-brief';
import { ViewError } from '../view-errors';

/** Findings listed on the page; a namespace with more says how many were left out (the Findings view has them all). */
export const MAX_NAMESPACE_FINDINGS = 200;

const POLICY_KINDS = ['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication', 'DestinationRule', 'EnvoyFilter', 'Telemetry'] as const;

/**
 * A checklist item for the API. `nextPhase` is the phase the namespace (or mesh) is working towards: its failed and
 * unknown items are what blocks it (phaseFromChecks in lib/mesh/phases: every earlier item has passed).
 */
export function toPhaseCheckDto(check: PhaseCheck, nextPhase: number, maxObjects: number): PhaseCheckDto {
  return {
    id: check.id,
    phase: check.phase,
    title: check.title,
    state: check.state,
    detail: check.detail,
    objects: check.objects.slice(0, maxObjects),
    objectsOmitted: Math.max(0, check.objects.length - maxObjects),
    blocksNextPhase: check.phase === nextPhase && check.state !== 'passed',
  };
}

const rank = <T extends string>(order: readonly T[]) => (value: string) => {
  const i = (order as readonly string[]).indexOf(value);
  return i === -1 ? order.length : i;
};
const modeRank = rank(EFFECTIVE_MODES);
const authzRank = rank(AUTHZ_COVERAGE);

const COMPARE: Readonly<Record<WorkloadSortKey, (a: WorkloadRowDto, b: WorkloadRowDto) => number>> = {
  pod: (a, b) => a.pod.localeCompare(b.pod),
  dataplane: (a, b) => a.dataplane.localeCompare(b.dataplane),
  mode: (a, b) => modeRank(a.mode) - modeRank(b.mode),
  // Soonest expiry first; unknown expiry sorts after every known one.
  certificate: (a, b) => (a.certificate?.remainingSeconds ?? Infinity) - (b.certificate?.remainingSeconds ?? Infinity) || 0,
  authorization: (a, b) => authzRank(a.authorization) - authzRank(b.authorization),
};

function toWorkloadRow(w: WorkloadPosture): WorkloadRowDto {
  return {
    pod: w.pod,
    predictedFrom: w.predictedFrom ? `${w.predictedFrom.kind}/${w.predictedFrom.name}` : null,
    serviceAccount: w.serviceAccount,
    isGateway: w.isGateway,
    dataplane: w.dataplane,
    mode: w.mtls.mode,
    modeReason: w.mtls.unknownReason ?? null,
    modePolicy: w.mtls.policy,
    portExceptions: Object.entries(w.mtls.ports)
      .filter(([, mode]) => mode !== w.mtls.mode)
      .map(([port, mode]) => ({ port, mode })),
    certificate: w.certificate ? { status: w.certificate.status, notAfter: w.certificate.notAfter, remainingSeconds: w.certificate.remainingSeconds } : null,
    authorization: w.authz.coverage,
    authorizationPolicies: w.authz.policies.length,
  };
}

export function buildNamespaceView(state: PostureState, namespace: string, params: URLSearchParams): NamespaceView {
  const { index } = state.computation;
  const model = modelForViews(state);
  const traffic = preparedTraffic(state);
  const ns = model.namespaces.find((n) => n.name === namespace);
  if (!ns) throw new ViewError('not-found', `namespace ${JSON.stringify(namespace.slice(0, 253))} is not in the mesh snapshot`);
  const filters = parseNamespaceFilters(params);

  const workloads = model.workloads.filter((w) => w.namespace === namespace);
  const needle = filters.q.toLowerCase();
  const rows = workloads.filter((w) => !needle || w.pod.toLowerCase().includes(needle)).map(toWorkloadRow);
  const compare = COMPARE[filters.sort];
  const sign = filters.dir === 'asc' ? 1 : -1;
  rows.sort((a, b) => sign * compare(a, b) || a.pod.localeCompare(b.pod));

  const policies: NamespacePolicyDto[] = policiesInForce(index.snapshot)
    .filter((p) => p.namespace === namespace)
    .sort((a, b) => POLICY_KINDS.indexOf(a.kind) - POLICY_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name))
    .map((p) => ({ kind: p.kind, name: p.name, summary: p.summary }));
  const unreadablePolicyKinds = POLICY_KINDS.flatMap((kind) => {
    const k = index.snapshot.kinds[kind];
    return k.status === 'ok' ? [] : [{ kind, status: k.status, reason: k.reason ?? null }];
  });

  const findings: NamespaceFindingDto[] = model.findings
    .filter((f) => f.namespace === namespace)
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.code.localeCompare(b.code))
    .map((f) => ({ code: f.code, severity: f.severity, message: f.message, objects: f.objects }));

  return {
    name: ns.name,
    phase: ns.phase,
    dataplane: ns.dataplaneMode,
    namespaceMode: ns.namespaceMode,
    countsTowardMeshPhase: isApplicationNamespace(ns, index),
    coverage: ns.coverage,
    portCoverage: ns.portCoverage,
    plaintextWorkloads: workloads.filter((w) => acceptsPlaintext(w.mtls)).length,
    checks: ns.checks.map((c) => toPhaseCheckDto(c, ns.phase + 1, 50)),
    workloads: pageOf(rows, filters.page, filters.pageSize),
    policies,
    unreadablePolicyKinds,
    findings: findings.slice(0, MAX_NAMESPACE_FINDINGS),
    findingsOmitted: Math.max(0, findings.length - MAX_NAMESPACE_FINDINGS),
    traffic: traffic ? { ...traffic.brief, evidence: namespaceEvidence(traffic, namespace) } : null,
  };
}

/** The namespace's readiness on observed traffic and the workloads that received plaintext in the window. */
function namespaceEvidence(traffic: PreparedTrafficView, namespace: string): NamespaceTrafficDto['evidence'] {
  const readiness = traffic.namespaces.get(namespace);
  return {
    readiness: readiness ? toEvidenceDto(readiness) : null,
    plaintextWorkloads: (traffic.workloadsByNamespace.get(namespace) ?? [])
      .filter((w) => w.plaintext > 0 || w.lastPlaintextAt !== null)
      .slice(0, MAX_NAMESPACE_FINDINGS)
      .map((w) => ({ workload: w.workload, strictReadiness: w.strictReadiness, plaintext: w.plaintext, plaintextSources: w.plaintextSources, lastPlaintextAt: w.lastPlaintextAt })),
  };
}

/** The namespace view as a ViewBuilder for one path parameter (route handler and page). */
export function namespaceViewBuilder(namespace: string) {
  return (state: PostureState, params: URLSearchParams): NamespaceView => buildNamespaceView(state, namespace, params);
}

/**
 * The namespace from a `[ns]` path segment. Next does not percent-decode app-router params (vercel/next.js#48058);
 * a malformed escape is kept as typed, so it simply names no namespace (404) instead of throwing.
 */
export function namespaceFromPath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
