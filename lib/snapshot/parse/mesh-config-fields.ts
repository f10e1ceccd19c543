// The fields of istio.mesh.v1alpha1.MeshConfig by their JSON names, from istio/api mesh/v1alpha1/config.proto
// (message MeshConfig, commit b8f8791d9653b2edc77a071d48887e582cfe84bf). Istio discards any other field when it decodes
// the mesh config (istio/istio pkg/util/protomarshal ApplyYAML), so another field is only noted, at info level.
export const MESH_CONFIG_FIELDS: ReadonlySet<string> = new Set([
  'proxyListenPort', 'proxyInboundListenPort', 'proxyHttpPort', 'connectTimeout', 'hboneIdleTimeout',
  'protocolDetectionTimeout', 'tcpKeepalive', 'ingressClass', 'ingressService', 'ingressControllerMode',
  'ingressSelector', 'enableTracing', 'accessLogFile', 'accessLogFormat', 'accessLogEncoding',
  'enableEnvoyAccessLogService', 'disableEnvoyListenerLog', 'defaultConfig', 'outboundTrafficPolicy',
  'inboundTrafficPolicy', 'configSources', 'enableAutoMtls', 'trustDomain', 'trustDomainAliases', 'caCertificates',
  'defaultServiceExportTo', 'defaultVirtualServiceExportTo', 'defaultDestinationRuleExportTo', 'rootNamespace',
  'localityLbSetting', 'zoneAwareLbSetting', 'dnsRefreshRate', 'h2UpgradePolicy', 'inboundClusterStatName',
  'outboundClusterStatName', 'certificates', 'serviceSettings', 'serviceScopeConfigs', 'enablePrometheusMerge',
  'verifyCertificateAtClient', 'ca', 'extensionProviders', 'defaultProviders', 'discoverySelectors',
  'pathNormalization', 'defaultHttpRetryPolicy', 'meshMTLS', 'tlsDefaults', 'defaultTrafficPolicy',
  'serviceEntryVisibility',
]);
