// STRICT readiness with evidence, per workload and per namespace. A table decides the workload state from what the
// evidence period holds, first match wins; a namespace is ready only when none of its workloads is blocked or unknown
// and at least one is ready. Missing or incomplete metrics are `unknown`, never `ready` (ARCHITECTURE §1 wave 2).
import type { TrafficStatus } from '@/lib/snapshot/traffic-types';
import type { Dataplane } from '../model';
import type { NamespaceReadiness, ObservedWorkload, StrictReadiness } from './traffic-model';

export interface EvidenceFacts {
  readonly status: TrafficStatus;
  readonly statusReason: string | null;
  readonly dataplane: Dataplane;
  readonly isGateway: boolean;
  /** Senders of plaintext in the evidence period (`ns/workload` or `unknown`). */
  readonly plaintextSenders: readonly string[];
  readonly lastPlaintextAt: string | null;
  /** Series of the evidence period whose transport cannot be told. */
  readonly unclassifiedInEvidence: number;
  /** mTLS requests and connections opened in the evidence period. */
  readonly mtlsInEvidence: number;
  /** mTLS bytes in the evidence period (a long-lived connection opened before it still counts as traffic). */
  readonly mtlsBytesInEvidence: number;
  readonly evidenceStart: string;
  readonly evidenceDays: number;
}

interface Rule {
  readonly when: (f: EvidenceFacts) => boolean;
  readonly state: StrictReadiness;
  readonly reason: (f: EvidenceFacts) => string;
}

const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;

const READINESS_RULES: readonly Rule[] = [
  { when: (f) => f.status !== 'ok', state: 'unknown', reason: (f) => `observed traffic is ${f.status}: ${f.statusReason ?? 'no reason given'}` },
  { when: (f) => f.isGateway, state: 'unknown', reason: () => 'a gateway takes traffic from outside the mesh: its STRICT readiness is not judged from traffic' },
  { when: (f) => f.dataplane === 'none', state: 'unknown', reason: () => 'no sidecar or ztunnel: nothing reports how traffic arrives, and nothing could enforce STRICT' },
  {
    when: (f) => f.plaintextSenders.length > 0,
    state: 'blocked',
    reason: (f) => `plaintext in the last ${days(f.evidenceDays)} from ${f.plaintextSenders.join(', ')}, last at ${f.lastPlaintextAt ?? 'an unknown time'}`,
  },
  {
    when: (f) => f.unclassifiedInEvidence > 0,
    state: 'unknown',
    reason: (f) => `traffic in the last ${days(f.evidenceDays)} whose security the metrics do not tell (connection_security_policy unknown at a sidecar, or a value Istio does not write)`,
  },
  {
    when: (f) => f.mtlsInEvidence > 0 || f.mtlsBytesInEvidence > 0,
    state: 'ready',
    reason: (f) => `only mTLS since ${f.evidenceStart} (${f.mtlsInEvidence} requests or connections${f.mtlsBytesInEvidence > 0 ? `, ${f.mtlsBytesInEvidence} bytes` : ''}), no plaintext`,
  },
  { when: () => true, state: 'no-traffic', reason: (f) => `nothing observed in the last ${days(f.evidenceDays)}: no evidence either way` },
];

export function workloadReadiness(facts: EvidenceFacts): { state: StrictReadiness; reason: string } {
  const rule = READINESS_RULES.find((r) => r.when(facts))!;
  return { state: rule.state, reason: rule.reason(facts) };
}

const none = (): Record<StrictReadiness, number> => ({ ready: 0, blocked: 0, 'no-traffic': 0, unknown: 0 });

/** A namespace's readiness from its workloads (gateways left out: they take traffic from outside the mesh). */
export function namespaceReadiness(
  namespace: string,
  workloads: readonly ObservedWorkload[],
  gateways: ReadonlySet<ObservedWorkload>,
  status: TrafficStatus,
  statusReason: string | null,
  windowStart: string,
): NamespaceReadiness {
  const judged = workloads.filter((w) => !gateways.has(w));
  const counts = none();
  for (const w of judged) counts[w.strictReadiness] += 1;
  const names = (state: StrictReadiness) => judged.filter((w) => w.strictReadiness === state).map((w) => w.workload);
  const lastPlaintext = workloads.map((w) => w.lastPlaintextAt).filter((t): t is string => t !== null).sort().at(-1) ?? null;
  const blocking = [...new Set(judged.filter((w) => w.strictReadiness === 'blocked').flatMap((w) => w.plaintextSources))].sort();
  const base = { namespace, counts, blockingSources: blocking, plaintextFreeSince: status === 'ok' || status === 'incomplete' ? (lastPlaintext ?? windowStart) : null };
  if (status !== 'ok') return { ...base, strictReadiness: 'unknown', reason: `observed traffic is ${status}: ${statusReason ?? 'no reason given'}` };
  if (counts.blocked > 0) return { ...base, strictReadiness: 'blocked', reason: `plaintext into ${names('blocked').join(', ')} from ${blocking.join(', ')}` };
  if (counts.unknown > 0) return { ...base, strictReadiness: 'unknown', reason: `no evidence can be read for ${names('unknown').join(', ')}` };
  if (counts.ready > 0) {
    const quiet = names('no-traffic');
    return { ...base, strictReadiness: 'ready', reason: `only mTLS into ${names('ready').join(', ')}${quiet.length > 0 ? `; nothing observed into ${quiet.join(', ')}` : ''}` };
  }
  return { ...base, strictReadiness: 'no-traffic', reason: judged.length === 0 ? 'no workload to judge' : 'nothing observed into any workload: no evidence either way' };
}
