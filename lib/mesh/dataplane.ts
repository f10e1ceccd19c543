// Which dataplane captures a pod (istio-semantics A-1): a sidecar wins over ambient; ambient comes from the
// pod label, or the namespace label unless the pod opts out with `none`; hostNetwork pods are never captured.
import type { Namespace, Pod } from '@/lib/snapshot/types';
import type { Dataplane } from './model';

export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
export const SIDECAR_STATUS_ANNOTATION = 'sidecar.istio.io/status';
export const TLS_MODE_LABEL = 'security.istio.io/tlsMode';
const PROXY_CONTAINER = 'istio-proxy';
/** The label Gateway-API gateway pods carry (Z-3 matches targetRefs on it), and the older Istio one. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
export const GATEWAY_NAME_LABELS = [GATEWAY_NAME_LABEL, 'istio.io/gateway-name'] as const;

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

const INJECT = 'sidecar.istio.io/inject';

/**
 * Whether Istio's sidecar injector would inject a pod created from this template, per the default webhooks of the
 * istio-sidecar-injector: the namespace label istio-injection=enabled, or istio.io/rev (without istio-injection),
 * unless the pod says sidecar.istio.io/inject=false; or the pod label sidecar.istio.io/inject=true in a namespace
 * that does not say istio-injection=disabled. hostNetwork pods are never injected.
 */
export function wouldInjectSidecar(pod: Pod, namespace: Namespace | undefined): boolean {
  if (pod.hostNetwork) return false;
  const podSays = pod.meta.labels[INJECT] ?? pod.meta.annotations[INJECT];
  if (podSays === 'false') return false;
  if (namespaceInjects(namespace)) return true;
  return namespace?.meta.labels['istio-injection'] !== 'disabled' && pod.meta.labels[INJECT] === 'true';
}

/** The namespace selector of the injector's webhooks: istio-injection=enabled, or istio.io/rev without istio-injection. */
export function namespaceInjects(namespace: Namespace | undefined): boolean {
  const labels = namespace?.meta.labels ?? {};
  const injection = labels['istio-injection'];
  return injection === 'enabled' || (injection === undefined && labels['istio.io/rev'] !== undefined);
}

/** A namespace is enrolled in the mesh when the injector selects it or it is labelled for ambient. */
export function isNamespaceEnrolled(namespace: Namespace | undefined): boolean {
  return namespaceInjects(namespace) || namespace?.meta.labels[DATAPLANE_MODE_LABEL] === 'ambient';
}

export function resolveDataplane(pod: Pod, namespace: Namespace | undefined): Dataplane {
  if (isZtunnelPod(pod)) return 'none';
  if (hasSidecar(pod)) return 'sidecar';
  // A pod predicted from a controller's template has not met the injector yet: predict what it will do.
  if (pod.predictedFrom && wouldInjectSidecar(pod, namespace)) return 'sidecar';
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
  // The injector adds the label, so a predicted sidecar pod will carry it.
  return pod.meta.labels[TLS_MODE_LABEL] === 'istio' || dataplane === 'ambient' || (dataplane === 'sidecar' && pod.predictedFrom !== undefined);
}
