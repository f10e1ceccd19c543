// STRICT servers with likely clients that have no dataplane (MP105) and PERMISSIVE namespaces whose likely
// clients all have one (MP106), from the failure matrix of istio-semantics §2.2 and §2.3.
import { nsName, objectId, type Service } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { Finding } from '../model';
import { namespaceLevels } from '../mtls/peer-authentication-levels';
import { serviceBindings, serviceFqdn, type ServiceBinding } from '../ports';
import { checkConnection } from '../reachability/check-connection';
import { makeFinding, workloadsInNamespace, type FindingCheck, type FindingContext } from './context';
import { mayHavePlaintextClients, plaintextClients, type LikelyClient } from './likely-clients';
import { plaintextSidecarCaller } from './plaintext-sidecar-callers';
import { servedPorts } from './membership';
import { commands, httpUrl, sh } from './shell';
import { capped, describeGroup, groupWorkloads, listForMessage, plural, podId } from './workload-groups';

function portMode(w: EvaluatedWorkload, port: number): string {
  return w.posture.mtls.ports[String(port)] ?? w.posture.mtls.mode;
}

function bindingFor(ctx: FindingContext, server: EvaluatedWorkload, port: number, service: Service | null): ServiceBinding | null {
  const bindings = serviceBindings(server.pod, port, ctx.index);
  return bindings.find((b) => service === null || b.service === service) ?? bindings[0] ?? null;
}

interface FailedCall {
  readonly client: LikelyClient;
  readonly server: EvaluatedWorkload;
  readonly port: number;
  readonly via: ServiceBinding | null;
}

/**
 * MP105: a workload with an effectively STRICT port (sidecar or ambient) and likely clients without a dataplane;
 * each (client, port) is confirmed with checkConnection (a client outside the mesh sends plaintext → fails).
 * One finding per server workload group.
 */
function strictServerPlaintextClients(ctx: FindingContext): Finding[] {
  const servers = ctx.workloads.filter((w) => w.dataplane !== 'none' && !w.isGateway && mayHavePlaintextClients(ctx, w));
  const out: Finding[] = [];
  for (const group of groupWorkloads(servers)) {
    const failed: FailedCall[] = [];
    for (const server of group.workloads) {
      const strictPorts = servedPorts(ctx, server).filter((p) => portMode(server, p) === 'STRICT');
      if (strictPorts.length === 0) continue;
      for (const client of plaintextClients(ctx, server)) {
        for (const port of strictPorts) {
          const via = bindingFor(ctx, server, port, client.service);
          const verdict = checkConnection(
            { client: { pod: client.workload.pod, dataplane: 'none' }, server: { pod: server.pod, dataplane: server.dataplane }, containerPort: port, via, serverMtls: server.posture.mtls },
            ctx.index,
          );
          if (verdict.outcome === 'fails') failed.push({ client, server, port, via });
        }
      }
    }
    if (failed.length === 0) continue;
    const clients = [...new Map(failed.map((f) => [podId(f.client.workload), f.client])).values()];
    const ports = [...new Set(failed.map((f) => f.port))].sort((a, b) => a - b);
    const serverPods = [...new Set(failed.map((f) => f.server))];
    const sample = failed.find((f) => f.via !== null) ?? failed[0]!;
    const curl = sample.via
      ? sh`kubectl exec ${sample.client.workload.pod.meta.name} -n ${sample.client.workload.pod.meta.namespace} -- curl -sS -o /dev/null -w '%{http_code}' ${httpUrl(serviceFqdn(sample.via.service), sample.via.port.port)}`
      : null;
    out.push(
      makeFinding('MP105', {
        objects: [...capped(serverPods.map(podId)), ...capped(clients.map((c) => podId(c.workload)))],
        namespace: group.namespace,
        message:
          `${describeGroup(group)} is STRICT on port${ports.length === 1 ? '' : 's'} ${ports.join(', ')}, but ${plural(clients.length, 'likely client')} without a sidecar or ztunnel ` +
          `send${clients.length === 1 ? 's' : ''} plaintext and ${clients.length === 1 ? 'is' : 'are'} reset: ` +
          listForMessage(clients.map((c) => `${nsName(c.workload.pod.meta)} (${c.reason})`)),
        verify: commands(sh`istioctl x describe pod ${sample.server.pod.meta.name} -n ${sample.server.pod.meta.namespace}`, curl),
      }),
    );
  }
  return out;
}

/** The workload-level mode (port exceptions, e.g. a metrics port kept PERMISSIVE for a scraper, are deliberate). */
function isPermissive(w: EvaluatedWorkload): boolean {
  return w.posture.mtls.mode === 'PERMISSIVE';
}

/**
 * MP106: a namespace that is PERMISSIVE (namespace-level mode, or PERMISSIVE workloads), whose pods all have a
 * dataplane, where no pod without a dataplane anywhere names one of the Services selecting its workloads, and where
 * no sidecar client of the namespace would send plaintext (a DestinationRule DISABLE: plaintext-sidecar-callers.ts).
 * Never the root namespace: its PeerAuthentication is the mesh-wide one (PA-1), so STRICT there is STRICT everywhere.
 */
function readyForStrict(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const ns of ctx.namespaces) {
    if (ns.name === ctx.index.rootNamespace) continue;
    const workloads = workloadsInNamespace(ctx, ns.name);
    if (workloads.length === 0 || workloads.some((w) => w.dataplane === 'none')) continue;
    const permissive = workloads.filter(isPermissive);
    if (ns.namespaceMode !== 'PERMISSIVE' && permissive.length === 0) continue;
    // Every pod here has a dataplane, so any plaintext client would come from elsewhere, named in its env.
    if (workloads.some((w) => plaintextClients(ctx, w).length > 0)) continue;
    // A client with a sidecar still sends plaintext when a DestinationRule (or auto mTLS off) says so: STRICT resets it.
    if (plaintextSidecarCaller(ctx, workloads)) continue;
    const policy = namespaceLevels(ns.name, ctx.index).namespace.winner;
    const modeText =
      ns.namespaceMode === 'PERMISSIVE'
        ? policy
          ? `namespace-level PeerAuthentication ${nsName(policy.meta)}`
          : 'namespace-level mode inherited from the mesh'
        : `${plural(permissive.length, 'pod')} with workload mode PERMISSIVE${ns.namespaceMode === 'UNKNOWN' ? ', no namespace or mesh PeerAuthentication' : ''}`;
    const first = permissive[0] ?? workloads[0]!;
    out.push(
      makeFinding('MP106', {
        objects: [`Namespace/${ns.name}`, ...(policy ? [objectId('PeerAuthentication', policy.meta)] : [])],
        namespace: ns.name,
        message:
          `Namespace ${ns.name} is PERMISSIVE (${modeText}); all ${plural(workloads.length, 'pod')} in it have a dataplane` +
          ', no pod without one elsewhere names its Services, and no client in it sends plaintext: it is ready for STRICT',
        verify: commands(sh`kubectl get peerauthentication -n ${ns.name} -o yaml`, sh`istioctl x describe pod ${first.pod.meta.name} -n ${ns.name}`),
      }),
    );
  }
  return out;
}

export const plaintextClientChecks: readonly FindingCheck[] = [
  { code: 'MP105', requires: ['PeerAuthentication', 'Pod', 'Namespace'], run: strictServerPlaintextClients },
  // Claims the namespace is safe to tighten, so every input must be known, Services included (env-named clients).
  { code: 'MP106', requires: ['PeerAuthentication', 'Pod', 'Namespace', 'Service', 'DestinationRule'], run: readyForStrict },
];
