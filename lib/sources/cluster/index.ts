import 'server-only';
// The live cluster source. The CLI imports list-cluster-snapshot.ts directly (plain Node); the server uses this.
export { listClusterSnapshot, type ListOptions } from './list-cluster-snapshot';
export { startClusterFeed, FEED_DEFAULTS, type FeedHealth, type FeedKindHealth, type FeedOptions, type FeedTuning, type SnapshotFeed } from './cluster-feed';
export { ClusterConfigError, loadKubeConfig, type ClusterConnectOptions } from './kubeconfig';
export { KubeApiError } from './kube-client';
export type { CertificateCollector, ProxyPodRef } from './proxy-pods';
export { certificateCollectorFromEnv, CertificateSettingsError, PROXY_CERT_MODES, type ProxyCertMode } from './certificate-settings';
