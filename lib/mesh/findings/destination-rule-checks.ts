// DestinationRules whose client TLS contradicts the server (istio-semantics C-4, §2.2): DISABLE to a STRICT port
// (MP201), ISTIO_MUTUAL to a pod without a dataplane (MP202) or to a DISABLE port (MP203).
import { nsName, objectId, type ClientTlsMode, type DestinationRule, type Service } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { isSelectedBy } from '../labels';
import type { EffectiveMode, Finding } from '../model';
import { CLUSTER_DOMAIN, containerPortFor, serviceFqdn } from '../ports';
import { destinationRuleTls, findDestinationRule, hostMatchScore, type DrTls } from '../reachability/destination-rule-lookup';
import { makeFinding, workloadsInNamespace, type FindingCheck, type FindingContext } from './context';
import { commands, sh } from './shell';
import { capped, listForMessage, plural, podId } from './workload-groups';

interface DestinationRuleUse {
  readonly dr: DestinationRule;
  readonly service: Service;
  /** A sidecar client for which this rule is the one in force for the Service. */
  readonly client: EvaluatedWorkload;
}

/** Services a DestinationRule's host names: one by FQDN, or those a wildcard host covers. */
function servicesMatching(dr: DestinationRule, byFqdn: ReadonlyMap<string, Service>, all: readonly Service[]): Service[] {
  if (!dr.host.includes('*')) {
    const fqdn = dr.host.includes('.') ? dr.host.toLowerCase() : `${dr.host}.${dr.meta.namespace}.${CLUSTER_DOMAIN}`.toLowerCase();
    const service = byFqdn.get(fqdn);
    return service ? [service] : [];
  }
  return all.filter((service) => hostMatchScore(dr.host, dr.meta.namespace, serviceFqdn(service)) > 0);
}

/** Told each client namespace the witness search reads, per rule and Service (the incremental engine's dependencies). */
export type WitnessSearchObserver = (dr: DestinationRule, service: Service, namespace: string, found: boolean) => void;
export const witnessSearchObservers = new WeakMap<FindingContext, WitnessSearchObserver>();

/** The mesh-wide inputs of the witness search, when the caller keeps them already (the incremental engine). */
export interface WitnessSearchInputs {
  /** Sidecar workloads per namespace, ordinary ones before gateways; namespaces in order of their first sidecar workload. */
  readonly clientsByNamespace: ReadonlyMap<string, readonly EvaluatedWorkload[]>;
  /** Services by lower-cased FQDN. */
  readonly servicesByFqdn: ReadonlyMap<string, Service>;
}
export const witnessSearchInputs = new WeakMap<FindingContext, WitnessSearchInputs>();

function sidecarClientsByNamespace(workloads: readonly EvaluatedWorkload[]): Map<string, EvaluatedWorkload[]> {
  const clientsByNs = new Map<string, EvaluatedWorkload[]>();
  for (const w of workloads) {
    if (w.dataplane !== 'sidecar') continue;
    const list = clientsByNs.get(w.pod.meta.namespace);
    if (list) list.push(w);
    else clientsByNs.set(w.pod.meta.namespace, [w]);
  }
  // Ordinary workloads stand for their namespace before gateways, so messages name a typical caller.
  for (const clients of clientsByNs.values()) clients.sort((a, b) => Number(a.isGateway) - Number(b.isGateway));
  return clientsByNs;
}

/**
 * The (DestinationRule, Service) pairs that are in force for at least one sidecar client: the rule matches the host,
 * is exported to the client's namespace and is not shadowed by a more specific or nearer rule (findDestinationRule).
 * Only sidecars apply DestinationRule TLS, and a Service's own pods are not counted as its callers. Driven by each
 * rule's matching Services, trying the likely client namespaces first (the rule's own, the Service's, those it is
 * exported to, one without rules of its own), so the cost follows the rules, not Services × namespaces.
 */
function destinationRuleUses(ctx: FindingContext): DestinationRuleUse[] {
  const provided = witnessSearchInputs.get(ctx);
  const clientsByNs = provided?.clientsByNamespace ?? sidecarClientsByNamespace(ctx.workloads);
  const rulesIn = (ns: string) => ctx.index.destinationRulesByNamespace.get(ns) ?? [];
  // Where no rule has a workloadSelector, every client of a namespace gets the same answer: one stands for all.
  const perPod = (ns: string) => rulesIn(ns).some((dr) => dr.workloadSelector !== null);
  const withoutRules = [...clientsByNs.keys()].filter((ns) => rulesIn(ns).length === 0);
  const services = ctx.index.snapshot.services;
  const byFqdn = provided?.servicesByFqdn ?? new Map(services.map((s) => [serviceFqdn(s).toLowerCase(), s] as const));

  const witnessSearch = (ns: string, dr: DestinationRule, service: Service): EvaluatedWorkload | null => {
    const selector = service.selector;
    const onePerNs = !perPod(ns);
    for (const client of clientsByNs.get(ns) ?? []) {
      const own = selector !== null && ns === service.meta.namespace && isSelectedBy(selector, client.pod.meta.labels);
      if (own) continue;
      if (findDestinationRule(service, client.pod, ctx.index) === dr) return client;
      if (onePerNs) return null;
    }
    return null;
  };
  const observe = witnessSearchObservers.get(ctx);
  const witnessIn = (ns: string, dr: DestinationRule, service: Service): EvaluatedWorkload | null => {
    const found = witnessSearch(ns, dr, service);
    observe?.(dr, service, ns, found !== null);
    return found;
  };

  // Candidate client namespaces, most likely first, produced lazily: most rules find a witness in the first one or two.
  function* candidateNamespaces(serviceNs: string, dr: DestinationRule, reachesOthers: boolean): Generator<string> {
    yield serviceNs;
    yield dr.meta.namespace;
    if (!reachesOthers) return;
    for (const e of dr.exportTo) if (e !== '*' && e !== '.' && e !== '~') yield e;
    yield* withoutRules;
    yield* clientsByNs.keys();
  }

  const uses: DestinationRuleUse[] = [];
  for (const dr of ctx.index.snapshot.destinationRules) {
    for (const service of servicesMatching(dr, byFqdn, services)) {
      // Rules outside the Service's and the root namespace only serve clients of their own namespace.
      const reachesOthers = dr.meta.namespace === service.meta.namespace || dr.meta.namespace === ctx.index.rootNamespace;
      const tried = new Set<string>();
      for (const ns of candidateNamespaces(service.meta.namespace, dr, reachesOthers)) {
        if (tried.has(ns)) continue;
        tried.add(ns);
        const client = witnessIn(ns, dr, service);
        if (client) {
          uses.push({ dr, service, client });
          break;
        }
        // One namespace without rules of its own answers for every such namespace.
        if (rulesIn(ns).length === 0 && ns !== service.meta.namespace) for (const other of withoutRules) tried.add(other);
      }
    }
  }
  return uses;
}

type ConflictCode = 'MP201' | 'MP202' | 'MP203';

/** Which codes a (client TLS mode, server port mode) pair gives, as one table. */
function conflict(mode: ClientTlsMode, server: EffectiveMode): ConflictCode | null {
  if (mode === 'DISABLE' && server === 'STRICT') return 'MP201';
  if (mode === 'ISTIO_MUTUAL' && server === 'NONE') return 'MP202';
  if (mode === 'ISTIO_MUTUAL' && server === 'DISABLE') return 'MP203';
  return null;
}

const CONSEQUENCE: Readonly<Record<ConflictCode, string>> = {
  MP201: 'send plaintext and the STRICT server resets the connection',
  MP202: 'send Istio mTLS that the pod, having no proxy, cannot terminate',
  MP203: 'send Istio mTLS to a port with no TLS-terminating filter chain, so the handshake is expected to fail (our inference, istio-semantics §2.2)',
};

interface Conflict {
  readonly code: ConflictCode;
  readonly use: DestinationRuleUse;
  readonly setting: DrTls;
  readonly servicePorts: Set<number>;
  readonly pods: Map<string, { readonly w: EvaluatedWorkload; readonly port: number; readonly mode: EffectiveMode }>;
}

function serverMode(w: EvaluatedWorkload, port: number): EffectiveMode {
  if (w.dataplane === 'none') return 'NONE';
  return w.posture.mtls.ports[String(port)] ?? w.posture.mtls.mode;
}

function destinationRuleConflicts(ctx: FindingContext): Finding[] {
  const conflicts = new Map<string, Conflict>();
  for (const use of destinationRuleUses(ctx)) {
    const { dr, service } = use;
    const selector = service.selector;
    if (selector === null) continue;
    const pods = workloadsInNamespace(ctx, service.meta.namespace).filter((w) => !w.isGateway && isSelectedBy(selector, w.pod.meta.labels));
    for (const sp of service.ports) {
      // C-1: the destination/port level applies to every endpoint; a subset's own TLS to the endpoints its labels select.
      const targets: { setting: DrTls | null; pods: EvaluatedWorkload[] }[] = [{ setting: destinationRuleTls(dr, sp.port), pods }];
      for (const subset of dr.subsets) {
        const setting = destinationRuleTls(dr, sp.port, subset.name);
        if (!setting?.from.startsWith('subsets[')) continue;
        targets.push({ setting, pods: pods.filter((w) => isSelectedBy(subset.labels, w.pod.meta.labels)) });
      }
      for (const { setting, pods: selected } of targets) {
        if (!setting) continue;
        for (const w of selected) {
          const port = containerPortFor(sp, w.pod);
          if (port === null) continue;
          const mode = serverMode(w, port);
          const code = conflict(setting.tls.mode, mode);
          if (code === null) continue;
          const key = `${code}\u0000${nsName(dr.meta)}\u0000${nsName(service.meta)}\u0000${setting.from.replace(/\.portLevelSettings\[port \d+\]$/, '')}`;
          const c = conflicts.get(key) ?? { code, use, setting, servicePorts: new Set<number>(), pods: new Map() };
          c.servicePorts.add(sp.port);
          if (!c.pods.has(podId(w))) c.pods.set(podId(w), { w, port, mode });
          conflicts.set(key, c);
        }
      }
    }
  }
  return [...conflicts.values()].map(({ code, use, setting, servicePorts, pods }) => {
    const { dr, service, client } = use;
    const list = [...pods.values()];
    const first = list[0]!;
    const ports = [...servicePorts].sort((a, b) => a - b);
    const modeText = first.mode === 'NONE' ? 'has no sidecar or ztunnel' : `is ${first.mode} on container port ${first.port}`;
    return makeFinding(code, {
      objects: [objectId('DestinationRule', dr.meta), objectId('Service', service.meta), ...capped(list.map((p) => podId(p.w)))],
      namespace: service.meta.namespace,
      message:
        `DestinationRule ${nsName(dr.meta)} sets ${setting.from}.mode ${setting.tls.mode} for Service ${nsName(service.meta)} port${ports.length === 1 ? '' : 's'} ${ports.join(', ')}, ` +
        `but pod ${nsName(first.w.pod.meta)} ${modeText}${list.length > 1 ? ` (${plural(list.length, 'pod')} affected: ${listForMessage(list.map((p) => p.w.pod.meta.name))})` : ''}: ` +
        `sidecar clients such as ${nsName(client.pod.meta)} ${CONSEQUENCE[code]}`,
      verify: commands(
        sh`kubectl get destinationrule ${dr.meta.name} -n ${dr.meta.namespace} -o yaml`,
        sh`istioctl x describe pod ${first.w.pod.meta.name} -n ${first.w.pod.meta.namespace}`,
        sh`istioctl proxy-config cluster ${client.pod.meta.name} -n ${client.pod.meta.namespace} --fqdn ${serviceFqdn(service)} -o json`,
      ),
    });
  });
}

const REQUIRES = ['DestinationRule', 'PeerAuthentication', 'Pod', 'Namespace', 'Service'] as const;
const conflictCache = new WeakMap<FindingContext, Finding[]>();

/** One pass computes the three codes (cached per context); each entry keeps its own. */
const byCode = (code: ConflictCode): FindingCheck => ({
  code,
  requires: REQUIRES,
  run: (ctx) => {
    let all = conflictCache.get(ctx);
    if (!all) conflictCache.set(ctx, (all = destinationRuleConflicts(ctx)));
    return all.filter((f) => f.code === code);
  },
});

export const destinationRuleChecks: readonly FindingCheck[] = [byCode('MP201'), byCode('MP202'), byCode('MP203')];
