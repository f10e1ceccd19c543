// The join of the posture with observed traffic (pure): destination series are matched to the posture's workloads by
// Istio's workload name (workload-name.ts), classified by who reported them and how (classify.ts), and summed per
// workload, port and sender; then STRICT readiness on the evidence period, the contradictions, the dry-run figures and
// the least-privilege suggestions. Traffic never changes a configuration verdict: it only adds beside it.
import type { TrafficEdge, TrafficSnapshot } from '@/lib/snapshot/traffic-types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { FindingContext } from '../findings/context';
import { classifyTransport, sourceName, type ObservedTransport } from './classify';
import { meshContradictions, type DestinationFacts } from './contradictions';
import { dryRunOutcomes } from './dry-run';
import { likelySourcesOf } from './likely-sources';
import { namespaceReadiness, workloadReadiness } from './readiness';
import { suggestAllowPolicy } from './suggestion';
import type { ObservedClient, ObservedCounts, ObservedPort, ObservedWorkload, TrafficModel } from './traffic-model';
import { istioWorkloadName } from './workload-name';

export interface ReconcileOptions {
  readonly evidenceDays: number;
}

const MAX_UNMATCHED = 50;

interface Counter {
  requests: number;
  mtls: number;
  plaintext: number;
  unclassified: number;
}

const counter = (): Counter => ({ requests: 0, mtls: 0, plaintext: 0, unclassified: 0 });
const isCount = (e: TrafficEdge): boolean => e.metric === 'requests' || e.metric === 'connections';

function add(c: Counter, transport: ObservedTransport, n: number): void {
  c.requests += n;
  c[transport] += n;
}

const counts = (c: Counter): ObservedCounts => ({ requests: c.requests, mtls: c.mtls, plaintext: c.plaintext, unclassified: c.unclassified });
const minTime = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a < b ? a : b);
const maxTime = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

interface Classified {
  readonly edge: TrafficEdge;
  readonly transport: ObservedTransport;
  readonly source: string;
}

/** An edge counts in the evidence period when it grew there, or (plaintext) when a step of it there was active. */
function inEvidence(c: Classified, evidenceStart: string): boolean {
  return c.edge.evidenceTotal > 0 || (c.edge.lastActiveAt !== null && c.edge.lastActiveAt > evidenceStart);
}

/** Groups the posture's pods by `ns/workload` (Istio's workload name). */
export function groupByIstioWorkload(workloads: readonly EvaluatedWorkload[]): Map<string, EvaluatedWorkload[]> {
  const groups = new Map<string, EvaluatedWorkload[]>();
  for (const w of workloads) {
    const key = `${w.pod.meta.namespace}/${istioWorkloadName(w.pod)}`;
    const list = groups.get(key);
    if (list) list.push(w);
    else groups.set(key, [w]);
  }
  return groups;
}

interface ClientEntry {
  c: Counter;
  principals: Set<string>;
  lastPlaintextAt: string | null;
}

const byVolume = (a: ObservedClient, b: ObservedClient): number => b.requests - a.requests || (a.source < b.source ? -1 : 1);

function toClients(by: Map<string, ClientEntry>): ObservedClient[] {
  return [...by].map(([source, e]) => ({ source, ...counts(e.c), principals: [...e.principals].sort(), lastPlaintextAt: e.lastPlaintextAt })).sort(byVolume);
}

function entryOf(by: Map<string, ClientEntry>, source: string): ClientEntry {
  let entry = by.get(source);
  if (!entry) by.set(source, (entry = { c: counter(), principals: new Set(), lastPlaintextAt: null }));
  return entry;
}

/**
 * The observed clients of one destination over the window and, when asked, over the evidence period alone (one pass
 * over its edges): per sender, counts by transport, the principals seen over mTLS, and the last plaintext.
 */
function clientsOf(edges: readonly Classified[], evidenceStart: string, withEvidence: boolean): { window: ObservedClient[]; evidence: ObservedClient[] } {
  const all = new Map<string, ClientEntry>();
  const recent = new Map<string, ClientEntry>();
  for (const e of edges) {
    const count = isCount(e.edge);
    const principal = e.transport === 'mtls' && e.edge.sourcePrincipal !== 'unknown' ? e.edge.sourcePrincipal : null;
    const entry = entryOf(all, e.source);
    if (count) add(entry.c, e.transport, e.edge.total);
    if (principal) entry.principals.add(principal);
    if (e.transport === 'plaintext') entry.lastPlaintextAt = maxTime(entry.lastPlaintextAt, e.edge.lastActiveAt);
    if (!withEvidence || !inEvidence(e, evidenceStart)) continue;
    const inPeriod = entryOf(recent, e.source);
    if (count) add(inPeriod.c, e.transport, e.edge.evidenceTotal);
    if (principal) inPeriod.principals.add(principal);
    if (e.transport === 'plaintext' && (e.edge.lastActiveAt ?? '') > evidenceStart) inPeriod.lastPlaintextAt = maxTime(inPeriod.lastPlaintextAt, e.edge.lastActiveAt);
  }
  return { window: toClients(all), evidence: withEvidence ? toClients(recent) : [] };
}

function portsOf(edges: readonly Classified[]): ObservedPort[] {
  const by = new Map<number, Counter>();
  for (const e of edges) {
    if (e.edge.destinationPort === null || !isCount(e.edge)) continue;
    const port = Number(e.edge.destinationPort);
    let c = by.get(port);
    if (!c) by.set(port, (c = counter()));
    add(c, e.transport, e.edge.total);
  }
  return [...by].map(([port, c]) => ({ port, ...counts(c) })).sort((a, b) => a.port - b.port);
}

export function reconcileTraffic(ctx: FindingContext, traffic: TrafficSnapshot, options: ReconcileOptions): TrafficModel {
  const groups = groupByIstioWorkload(ctx.workloads);
  const edgesByDestination = new Map<string, Classified[]>();
  const unmatched = new Set<string>();
  for (const edge of traffic.edges) {
    const key = `${edge.destinationNamespace}/${edge.destinationWorkload}`;
    const group = groups.get(key);
    if (!group) {
      if (unmatched.size < MAX_UNMATCHED) unmatched.add(key);
      continue;
    }
    const transport = classifyTransport(edge, group[0]!.dataplane);
    if (transport === null) continue;
    const list = edgesByDestination.get(key);
    const classified = { edge, transport, source: sourceName(edge.sourceNamespace, edge.sourceWorkload) };
    if (list) list.push(classified);
    else edgesByDestination.set(key, [classified]);
  }

  const workloads: ObservedWorkload[] = [];
  const gateways = new Set<ObservedWorkload>();
  const destinations: DestinationFacts[] = [];
  const usable = traffic.status === 'ok' || traffic.status === 'incomplete';
  for (const [key, pods] of groups) {
    const first = pods[0]!;
    const edges = edgesByDestination.get(key) ?? [];
    const total = counter();
    let plaintextBytes = 0;
    let firstPlaintextAt: string | null = null;
    let lastPlaintextAt: string | null = null;
    const plaintextSources = new Set<string>();
    const evidence = { plaintextSenders: new Set<string>(), unclassified: 0, mtls: 0, mtlsBytes: 0 };
    for (const e of edges) {
      if (isCount(e.edge)) add(total, e.transport, e.edge.total);
      if (e.transport !== 'plaintext') {
        if (!inEvidence(e, traffic.evidenceStart)) continue;
        if (e.transport === 'unclassified') evidence.unclassified += 1;
        else if (isCount(e.edge)) evidence.mtls += e.edge.evidenceTotal;
        else evidence.mtlsBytes += e.edge.evidenceTotal;
        continue;
      }
      if (!isCount(e.edge)) plaintextBytes += e.edge.total;
      plaintextSources.add(e.source);
      firstPlaintextAt = minTime(firstPlaintextAt, e.edge.firstActiveAt);
      lastPlaintextAt = maxTime(lastPlaintextAt, e.edge.lastActiveAt);
      if (inEvidence(e, traffic.evidenceStart)) evidence.plaintextSenders.add(e.source);
    }
    const namespace = first.pod.meta.namespace;
    const workload = key.slice(namespace.length + 1);
    const readiness = workloadReadiness({
      status: traffic.status,
      statusReason: traffic.reason,
      dataplane: first.dataplane,
      isGateway: first.isGateway,
      plaintextSenders: [...evidence.plaintextSenders].sort(),
      lastPlaintextAt,
      unclassifiedInEvidence: evidence.unclassified,
      mtlsInEvidence: evidence.mtls,
      mtlsBytesInEvidence: evidence.mtlsBytes,
      evidenceStart: traffic.evidenceStart,
      evidenceDays: options.evidenceDays,
    });
    const judged = usable && edges.length > 0;
    const { window: clients, evidence: recent } = clientsOf(edges, traffic.evidenceStart, judged);
    const modes = new Set(pods.map((p) => p.posture.mtls.mode));
    const observed: ObservedWorkload = {
      namespace,
      workload,
      pods: pods.map((p) => p.pod.meta.name).sort(),
      dataplane: first.dataplane,
      mode: modes.size === 1 ? first.posture.mtls.mode : 'mixed',
      ...counts(total),
      plaintextBytes,
      plaintextSources: [...plaintextSources].sort(),
      likelySources: usable && plaintextSources.has('unknown') ? likelySourcesOf(ctx, pods) : [],
      firstPlaintextAt,
      lastPlaintextAt,
      strictReadiness: readiness.state,
      readinessReason: readiness.reason,
      ports: portsOf(edges),
      clients,
      suggestion: usable && first.dataplane !== 'none' && !first.isGateway ? suggestAllowPolicy(pods, workload, clients, ctx.index, ctx.now) : null,
    };
    workloads.push(observed);
    if (first.isGateway) gateways.add(observed);
    if (judged) {
      const senders = new Map<string, readonly EvaluatedWorkload[]>();
      for (const c of recent) {
        const group = groups.get(c.source);
        if (group) senders.set(c.source, group);
      }
      destinations.push({ namespace, workload, pods, clients: recent, senders, lastPlaintextAt });
    }
  }
  const { contradictions, asked, notAsked } = meshContradictions(destinations, ctx);
  workloads.sort((a, b) => (a.namespace + '/' + a.workload < b.namespace + '/' + b.workload ? -1 : 1));

  const byNamespace = new Map<string, ObservedWorkload[]>(ctx.namespaces.map((n) => [n.name, []]));
  for (const w of workloads) byNamespace.get(w.namespace)?.push(w);
  const evaluated = new Map(ctx.workloads.map((w) => [`${w.pod.meta.namespace}/${w.pod.meta.name}`, w]));
  return {
    status: traffic.status,
    reason: traffic.reason,
    window: traffic.window,
    evidenceDays: options.evidenceDays,
    evidenceStart: traffic.evidenceStart,
    dataSince: traffic.dataSince,
    workloads,
    namespaces: [...byNamespace].map(([ns, ws]) => namespaceReadiness(ns, ws, gateways, traffic.status, traffic.reason, traffic.window.start)),
    contradictions,
    edgesAsked: asked,
    edgesNotAsked: notAsked,
    dryRun: traffic.dryRun === null ? null : dryRunOutcomes(traffic.dryRun, ctx.index, evaluated),
    dryRunReason: traffic.dryRunReason,
    unmatchedDestinations: [...unmatched].sort(),
    droppedSeries: traffic.droppedSeries,
    queries: traffic.queries,
  };
}
