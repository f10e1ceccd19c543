// The only requests this module ever sends to a proxy, and the pod names they may carry. Every name comes from
// the cluster and is hostile (ARCHITECTURE §5): a pod or namespace name becomes part of a URL path only after it
// passed the Kubernetes name rules, so `../x`, `a/b`, `%2e` or `pod:1` can never reach another resource or port.
// Ports and paths are constants: nothing a caller passes can choose what is fetched from the proxy.

/** DNS-1123 label: what Kubernetes accepts as a namespace name. */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** DNS-1123 subdomain: what Kubernetes accepts as a pod name (dot-separated labels, 253 characters at most). */
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_SUBDOMAIN_LENGTH = 253;

/** The istio-agent's status port: it serves the merged agent + Envoy metrics (istio-semantics §5.4). */
export const AGENT_STATUS_PORT = 15020;
/** Envoy's admin port; it listens on localhost only, so it is reachable through pods/portforward only. */
export const ENVOY_ADMIN_PORT = 15000;

export const AGENT_METRICS_PATH = '/stats/prometheus';
export const ENVOY_ADMIN_PATHS = {
  certs: '/certs',
  secrets: '/config_dump?resource=dynamic_active_secrets',
} as const;
export type EnvoyAdminPath = (typeof ENVOY_ADMIN_PATHS)[keyof typeof ENVOY_ADMIN_PATHS];

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
}

/** Why a name cannot be used in a request, or null when it can. The name is quoted and shortened in the reason. */
export function invalidPodRefReason(pod: PodRef): string | null {
  const problems: string[] = [];
  if (!DNS_1123_LABEL.test(pod.namespace)) problems.push(`namespace ${quote(pod.namespace)} is not a DNS-1123 label`);
  if (pod.name.length > MAX_SUBDOMAIN_LENGTH || !DNS_1123_SUBDOMAIN.test(pod.name)) {
    problems.push(`pod name ${quote(pod.name)} is not a DNS-1123 subdomain`);
  }
  return problems.length === 0 ? null : `${problems.join('; ')}, so no request is built from it`;
}

export function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/** `Pod/namespace/name` for collection issues, when both names are valid (otherwise the reason quotes them). */
export function describePod(pod: PodRef): string | undefined {
  return invalidPodRefReason(pod) === null ? `Pod/${pod.namespace}/${pod.name}` : undefined;
}

function assertValid(pod: PodRef): void {
  const reason = invalidPodRefReason(pod);
  if (reason !== null) throw new Error(reason);
}

/** pods/proxy to the agent's metrics: `/api/v1/namespaces/{ns}/pods/{name}:15020/proxy/stats/prometheus`. */
export function agentMetricsProxyPath(pod: PodRef): string {
  assertValid(pod);
  return `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}:${AGENT_STATUS_PORT}/proxy${AGENT_METRICS_PATH}`;
}

/** The namespace and pod client-node's PortForward puts into `/api/v1/namespaces/{ns}/pods/{name}/portforward`. */
export function portForwardTarget(pod: PodRef): PodRef {
  assertValid(pod);
  return { namespace: pod.namespace, name: pod.name };
}
