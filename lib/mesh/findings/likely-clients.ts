// Who probably calls a workload in plaintext (a heuristic for MP105/MP106): pods without a dataplane in its own
// namespace, and pods without a dataplane anywhere whose container env values name one of the Services that select
// it, as a host in a URL or a host[:port] value. Clients with a sidecar or ztunnel send mTLS and never matter here.
import { objectId, type Pod, type Service } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { CLUSTER_DOMAIN, servicesSelectingPod } from '../ports';
import type { FindingContext } from './context';

export interface LikelyClient {
  readonly workload: EvaluatedWorkload;
  /** Why it is a likely client: 'same namespace', or the env host that names the Service. */
  readonly reason: string;
  /** The Service its env names, when that is why. */
  readonly service: Service | null;
}

const HOST_PORT = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?$/;

/** The hosts an env value names: the authority of each URL, and each bare `host` or `host:port` token (lower-cased). */
export function envHostTokens(value: string): string[] {
  const out: string[] = [];
  for (const raw of value.toLowerCase().split(/[\s,;]+/)) {
    let token = raw.replace(/^["'(]+|["')]+$/g, '');
    const scheme = token.indexOf('://');
    if (scheme >= 0) {
      token = token.slice(scheme + 3).split(/[/?#]/)[0] ?? '';
      token = token.slice(token.lastIndexOf('@') + 1);
    }
    token = token.replace(/\.(?=(:\d+)?$)/, ''); // a trailing FQDN dot
    if (!HOST_PORT.test(token)) continue;
    const host = token.replace(/:\d+$/, '');
    if (!out.includes(host)) out.push(host);
  }
  return out;
}

/**
 * The names a pod can use for a Service. The bare `<svc>` only resolves from the Service's own namespace (DNS search
 * path), so from elsewhere only `<svc>.<ns>`, `<svc>.<ns>.svc` and `<svc>.<ns>.svc.cluster.local` count.
 */
export function serviceHostForms(service: Service, fromNamespace: string): string[] {
  const { name, namespace } = service.meta;
  const qualified = [`${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.${CLUSTER_DOMAIN}`].map((h) => h.toLowerCase());
  return fromNamespace === namespace ? [name.toLowerCase(), ...qualified] : qualified;
}

interface Mention {
  readonly client: EvaluatedWorkload;
  readonly host: string;
}

interface PlaintextClientIndex {
  /** Namespace → its pods without a dataplane. */
  readonly inNamespace: ReadonlyMap<string, readonly EvaluatedWorkload[]>;
  /** Service id → pods without a dataplane whose env names it. */
  readonly mentions: ReadonlyMap<string, readonly Mention[]>;
}

const indexCache = new WeakMap<FindingContext, PlaintextClientIndex>();

function envValuesOf(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of pod.containers) out.push(...c.envValues);
  for (const c of pod.initContainers) out.push(...c.envValues);
  return out;
}

/**
 * Built once per computation from the pods without a dataplane only. Qualified host forms name one Service wherever
 * the pod is; a bare `<svc>` names the Service of that name in the pod's own namespace only (serviceHostForms).
 */
function plaintextClientIndex(ctx: FindingContext): PlaintextClientIndex {
  const cached = indexCache.get(ctx);
  if (cached) return cached;
  const byHost = new Map<string, Service>();
  for (const s of ctx.index.snapshot.services) {
    const { name, namespace } = s.meta;
    for (const host of [`${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.${CLUSTER_DOMAIN}`]) byHost.set(host.toLowerCase(), s);
    byHost.set(`${name.toLowerCase()}\u0000${namespace}`, s);
  }
  const inNamespace = new Map<string, EvaluatedWorkload[]>();
  const mentions = new Map<string, Mention[]>();
  // Replicas repeat the same env values: tokenise each distinct value once.
  const tokens = new Map<string, string[]>();
  for (const client of ctx.workloads) {
    if (client.dataplane !== 'none') continue;
    const ns = client.pod.meta.namespace;
    const list = inNamespace.get(ns);
    if (list) list.push(client);
    else inNamespace.set(ns, [client]);
    const named = new Set<Service>();
    for (const value of envValuesOf(client.pod)) {
      let hosts = tokens.get(value);
      if (!hosts) tokens.set(value, (hosts = envHostTokens(value)));
      for (const host of hosts) {
        const s = byHost.get(host) ?? (host.includes('.') ? undefined : byHost.get(`${host}\u0000${ns}`));
        if (!s || named.has(s)) continue;
        named.add(s);
        const id = objectId('Service', s.meta);
        const m = mentions.get(id);
        if (m) m.push({ client, host });
        else mentions.set(id, [{ client, host }]);
      }
    }
  }
  const index = { inNamespace, mentions };
  indexCache.set(ctx, index);
  return index;
}

/** Cheap pre-check: can this workload have a plaintext client at all (a pod without a dataplane beside it, or naming its Service)? */
export function mayHavePlaintextClients(ctx: FindingContext, server: EvaluatedWorkload): boolean {
  const { inNamespace, mentions } = plaintextClientIndex(ctx);
  if (inNamespace.has(server.pod.meta.namespace)) return true;
  return mentions.size > 0 && servicesSelectingPod(server.pod, ctx.index).some((s) => mentions.has(objectId('Service', s.meta)));
}

/** The likely clients without a dataplane of a server pod (itself excluded), same-namespace pods first. */
export function plaintextClients(ctx: FindingContext, server: EvaluatedWorkload): LikelyClient[] {
  const { inNamespace, mentions } = plaintextClientIndex(ctx);
  const out: LikelyClient[] = [];
  const seen = new Set<EvaluatedWorkload>([server]);
  for (const w of inNamespace.get(server.pod.meta.namespace) ?? []) {
    if (seen.has(w)) continue;
    seen.add(w);
    out.push({ workload: w, reason: 'same namespace', service: null });
  }
  if (mentions.size === 0) return out;
  for (const service of servicesSelectingPod(server.pod, ctx.index)) {
    for (const m of mentions.get(objectId('Service', service.meta)) ?? []) {
      if (seen.has(m.client)) continue;
      seen.add(m.client);
      out.push({ workload: m.client, reason: `env names ${m.host}`, service });
    }
  }
  return out;
}
