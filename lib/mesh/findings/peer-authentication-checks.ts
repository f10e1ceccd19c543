// PeerAuthentication objects that do not do what they say: port keys that are Service ports (PA-8), selectors
// that select nothing, newer duplicates that istiod drops (PA-4, PA-6) and root-namespace selectors (PA-3).
import { nsName, objectId, type PeerAuthentication, type Service, type ServicePort } from '@/lib/snapshot/types';
import { isEmptySelector, isSelectedBy } from '../labels';
import type { Finding } from '../model';
import { namespaceLevels, peerAuthenticationLevels } from '../mtls/peer-authentication-levels';
import { workloadPorts } from '../mtls/resolve-effective-mtls';
import { containerPortFor, servicesSelectingPod } from '../ports';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { makeFinding, type FindingCheck, type FindingContext } from './context';
import { formatSelector, isInMesh } from './membership';
import { commands, labels, sh } from './shell';
import { capped, listForMessage, plural, podId } from './workload-groups';

const paId = (pa: PeerAuthentication) => objectId('PeerAuthentication', pa.meta);
const getPa = (pa: PeerAuthentication) => sh`kubectl get peerauthentication ${pa.meta.name} -n ${pa.meta.namespace} -o yaml`;

interface ServicePortHit {
  readonly pa: PeerAuthentication;
  readonly port: number;
  readonly service: Service;
  readonly servicePort: ServicePort;
  readonly pods: EvaluatedWorkload[];
  readonly targets: Set<string>;
}

/**
 * MP101 (PA-8): a key of the winning workload policy's portLevelMtls that is the `port` of a Service selecting the
 * pod, but no container port of the pod and no Service's targetPort (an undeclared container port is still one).
 */
function portLevelMtlsOnServicePort(ctx: FindingContext): Finding[] {
  const hits = new Map<string, ServicePortHit>();
  for (const w of ctx.workloads) {
    const pa = peerAuthenticationLevels(w.pod, ctx.index).workload.winner;
    if (!pa?.portLevelMtls) continue;
    const services = servicesSelectingPod(w.pod, ctx.index);
    const workloadSide = new Set<number>(workloadPorts(w.pod));
    for (const s of services) for (const p of s.ports) {
      const target = containerPortFor(p, w.pod);
      if (target !== null) workloadSide.add(target);
    }
    for (const key of Object.keys(pa.portLevelMtls)) {
      const port = Number(key);
      if (workloadSide.has(port)) continue;
      const service = services.find((s) => s.ports.some((p) => p.port === port));
      const servicePort = service?.ports.find((p) => p.port === port);
      if (!service || !servicePort) continue;
      const id = `${nsName(pa.meta)}:${port}`;
      const hit = hits.get(id) ?? { pa, port, service, servicePort, pods: [], targets: new Set<string>() };
      hit.pods.push(w);
      const target = containerPortFor(servicePort, w.pod);
      hit.targets.add(target === null ? `targetPort ${String(servicePort.targetPort)}` : String(target));
      hits.set(id, hit);
    }
  }
  return [...hits.values()].map(({ pa, port, service, servicePort, pods, targets }) => {
    const first = pods[0]!;
    const target = [...targets].join(' / ');
    const mode = pa.portLevelMtls?.[port] ?? 'UNSET';
    const workloadMode = first.posture.mtls.mode;
    return makeFinding('MP101', {
      objects: [paId(pa), objectId('Service', service.meta), ...capped(pods.map(podId))],
      namespace: pa.meta.namespace,
      message:
        `PeerAuthentication ${nsName(pa.meta)} sets portLevelMtls ${port}: ${mode}, but ${port} is the port of Service ${nsName(service.meta)} ` +
        `(forwarding to container port ${target}), not a container port of ${plural(pods.length, 'selected pod')} (${listForMessage(pods.map((p) => p.pod.meta.name))}); ` +
        `the entry never applies and container port ${target} keeps the workload mode ${workloadMode}` +
        (servicePort.targetPort !== undefined ? `; key it on ${target} instead` : ''),
      verify: commands(getPa(pa), sh`kubectl get service ${service.meta.name} -n ${service.meta.namespace} -o yaml`, sh`istioctl x describe pod ${first.pod.meta.name} -n ${first.pod.meta.namespace}`),
    });
  });
}

/** MP102 (PA-2): a workload-level policy whose selector matches no in-mesh pod of its namespace. Root-namespace ones are MP104. */
function peerAuthenticationSelectsNothing(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const pa of ctx.index.snapshot.peerAuthentications) {
    const ns = pa.meta.namespace;
    if (ns === ctx.index.rootNamespace || isEmptySelector(pa.selector)) continue;
    const matching = (ctx.index.podsByNamespace.get(ns) ?? []).filter((p) => isSelectedBy(pa.selector, p.meta.labels));
    if (matching.some((p) => isInMesh(ctx, p))) continue;
    const sel = formatSelector(pa.selector);
    out.push(
      makeFinding('MP102', {
        objects: [paId(pa)],
        namespace: ns,
        message:
          matching.length === 0
            ? `PeerAuthentication ${nsName(pa.meta)} selects ${sel}, which matches no pod in namespace ${ns}; its mode ${pa.mode} is enforced nowhere`
            : `PeerAuthentication ${nsName(pa.meta)} selects ${sel}, which matches ${plural(matching.length, 'pod')} in namespace ${ns}, none with a sidecar or ztunnel; its mode ${pa.mode} is enforced nowhere`,
        verify: commands(getPa(pa), pa.selector ? sh`kubectl get pods -n ${ns} -l ${labels(pa.selector)} --show-labels` : null),
      }),
    );
  }
  return out;
}

function describeWinner(kind: 'mesh' | 'namespace', ignored: PeerAuthentication, winner: PeerAuthentication): string {
  const created = (pa: PeerAuthentication) => pa.meta.creationTimestamp ?? 'no creationTimestamp';
  return (
    `${kind === 'mesh' ? 'Mesh' : 'Namespace'}-level PeerAuthentication ${nsName(ignored.meta)} (mode ${ignored.mode}, created ${created(ignored)}) is ignored: ` +
    `${nsName(winner.meta)} (mode ${winner.mode}, created ${created(winner)}) is older${created(ignored) === created(winner) ? ' by name order' : ''} and is the one in force`
  );
}

/** MP103 (PA-4, PA-6): the newer namespace- or mesh-level duplicates, naming the ignored and the winning policy. */
function duplicatePeerAuthenticationIgnored(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  const root = ctx.index.rootNamespace;
  const push = (kind: 'mesh' | 'namespace', ignored: PeerAuthentication, winner: PeerAuthentication) =>
    out.push(
      makeFinding('MP103', {
        objects: [paId(ignored), paId(winner)],
        namespace: ignored.meta.namespace,
        message: describeWinner(kind, ignored, winner),
        verify: commands(
          sh`kubectl get peerauthentication -n ${ignored.meta.namespace} -o custom-columns=NAME:.metadata.name,CREATED:.metadata.creationTimestamp,MODE:.spec.mtls.mode,SELECTOR:.spec.selector`,
        ),
      }),
    );
  const mesh = namespaceLevels(root, ctx.index).mesh;
  for (const pa of mesh.shadowed) if (mesh.winner) push('mesh', pa, mesh.winner);
  for (const ns of ctx.index.peerAuthenticationsByNamespace.keys()) {
    if (ns === root) continue;
    const level = namespaceLevels(ns, ctx.index).namespace;
    for (const pa of level.shadowed) if (level.winner) push('namespace', pa, level.winner);
  }
  return out;
}

/** MP104 (PA-3): a PeerAuthentication with a non-empty selector in the root namespace is neither mesh- nor workload-level. */
function rootNamespaceSelectorIgnored(ctx: FindingContext): Finding[] {
  const root = ctx.index.rootNamespace;
  return (ctx.index.peerAuthenticationsByNamespace.get(root) ?? [])
    .filter((pa) => !isEmptySelector(pa.selector))
    .map((pa) => {
      const would = ctx.index.snapshot.pods.filter((p) => isSelectedBy(pa.selector, p.meta.labels));
      return makeFinding('MP104', {
        objects: [paId(pa)],
        namespace: root,
        message:
          `PeerAuthentication ${nsName(pa.meta)} has selector ${formatSelector(pa.selector)} in the root namespace ${root}, so istiod ignores it and its mode ${pa.mode} applies nowhere` +
          (would.length > 0 ? ` (it was probably meant for ${plural(would.length, 'pod')}, e.g. ${nsName(would[0]!.meta)}; move it to that namespace)` : ''),
        verify: commands(getPa(pa), would[0] ? sh`istioctl x describe pod ${would[0].meta.name} -n ${would[0].meta.namespace}` : null),
      });
    });
}

export const peerAuthenticationChecks: readonly FindingCheck[] = [
  { code: 'MP101', requires: ['PeerAuthentication', 'Pod', 'Service'], run: portLevelMtlsOnServicePort },
  { code: 'MP102', requires: ['PeerAuthentication', 'Pod', 'Namespace'], run: peerAuthenticationSelectsNothing },
  { code: 'MP103', requires: ['PeerAuthentication'], run: duplicatePeerAuthenticationIgnored },
  { code: 'MP104', requires: ['PeerAuthentication'], run: rootNamespaceSelectorIgnored },
];
