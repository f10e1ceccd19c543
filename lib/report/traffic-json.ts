// The `traffic` section of the JSON report (docs/report-schema.md "traffic"): the TrafficModel reshaped for tools.
// Present only when a Prometheus was configured; its `status` says whether the figures can be trusted, and nothing is
// `ready` unless it is `ok`.
import type { ObservedWorkload, TrafficModel } from '@/lib/mesh/traffic';

/** One workload of the section (also the pod page's observed traffic). */
export function trafficWorkloadJson(w: ObservedWorkload) {
  return {
    namespace: w.namespace,
    workload: w.workload,
    dataplane: w.dataplane,
    mode: w.mode,
    requests: w.requests,
    mtls: w.mtls,
    plaintext: w.plaintext,
    unclassified: w.unclassified,
    plaintextBytes: w.plaintextBytes,
    plaintextSources: w.plaintextSources,
    likelySources: w.likelySources.map((s) => ({ workload: s.workload, reason: s.reason, inferred: s.inferred })),
    firstPlaintextAt: w.firstPlaintextAt,
    lastPlaintextAt: w.lastPlaintextAt,
    strictReadiness: w.strictReadiness,
    readinessReason: w.readinessReason,
    ports: w.ports.map((p) => ({ port: p.port, requests: p.requests, mtls: p.mtls, plaintext: p.plaintext, unclassified: p.unclassified })),
    clients: w.clients.map((c) => ({ source: c.source, principals: c.principals, requests: c.requests, mtls: c.mtls, plaintext: c.plaintext, unclassified: c.unclassified, lastPlaintextAt: c.lastPlaintextAt })),
    suggestion: w.suggestion ? { yaml: w.suggestion.yaml, principals: w.suggestion.principals, keeps: w.suggestion.keeps, denies: w.suggestion.denies.map((d) => ({ source: d.source, reason: d.reason })) } : null,
  };
}

export function buildTrafficJson(t: TrafficModel) {
  return {
    status: t.status,
    reason: t.reason,
    window: { start: t.window.start, end: t.window.end, stepSeconds: t.window.stepSeconds },
    evidenceDays: t.evidenceDays,
    evidenceStart: t.evidenceStart,
    dataSince: t.dataSince,
    workloads: t.workloads.map(trafficWorkloadJson),
    namespaces: t.namespaces.map((n) => ({
      namespace: n.namespace,
      strictReadiness: n.strictReadiness,
      reason: n.reason,
      plaintextFreeSince: n.plaintextFreeSince,
      blockingSources: n.blockingSources,
    })),
    contradictions: t.contradictions.map((c) => ({ code: c.code, severity: c.severity, namespace: c.namespace, workload: c.workload, policy: c.policy, observed: c.observed, message: c.message, why: c.why })),
    edgesAsked: t.edgesAsked,
    edgesNotAsked: t.edgesNotAsked,
    dryRun: t.dryRun ? t.dryRun.map((d) => ({ namespace: d.namespace, workload: d.workload, action: d.action, policies: d.policies, wouldDeny: d.wouldDeny, wouldAllow: d.wouldAllow })) : null,
    dryRunReason: t.dryRunReason,
    unmatchedDestinations: t.unmatchedDestinations,
    droppedSeries: t.droppedSeries,
    queries: t.queries,
  };
}

export type TrafficJson = ReturnType<typeof buildTrafficJson>;
