// The MeshSnapshot: plain, serialisable data that every source (files, demo, live cluster) produces and
// the engine reads. Raw Kubernetes shapes are reshaped here, at the boundary; nothing past this module
// sees a raw object. A kind that could not be read is recorded in `kinds` as not ok, never as empty.
import type { ProxyCertificates, RootCertConfigMap } from './certificate-types';

export * from './certificate-types';

export const MTLS_MODES = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'] as const;
export type MtlsMode = (typeof MTLS_MODES)[number];

export const AUTHZ_ACTIONS = ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'] as const;
export type AuthzAction = (typeof AUTHZ_ACTIONS)[number];

export const CLIENT_TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] as const;
export type ClientTlsMode = (typeof CLIENT_TLS_MODES)[number];

/** Where an object came from, so errors and SARIF results can point at it. */
export interface SourceLocation {
  /** File path as given to the source (relative to the --source root where possible). */
  readonly file: string;
  /** 1-based line of the document's first line in that file, when known. */
  readonly line?: number;
}

export interface ObjectMeta {
  readonly name: string;
  /** Namespace of the object; '' for cluster-scoped kinds (Namespace). */
  readonly namespace: string;
  readonly uid?: string;
  /** RFC 3339 as written by the API server; null when the object has none (e.g. a hand-written manifest). */
  readonly creationTimestamp: string | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly location?: SourceLocation;
}

export interface Namespace {
  readonly meta: ObjectMeta;
}

export interface ContainerPort {
  readonly containerPort: number;
  readonly name?: string;
  readonly protocol: string;
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly ports: readonly ContainerPort[];
  /** Plain env values (no valueFrom), used only to infer likely callers of a Service (heuristic findings). */
  readonly envValues: readonly string[];
  /** True for init containers with restartPolicy Always (Kubernetes native sidecars). */
  readonly nativeSidecar: boolean;
}

export interface Pod {
  readonly meta: ObjectMeta;
  readonly serviceAccountName: string;
  readonly hostNetwork: boolean;
  readonly containers: readonly Container[];
  readonly initContainers: readonly Container[];
  readonly podIP?: string;
  readonly phase?: string;
  /** Owning controller, e.g. { kind: 'ReplicaSet', name: 'reviews-v1-7d8f' }. */
  readonly owner?: { readonly kind: string; readonly name: string };
  /**
   * Set when no such pod was in the source: the pod is predicted from a workload controller's pod template (a
   * manifest repository holds Deployments, not pods). Its name is the controller's; it has not been injected yet.
   */
  readonly predictedFrom?: { readonly kind: string; readonly name: string };
  /**
   * The volume through which the pod reaches a SPIRE agent's Workload API socket, when it has one (csi driver
   * `csi.spiffe.io`, or a hostPath to the agent's socket folder): evidence that identities come from SPIRE, not istiod.
   */
  readonly spireAgentSocket?: string;
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  /** Number, named port, or undefined (defaults to `port`). */
  readonly targetPort?: number | string;
  readonly protocol: string;
  readonly appProtocol?: string;
}

export interface Service {
  readonly meta: ObjectMeta;
  /** null: no selector (endpoints managed by hand or external). */
  readonly selector: Readonly<Record<string, string>> | null;
  readonly ports: readonly ServicePort[];
  readonly type: string;
  readonly headless: boolean;
}

export interface ServiceAccount {
  readonly meta: ObjectMeta;
}

/** A `matchLabels` selector; null when absent or empty (matches everything, see istio-semantics PA-2). */
export type LabelSelector = Readonly<Record<string, string>> | null;

export interface PolicyTargetRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** A Gateway API listener: what a waypoint needs (the HBONE 15008 listener and who may attach). */
export interface GatewayListener {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  /** `allowedRoutes.namespaces.from` (Gateway API default Same). */
  readonly allowedNamespaces: 'Same' | 'All' | 'Selector';
  /** `allowedRoutes.namespaces.selector.matchLabels` when from is Selector. */
  readonly namespaceSelector: LabelSelector;
  /** `tls`: mode (Gateway API default Terminate) and Istio's `gateway.istio.io/tls-terminate-mode` option; null without. */
  readonly tls: { readonly mode: 'Terminate' | 'Passthrough'; readonly terminateMode: string | null } | null;
}

/**
 * A Gateway API `Gateway` (gateway.networking.k8s.io). The engine reads it for waypoints (`gatewayClassName:
 * istio-waypoint`); the `istio.io/waypoint-for` label stays in meta.labels.
 */
export interface Gateway {
  readonly meta: ObjectMeta;
  readonly gatewayClassName: string;
  readonly listeners: readonly GatewayListener[];
  /** `status.addresses` count; null when the object carries no status (a manifest), i.e. not known. */
  readonly statusAddresses: number | null;
}

/** One server of an Istio `Gateway`: a port of the selected gateway proxies and its TLS settings. */
export interface IstioGatewayServer {
  readonly port: number;
  /** HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, MONGO, TCP or TLS, as written (upper-cased). */
  readonly protocol: string;
  readonly name: string;
  readonly hosts: readonly string[];
  /** `tls`; null without. */
  readonly tls: {
    readonly mode: string | null;
    readonly httpsRedirect: boolean;
    /** TLS_AUTO, TLSV1_0 … TLSV1_3; null when unset (TLS 1.2 for a gateway). */
    readonly minProtocolVersion: string | null;
  } | null;
}

/**
 * Istio's own `Gateway` (networking.istio.io): the servers of the ingress and egress gateway proxies it selects
 * (istio.io docs/reference/config/networking/gateway). The engine reads it for the ingress findings.
 */
export interface IstioGateway {
  readonly meta: ObjectMeta;
  readonly selector: Readonly<Record<string, string>>;
  readonly servers: readonly IstioGatewayServer[];
}

export interface PeerAuthentication {
  readonly meta: ObjectMeta;
  readonly selector: LabelSelector;
  /** UNSET when the `mtls` block or its mode is missing. */
  readonly mode: MtlsMode;
  /** Keyed by workload (container) port; null when absent. */
  readonly portLevelMtls: Readonly<Record<number, MtlsMode>> | null;
}

export interface AuthzSource {
  readonly principals?: readonly string[];
  readonly notPrincipals?: readonly string[];
  readonly requestPrincipals?: readonly string[];
  readonly notRequestPrincipals?: readonly string[];
  readonly namespaces?: readonly string[];
  readonly notNamespaces?: readonly string[];
  readonly ipBlocks?: readonly string[];
  readonly notIpBlocks?: readonly string[];
  readonly remoteIpBlocks?: readonly string[];
  readonly notRemoteIpBlocks?: readonly string[];
  readonly serviceAccounts?: readonly string[];
  readonly notServiceAccounts?: readonly string[];
  readonly trustDomains?: readonly string[];
  readonly notTrustDomains?: readonly string[];
}

export interface AuthzOperation {
  readonly hosts?: readonly string[];
  readonly notHosts?: readonly string[];
  readonly ports?: readonly string[];
  readonly notPorts?: readonly string[];
  readonly methods?: readonly string[];
  readonly notMethods?: readonly string[];
  readonly paths?: readonly string[];
  readonly notPaths?: readonly string[];
}

export interface AuthzCondition {
  readonly key: string;
  readonly values?: readonly string[];
  readonly notValues?: readonly string[];
}

export interface AuthzRule {
  /** null: field absent (matches any source). */
  readonly from: readonly AuthzSource[] | null;
  readonly to: readonly AuthzOperation[] | null;
  readonly when: readonly AuthzCondition[] | null;
}

export interface AuthorizationPolicy {
  readonly meta: ObjectMeta;
  readonly selector: LabelSelector;
  /** targetRef and targetRefs merged (istio-semantics Z-3); empty when neither is set. */
  readonly targetRefs: readonly PolicyTargetRef[];
  readonly action: AuthzAction;
  /** CUSTOM only: provider name from `provider.name`. */
  readonly provider?: string;
  /** null: `rules` absent (ALLOW → matches nothing, Z-5). */
  readonly rules: readonly AuthzRule[] | null;
  /** Annotation `istio.io/dry-run: "true"` (Z-13). */
  readonly dryRun: boolean;
}

export interface JwtRule {
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly jwksUri?: string;
  readonly hasInlineJwks: boolean;
  readonly fromHeaders: readonly { readonly name: string; readonly prefix?: string }[];
  readonly fromParams: readonly string[];
  readonly fromCookies: readonly string[];
  readonly forwardOriginalToken: boolean;
}

export interface RequestAuthentication {
  readonly meta: ObjectMeta;
  readonly selector: LabelSelector;
  readonly targetRefs: readonly PolicyTargetRef[];
  readonly jwtRules: readonly JwtRule[];
}

export interface ClientTlsSettings {
  readonly mode: ClientTlsMode;
  readonly sni?: string;
  readonly subjectAltNames: readonly string[];
  readonly caCertificates?: string;
  readonly credentialName?: string;
}

export interface PortTrafficPolicy {
  /** Service port this entry applies to (istio-semantics C-1). */
  readonly port: number;
  readonly tls: ClientTlsSettings | null;
}

export interface TrafficPolicy {
  readonly tls: ClientTlsSettings | null;
  readonly portLevelSettings: readonly PortTrafficPolicy[];
}

export interface DestinationRuleSubset {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly trafficPolicy: TrafficPolicy | null;
}

export interface DestinationRule {
  readonly meta: ObjectMeta;
  readonly host: string;
  readonly exportTo: readonly string[];
  readonly workloadSelector: LabelSelector;
  readonly trafficPolicy: TrafficPolicy | null;
  readonly subsets: readonly DestinationRuleSubset[];
}

/** What matters about an EnvoyFilter for security: the HTTP/network filters it inserts. */
export interface EnvoyFilterPatch {
  readonly applyTo: string;
  readonly operation: string;
  /** Envoy filter name from `value.name` (e.g. envoy.filters.http.ext_authz), when present. */
  readonly filterName?: string;
  /** ext_authz `failure_mode_allow`, when the patch configures one. */
  readonly failureModeAllow?: boolean;
}

export interface EnvoyFilter {
  readonly meta: ObjectMeta;
  readonly workloadSelector: LabelSelector;
  readonly patches: readonly EnvoyFilterPatch[];
}

export interface TelemetryAccessLogging {
  readonly providers: readonly string[];
  readonly disabled: boolean;
}

export interface Telemetry {
  readonly meta: ObjectMeta;
  readonly selector: LabelSelector;
  readonly accessLogging: readonly TelemetryAccessLogging[];
}

export const EXTENSION_PROVIDER_KINDS = [
  'envoyExtAuthzHttp',
  'envoyExtAuthzGrpc',
  'envoyFileAccessLog',
  'envoyOtelAls',
  'envoyHttpAls',
  'envoyTcpAls',
  'opentelemetry',
  'zipkin',
  'prometheus',
  'other',
] as const;
export type ExtensionProviderKind = (typeof EXTENSION_PROVIDER_KINDS)[number];

export interface ExtensionProvider {
  readonly name: string;
  readonly kind: ExtensionProviderKind;
  /** ext_authz: target service and port, and whether it fails open. */
  readonly service?: string;
  readonly port?: number;
  readonly failOpen?: boolean;
}

export interface ProxyDefaults {
  /** `defaultConfig.proxyMetadata`: environment given to every proxy (feature flags such as ISTIO_META_DNS_CAPTURE). */
  readonly proxyMetadata: Readonly<Record<string, string>>;
  readonly holdApplicationUntilProxyStarts: boolean;
  /** `defaultConfig.discoveryAddress`, where proxies fetch configuration and certificates. */
  readonly discoveryAddress?: string;
  /** `defaultConfig.caAddress`: where proxies get certificates when not from istiod (an external CA); unset means istiod. */
  readonly caAddress?: string;
}

export interface MeshConfig {
  readonly rootNamespace: string;
  readonly trustDomain: string;
  readonly trustDomainAliases: readonly string[];
  readonly enableAutoMtls: boolean;
  readonly extensionProviders: readonly ExtensionProvider[];
  /** '' when unset (access logging off unless Telemetry turns it on). */
  readonly accessLogFile: string;
  /** Provider names from `defaultProviders.accessLogging`. */
  readonly defaultAccessLogProviders: readonly string[];
  /** The proxies' default ProxyConfig (`defaultConfig`): the parts shown to operators. */
  readonly defaultConfig: ProxyDefaults;
  /** `outboundTrafficPolicy.mode` when set (Istio's default is ALLOW_ANY). */
  readonly outboundTrafficPolicyMode?: 'REGISTRY_ONLY' | 'ALLOW_ANY';
  /** Where it was read from, e.g. ConfigMap istio-system/istio; null when defaults are assumed. */
  readonly from: { readonly namespace: string; readonly name: string; readonly location?: SourceLocation } | null;
}

/** A problem met while collecting: an unreadable file, a malformed object, a forbidden kind. */
export interface CollectionIssue {
  /** 'Kind/namespace/name' or 'Kind/name' when the object is known. */
  readonly object?: string;
  readonly kind?: string;
  readonly file?: string;
  readonly line?: number;
  readonly reason: string;
  /**
   * 'info' for what was knowingly skipped and changes no verdict (a kind the engine does not read, a mesh config field
   * Istio itself discards): listed, but the snapshot is still complete. Absent means a warning: something is missing.
   */
  readonly level?: 'info';
}

/** Issues that make the snapshot incomplete (everything but info-level notes). */
export function isIncompleteness(issue: CollectionIssue): boolean {
  return issue.level !== 'info';
}

export const SNAPSHOT_KINDS = [
  'Namespace',
  'Pod',
  'Service',
  'ServiceAccount',
  'PeerAuthentication',
  'AuthorizationPolicy',
  'RequestAuthentication',
  'DestinationRule',
  'EnvoyFilter',
  'Telemetry',
  'Gateway',
  'IstioGateway',
  'MeshConfig',
  'RootCertConfigMap',
  'ProxyCertificates',
] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

export const KIND_STATUSES = ['ok', 'forbidden', 'absent', 'error', 'not-collected'] as const;
export type KindStatus = (typeof KIND_STATUSES)[number];

export interface KindProvenance {
  readonly status: KindStatus;
  /** When this kind was last read successfully (RFC 3339); null if never. */
  readonly asOf: string | null;
  readonly reason?: string;
}

export interface MeshSnapshot {
  /** Human label of the source: a path, 'demo', or 'cluster <context>'. */
  readonly source: string;
  readonly kinds: Readonly<Record<SnapshotKind, KindProvenance>>;
  readonly namespaces: readonly Namespace[];
  readonly pods: readonly Pod[];
  readonly services: readonly Service[];
  readonly serviceAccounts: readonly ServiceAccount[];
  readonly peerAuthentications: readonly PeerAuthentication[];
  readonly authorizationPolicies: readonly AuthorizationPolicy[];
  readonly requestAuthentications: readonly RequestAuthentication[];
  readonly destinationRules: readonly DestinationRule[];
  readonly envoyFilters: readonly EnvoyFilter[];
  readonly telemetries: readonly Telemetry[];
  /** Gateway API Gateways (waypoints among them). */
  readonly gateways: readonly Gateway[];
  /** Istio Gateways (networking.istio.io). */
  readonly istioGateways: readonly IstioGateway[];
  /** The mesh config; defaults (istio-semantics §0) with `from: null` when none was found. */
  readonly meshConfig: MeshConfig;
  readonly rootCertConfigMaps: readonly RootCertConfigMap[];
  readonly proxyCertificates: readonly ProxyCertificates[];
  readonly issues: readonly CollectionIssue[];
}

/** 'Kind/namespace/name' (or 'Kind/name' for cluster-scoped objects): the id used in findings and reports. */
export function objectId(kind: string, meta: Pick<ObjectMeta, 'name' | 'namespace'>): string {
  return meta.namespace ? `${kind}/${meta.namespace}/${meta.name}` : `${kind}/${meta.name}`;
}

/** The object a workload's findings point at: the pod, or for a predicted pod the controller it comes from. */
export function workloadObjectId(pod: Pick<Pod, 'meta' | 'predictedFrom'>): string {
  return pod.predictedFrom ? `${pod.predictedFrom.kind}/${pod.meta.namespace}/${pod.predictedFrom.name}` : objectId('Pod', pod.meta);
}

/** 'namespace/name', the reference form of policies in the report. */
export function nsName(meta: Pick<ObjectMeta, 'name' | 'namespace'>): string {
  return `${meta.namespace}/${meta.name}`;
}
