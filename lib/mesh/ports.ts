// Services, Service ports and container ports of a workload, and the protocol Istio infers for a port.
import type { Pod, Service, ServicePort } from '@/lib/snapshot/types';
import { isSelectedBy } from './labels';
import type { MeshIndex } from './mesh-index';

export const PORT_PROTOCOLS = ['http', 'tcp', 'auto'] as const;
/** http: HTTP filter chain; tcp: TCP chain (HTTP-only authz fields dropped, Z-11); auto: sniffed (HTTP if the client speaks it). */
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

const HTTP_PREFIXES = ['http', 'http2', 'grpc', 'grpc-web', 'h2c'];
const TCP_PREFIXES = ['tcp', 'tls', 'https', 'mongo', 'mysql', 'redis', 'kafka', 'postgres', 'amqp', 'zookeeper'];

/** Istio's explicit protocol selection: `appProtocol`, or the port name's `<protocol>[-suffix]` prefix. */
export function declaredProtocol(name: string | undefined, appProtocol?: string): PortProtocol {
  const candidates = [appProtocol?.toLowerCase(), name?.toLowerCase().split('-')[0]].filter((x): x is string => Boolean(x));
  for (const c of candidates) {
    if (HTTP_PREFIXES.includes(c)) return 'http';
    if (TCP_PREFIXES.includes(c)) return 'tcp';
  }
  return 'auto';
}

const selectingCache = new WeakMap<MeshIndex, WeakMap<Pod, readonly Service[]>>();

/** The Services whose selector picks the pod; memoised per index, as many checks ask it for the same pod. */
export function servicesSelectingPod(pod: Pod, index: MeshIndex): readonly Service[] {
  let perPod = selectingCache.get(index);
  if (!perPod) selectingCache.set(index, (perPod = new WeakMap()));
  let list = perPod.get(pod);
  if (!list) {
    list = (index.servicesByNamespace.get(pod.meta.namespace) ?? []).filter((s) => s.selector !== null && isSelectedBy(s.selector, pod.meta.labels));
    perPod.set(pod, list);
  }
  return list;
}

function containerPortName(pod: Pod, port: number): string | undefined {
  for (const c of pod.containers) for (const p of c.ports) if (p.containerPort === port) return p.name;
  return undefined;
}

/** Whether a Service port forwards to this container port (targetPort by number or by name; absent = same number). */
export function targetsContainerPort(servicePort: ServicePort, pod: Pod, containerPort: number): boolean {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target === containerPort;
  return containerPortName(pod, containerPort) === target;
}

/** The container port a Service port reaches on this pod, or null (named targetPort the pod does not declare). */
export function containerPortFor(servicePort: ServicePort, pod: Pod): number | null {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  for (const c of pod.containers) for (const p of c.ports) if (p.name === target) return p.containerPort;
  return null;
}

export interface ServiceBinding {
  readonly service: Service;
  readonly port: ServicePort;
}

/** Every (Service, Service port) that reaches a container port of the pod. */
export function serviceBindings(pod: Pod, containerPort: number, index: MeshIndex): ServiceBinding[] {
  const out: ServiceBinding[] = [];
  for (const service of servicesSelectingPod(pod, index)) {
    for (const port of service.ports) if (targetsContainerPort(port, pod, containerPort)) out.push({ service, port });
  }
  return out;
}

const protocolCache = new WeakMap<MeshIndex, WeakMap<Pod, Map<number, PortProtocol>>>();

/** Protocol of a container port: declared on a Service port reaching it, else on the container port's name (memoised). */
export function portProtocol(pod: Pod, containerPort: number, index: MeshIndex): PortProtocol {
  let perPod = protocolCache.get(index);
  if (!perPod) protocolCache.set(index, (perPod = new WeakMap()));
  let perPort = perPod.get(pod);
  if (!perPort) perPod.set(pod, (perPort = new Map()));
  let protocol = perPort.get(containerPort);
  if (protocol === undefined) {
    protocol = declaredProtocol(containerPortName(pod, containerPort));
    for (const { port } of serviceBindings(pod, containerPort, index)) {
      const p = declaredProtocol(port.name, port.appProtocol);
      if (p !== 'auto') {
        protocol = p;
        break;
      }
    }
    perPort.set(containerPort, protocol);
  }
  return protocol;
}

export const CLUSTER_DOMAIN = 'svc.cluster.local';

export function serviceFqdn(service: Service): string {
  return `${service.meta.name}.${service.meta.namespace}.${CLUSTER_DOMAIN}`;
}
