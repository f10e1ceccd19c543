// Contradictions between what policy says and what traffic shows, as findings with their own codes (MP6xx: observed
// traffic). Each is judged on the evidence period only, and on identified senders where the engine is asked about an
// edge: a sender telemetry calls `unknown` has no proxy, and plaintext from it into a STRICT server is MP601.
import { applicableAuthorizationPolicies, ruleUsesHttpOnlyFields } from '../authz';
import { canIBetween, type CanIResult } from '../can-i';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { FindingContext } from '../findings/context';
import { servedPorts } from '../findings/membership';
import type { MeshIndex } from '../mesh-index';
import { serviceBindings, type ServiceBinding } from '../ports';
import type { Severity } from '../model';
import type { ObservedClient, TrafficContradiction } from './traffic-model';

export interface TrafficFindingSpec {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly title: string;
  readonly why: string;
}

const spec = (code: string, name: string, severity: Severity, title: string, why: string): TrafficFindingSpec => ({ code, name, severity, title, why });

/** The catalogue of traffic contradictions (documented in docs/report-schema.md and docs/traffic.md). */
export const TRAFFIC_FINDING_SPECS = [
  spec('MP601', 'PlaintextIntoStrict', 'warning', 'plaintext observed into a workload whose effective mode is STRICT',
    'A STRICT server resets plaintext (istio-semantics §2.2), yet its proxy reported plaintext in the evidence period: a proxy that has not received the policy yet, a port excluded from capture, or the mode became STRICT only after the traffic. Confirm with istioctl x describe pod and proxy-status.'),
  spec('MP602', 'TrafficOnDeniedEdge', 'warning', 'traffic observed on an edge the engine says is denied or fails',
    'The destination proxy reported requests from a sender that, by the configuration read, cannot connect or is denied by authorization. Either the configuration in force is not the one read (not pushed, another revision), or the engine misses a rule: the verdict deserves a look before relying on it.'),
  spec('MP603', 'PlaintextWhereMtlsExpected', 'warning', 'plaintext observed from a sender the engine expects to use mTLS',
    'By the configuration read, this sender has a dataplane and auto mTLS (or its DestinationRule) makes it send Istio mTLS (istio-semantics C-1 to C-3); the destination proxy saw plaintext from it. A pod without its sidecar (injection off, a restart pending), a DestinationRule not read, or traffic that bypasses the sidecar.'),
] as const satisfies readonly TrafficFindingSpec[];

export type TrafficFindingCode = (typeof TRAFFIC_FINDING_SPECS)[number]['code'];

export const TRAFFIC_FINDING_BY_CODE: ReadonlyMap<string, TrafficFindingSpec> = new Map(TRAFFIC_FINDING_SPECS.map((s) => [s.code, s]));

export function makeContradiction(code: TrafficFindingCode, input: Omit<TrafficContradiction, 'code' | 'severity' | 'why'>): TrafficContradiction {
  const s = TRAFFIC_FINDING_BY_CODE.get(code)!;
  return { code, severity: s.severity, why: s.why, ...input };
}

export interface DestinationFacts {
  readonly namespace: string;
  readonly workload: string;
  readonly pods: readonly EvaluatedWorkload[];
  /** Observed clients in the evidence period. */
  readonly clients: readonly ObservedClient[];
  /** `ns/workload` → its pods (to ask the engine about an edge). */
  readonly senders: ReadonlyMap<string, readonly EvaluatedWorkload[]>;
  readonly lastPlaintextAt: string | null;
}

const REQUEST = { headers: {}, jwt: { state: 'none' } } as const;
const MAX_REPLICAS_ASKED = 5;

/**
 * The engine's verdicts for sender → destination, lazily: each replica (up to a few: one pod with an expired
 * certificate does not make the edge fail) on each port a Service of it forwards to (its first binding). Ports no
 * Service reaches are left out: telemetry names a destination workload for traffic through its Services, and a pod-IP
 * call (passthrough, no DestinationRule) would be a different edge. Callers stop at the first verdict that settles.
 */
function* verdicts(client: EvaluatedWorkload, pods: readonly EvaluatedWorkload[], ctx: FindingContext, targets: TargetCache): Generator<CanIResult> {
  const request = { ...REQUEST, now: ctx.now };
  for (const server of pods.slice(0, MAX_REPLICAS_ASKED)) {
    for (const { port, via } of targetsOf(server, ctx, targets)) yield canIBetween(client, server, port, via, request, ctx.index);
  }
}

interface Target {
  readonly port: number;
  readonly via: ServiceBinding;
}
/** A server pod's served ports with the first Service binding of each, worked out once per reconciliation. */
type TargetCache = Map<EvaluatedWorkload, readonly Target[]>;

function targetsOf(server: EvaluatedWorkload, ctx: FindingContext, cache: TargetCache): readonly Target[] {
  let targets = cache.get(server);
  if (!targets) {
    const list: Target[] = [];
    for (const port of servedPorts(ctx, server)) {
      const via = serviceBindings(server.pod, port, ctx.index)[0];
      if (via) list.push({ port, via });
    }
    cache.set(server, (targets = list));
  }
  return targets;
}

/** Whether every verdict satisfies `test` (false when there is none); stops at the first that does not. */
function every(results: Iterable<CanIResult>, test: (r: CanIResult) => boolean): { all: boolean; first: CanIResult | null } {
  let first: CanIResult | null = null;
  for (const r of results) {
    first ??= r;
    if (!test(r)) return { all: false, first };
  }
  return { all: first !== null, first };
}

/** HTTP-only rules cannot be judged without the request's path and method: a denial then proves nothing (dry-run ones never decide). */
function hasHttpOnlyRules(server: EvaluatedWorkload, index: MeshIndex): boolean {
  return applicableAuthorizationPolicies({ pod: server.pod, dataplane: server.dataplane, isGateway: server.isGateway }, index).some((p) => !p.dryRun && (p.rules ?? []).some(ruleUsesHttpOnlyFields));
}

/** The engine is asked about at most this many observed edges per reconciliation (see meshContradictions). */
export const MAX_EDGES_ASKED = 4000;

interface EdgeQuestion {
  readonly d: DestinationFacts;
  readonly client: ObservedClient;
  readonly sender: EvaluatedWorkload;
}

/** MP601 (no engine question: the destination's own mode). */
function plaintextIntoStrict(d: DestinationFacts): TrafficContradiction | null {
  const server = d.pods[0];
  const plaintextClients = d.clients.filter((c) => c.plaintext > 0 || c.lastPlaintextAt !== null);
  if (!server || plaintextClients.length === 0 || !d.pods.every((p) => p.posture.mtls.mode === 'STRICT')) return null;
  const senders = plaintextClients.map((c) => c.source).join(', ');
  return makeContradiction('MP601', {
    namespace: d.namespace,
    workload: d.workload,
    policy: server.posture.mtls.policy,
    observed: `plaintext from ${senders}, last at ${d.lastPlaintextAt ?? 'an unknown time'}`,
    message: `${d.namespace}/${d.workload} is STRICT${server.posture.mtls.policy ? ` (${server.posture.mtls.policy})` : ''}, but its proxy reported plaintext from ${senders}`,
  });
}

/** MP602 and MP603 for one observed edge, from the engine's verdicts (stopping at the first that settles). */
function edgeContradictions({ d, client, sender }: EdgeQuestion, httpOnly: boolean, ctx: FindingContext, targets: TargetCache): TrafficContradiction[] {
  const out: TrafficContradiction[] = [];
  if (client.mtls > 0) {
    const blocked = every(verdicts(sender, d.pods, ctx, targets), (r) => r.outcome === 'connection-failed' || (r.outcome === 'denied' && !httpOnly));
    if (blocked.all && blocked.first) {
      out.push(
        makeContradiction('MP602', {
          namespace: d.namespace,
          workload: d.workload,
          policy: blocked.first.policies[0] ?? null,
          observed: `${client.mtls} requests or connections from ${client.source} over mTLS`,
          message: `${client.source} → ${d.namespace}/${d.workload} is ${blocked.first.outcome} by the configuration read (${blocked.first.reason}), but ${client.mtls} requests or connections were observed`,
        }),
      );
    }
  }
  if (client.plaintext > 0 && sender.dataplane !== 'none' && every(verdicts(sender, d.pods, ctx, targets), (r) => r.connection.outcome === 'ok' && r.connection.mtls).all) {
    out.push(
      makeContradiction('MP603', {
        namespace: d.namespace,
        workload: d.workload,
        policy: null,
        observed: `${client.plaintext} plaintext requests or connections from ${client.source}, last at ${client.lastPlaintextAt ?? 'an unknown time'}`,
        message: `${client.source} has a ${sender.dataplane} and should send mTLS to ${d.namespace}/${d.workload}, but plaintext from it was observed`,
      }),
    );
  }
  return out;
}

const CODE_ORDER = (a: TrafficContradiction, b: TrafficContradiction): number =>
  a.code.localeCompare(b.code) || a.namespace.localeCompare(b.namespace) || a.workload.localeCompare(b.workload) || a.observed.localeCompare(b.observed);

/**
 * Every contradiction of the mesh. Asking the engine costs about a can-i per observed edge, so at most `budget` edges
 * are asked, plaintext ones first (MP603 candidates), then by volume; the others are counted in `notAsked` and the
 * model says so, rather than the refresh growing with every edge of a large mesh.
 */
export function meshContradictions(destinations: readonly DestinationFacts[], ctx: FindingContext, budget = MAX_EDGES_ASKED): { contradictions: TrafficContradiction[]; asked: number; notAsked: number } {
  const out: TrafficContradiction[] = [];
  const questions: EdgeQuestion[] = [];
  for (const d of destinations) {
    const mp601 = plaintextIntoStrict(d);
    if (mp601) out.push(mp601);
    for (const client of d.clients) {
      const sender = d.senders.get(client.source)?.[0];
      if (sender && !sender.isGateway && d.pods.length > 0) questions.push({ d, client, sender });
    }
  }
  questions.sort((a, b) => b.client.plaintext - a.client.plaintext || b.client.requests - a.client.requests);
  const asked = questions.slice(0, budget);
  const httpOnly = new Map<DestinationFacts, boolean>();
  const targets: TargetCache = new Map();
  for (const q of asked) {
    let h = httpOnly.get(q.d);
    if (h === undefined) httpOnly.set(q.d, (h = hasHttpOnlyRules(q.d.pods[0]!, ctx.index)));
    out.push(...edgeContradictions(q, h, ctx, targets));
  }
  return { contradictions: out.sort(CODE_ORDER), asked: asked.length, notAsked: questions.length - asked.length };
}
