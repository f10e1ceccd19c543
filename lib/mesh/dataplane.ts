// Which dataplane captures a pod (istio-semantics A-1): a sidecar wins over ambient; ambient comes from the
// pod label, or the namespace label unless the pod opts out with `none`; hostNetwork pods are never captured.
import type { Namespace, Pod } from '@/lib/snapshot/types';
import type { Dataplane } from './model';

export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
export const SIDECAR_STATUS_ANNOTATION = 'sidecar.istio.io/status';
export const TLS_MODE_LABEL = 'security.istio.io/tlsMode';
const PROXY_CONTAINER = 'istio-proxy';
const GATEWAY_NAME_LABELS = ['gateway.networking.k8s.io/gateway-name', 'istio.io/gateway-name'] as const;

export function hasProxyContainer(pod: Pod): boolean {
  return (
    pod.containers.some((c) => c.name === PROXY_CONTAINER) ||
    pod.initContainers.some((c) => c.name === PROXY_CONTAINER && c.nativeSidecar)
  );
}

export function hasSidecar(pod: Pod): boolean {
  return SIDECAR_STATUS_ANNOTATION in pod.meta.annotations || hasProxyContainer(pod);
}

/**
 * ztunnel is the node proxy itself (its chart names the container istio-proxy too): it captures other pods and is
 * not captured, so it is not a sidecar workload.
 */
export function isZtunnelPod(pod: Pod): boolean {
  return pod.meta.labels['app'] === 'ztunnel' || pod.meta.labels['app.kubernetes.io/name'] === 'ztunnel';
}

export function resolveDataplane(pod: Pod, namespace: Namespace | undefined): Dataplane {
  if (isZtunnelPod(pod)) return 'none';
  if (hasSidecar(pod)) return 'sidecar';
  if (pod.hostNetwork) return 'none';
  const podMode = pod.meta.labels[DATAPLANE_MODE_LABEL];
  if (podMode === 'ambient') return 'ambient';
  if (podMode === 'none') return 'none';
  if (namespace?.meta.labels[DATAPLANE_MODE_LABEL] === 'ambient') return 'ambient';
  return 'none';
}

/** Ingress/egress gateways, Gateway-API gateways and waypoints: Envoy proxies without an application container. */
export function isGatewayPod(pod: Pod): boolean {
  if (GATEWAY_NAME_LABELS.some((l) => l in pod.meta.labels)) return true;
  if (pod.meta.labels['gateway.istio.io/managed'] !== undefined) return true;
  if (pod.meta.labels['istio'] === 'ingressgateway' || pod.meta.labels['istio'] === 'egressgateway') return true;
  return hasProxyContainer(pod) && !(SIDECAR_STATUS_ANNOTATION in pod.meta.annotations) && pod.containers.length === 1;
}

/**
 * Whether a sidecar client sends Istio mTLS to this endpoint under auto mTLS (istio-semantics C-3): the injector's
 * `security.istio.io/tlsMode: istio` label marks a sidecar endpoint; ambient endpoints are reached over HBONE.
 */
export function endpointAcceptsIstioMtls(pod: Pod, dataplane: Dataplane): boolean {
  return pod.meta.labels[TLS_MODE_LABEL] === 'istio' || dataplane === 'ambient';
}
