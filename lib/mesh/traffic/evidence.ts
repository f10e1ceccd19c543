// Observed traffic as evidence on the migration board and in MP106 (ARCHITECTURE §3: phase 1 is "traffic observed,
// mTLS coverage measured"; phase 2 switches namespaces to STRICT one by one). With traffic read:
// - a namespace not yet at phase 2 gets the checklist item `strict-evidence` (phase 2): passed when it is `ready` on
//   evidence, failed when plaintext blocks it (naming the senders), unknown otherwise. Such a namespace is below phase 2
//   already, so the item informs the next step without moving the phase computed from configuration;
// - MP106 ("ready for STRICT" from configuration) stands only where the evidence agrees, with "plaintext-free since"
//   added; where it does not, the finding is replaced by one that says why (never dropped silently).
// Without traffic the model is returned unchanged.
import type { Finding, NamespacePosture, PhaseCheck, PostureModel } from '../model';
import type { NamespaceReadiness, TrafficModel } from './traffic-model';

export const STRICT_EVIDENCE_CHECK = 'strict-evidence';

const STATE_OF: Readonly<Record<NamespaceReadiness['strictReadiness'], PhaseCheck['state']>> = { ready: 'passed', blocked: 'failed', 'no-traffic': 'unknown', unknown: 'unknown' };

function evidenceCheck(r: NamespaceReadiness, traffic: TrafficModel, blockedPods: ReadonlyMap<string, readonly string[]>): PhaseCheck {
  const since = r.strictReadiness === 'ready' && r.plaintextFreeSince ? `; plaintext-free since ${r.plaintextFreeSince}` : '';
  return {
    id: STRICT_EVIDENCE_CHECK,
    phase: 2,
    title: `Observed traffic: only mTLS for the last ${traffic.evidenceDays} days (ready for STRICT on evidence)`,
    state: STATE_OF[r.strictReadiness],
    detail: `${r.strictReadiness}: ${r.reason}${since}`,
    objects: blockedPods.get(r.namespace) ?? [],
  };
}

function withEvidence(ns: NamespacePosture, readiness: ReadonlyMap<string, NamespaceReadiness>, traffic: TrafficModel, blockedPods: ReadonlyMap<string, readonly string[]>): NamespacePosture {
  const r = readiness.get(ns.name);
  if (!r || ns.phase >= 2) return ns;
  return { ...ns, checks: [...ns.checks, evidenceCheck(r, traffic, blockedPods)] };
}

/** Namespace → `Pod/ns/name` of its workloads blocked by plaintext (one pass over the workloads). */
function blockedPodsByNamespace(traffic: TrafficModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const w of traffic.workloads) {
    if (w.strictReadiness !== 'blocked') continue;
    let list = out.get(w.namespace);
    if (!list) out.set(w.namespace, (list = []));
    for (const pod of w.pods) list.push(`Pod/${w.namespace}/${pod}`);
  }
  return out;
}

function mp106WithEvidence(f: Finding, readiness: ReadonlyMap<string, NamespaceReadiness>, traffic: TrafficModel): Finding {
  const r = f.namespace === null ? undefined : readiness.get(f.namespace);
  if (!r) return f;
  if (r.strictReadiness === 'ready') {
    return { ...f, message: `${f.message}; observed traffic agrees: only mTLS for the last ${traffic.evidenceDays} days, plaintext-free since ${r.plaintextFreeSince ?? traffic.window.start}` };
  }
  const head = f.message.replace(/: it is ready for STRICT$/, '');
  return {
    ...f,
    message: `${head}, but observed traffic does not show it ready for STRICT (${r.strictReadiness}: ${r.reason})`,
  };
}

export function applyTrafficEvidence(model: PostureModel, traffic: TrafficModel | null): PostureModel {
  if (!traffic) return model;
  const readiness = new Map(traffic.namespaces.map((n) => [n.namespace, n]));
  const blockedPods = blockedPodsByNamespace(traffic);
  return {
    ...model,
    namespaces: model.namespaces.map((ns) => withEvidence(ns, readiness, traffic, blockedPods)),
    findings: model.findings.map((f) => (f.code === 'MP106' ? mp106WithEvidence(f, readiness, traffic) : f)),
  };
}
