// Services, Service ports and container ports of a workload, and the protocol Istio infers for a port.
import type { Pod, Service, ServicePort } from '@/lib/snapshot/types';
import { isSelectedBy } from './labels';
import type { MeshIndex } from './mesh-index';

export const PORT_PROTOCOLS = ['http', 'tcp', 'auto'] as const;
/** http: HTTP filter chain; tcp: TCP chain (HTTP-only authz fields dropped, Z-11); auto: sniffed (HTTP if the client speaks it). */
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

// Istio's protocol selection (https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/,
// istio/istio pkg/config/kube/conversion.go ConvertProtocol and pkg/config/protocol/instance.go Parse): `appProtocol`
// when set, *instead of* the port name (it takes precedence, even when Istio does not know its value); else the port
// name's `<protocol>[-<suffix>]` prefix, case-insensitive ("grpc-web" whole). Anything else is auto-detected (sniffed),
// except the well-known ports Istio never sniffs (SMTP 25, DNS 53, MySQL 3306, MongoDB 27017), which are TCP.
/** Istio's protocol names (protocol.Parse) by the filter chain they get on a sidecar: HTTP, or TCP (opaque, TLS, Mongo...). */
const ISTIO_PROTOCOLS: Readonly<Record<string, PortProtocol>> = {
  http: 'http', http2: 'http', grpc: 'http', 'grpc-web': 'http', http_proxy: 'http',
  tcp: 'tcp', https: 'tcp', tls: 'tcp', mongo: 'tcp', redis: 'tcp', mysql: 'tcp',
};
/** Kubernetes' standard appProtocol values, honoured only as appProtocol (a port name cannot hold them). */
const KUBERNETES_APP_PROTOCOLS: Readonly<Record<string, PortProtocol>> = { 'kubernetes.io/h2c': 'http', 'kubernetes.io/ws': 'http', 'kubernetes.io/wss': 'tcp' };
const WELL_KNOWN_TCP_PORTS: ReadonlySet<number> = new Set([25, 53, 3306, 27017]);

/** Istio's explicit protocol selection for a port: `appProtocol` first, else the name's prefix, else auto (or TCP on a well-known port). */
export function declaredProtocol(name: string | undefined, appProtocol?: string, port?: number): PortProtocol {
  const declared = appProtocol ?? name ?? '';
  const standard = appProtocol === undefined ? undefined : KUBERNETES_APP_PROTOCOLS[appProtocol];
  if (standard) return standard;
  const lower = declared.toLowerCase();
  const prefix = lower.startsWith('grpc-web') ? 'grpc-web' : lower.split('-')[0]!;
  const protocol = Object.hasOwn(ISTIO_PROTOCOLS, prefix) ? ISTIO_PROTOCOLS[prefix]! : 'auto';
  return protocol === 'auto' && port !== undefined && WELL_KNOWN_TCP_PORTS.has(port) ? 'tcp' : protocol;
}

/** The protocol of a Service port (what a client dialling it gets, and the server's inbound chain for it). */
export function servicePortProtocol(port: ServicePort): PortProtocol {
  return declaredProtocol(port.name, port.appProtocol, port.port);
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
    protocol = declaredProtocol(containerPortName(pod, containerPort), undefined, containerPort);
    for (const { port } of serviceBindings(pod, containerPort, index)) {
      const p = servicePortProtocol(port);
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
