// Pods of the synthetic mesh as `kubectl get pods -o json` writes them: two containers (app + istio-proxy, or app +
// log shipper), env, resources, probes, volumes, owner references and a full status. Real pods are big; a benchmark
// of parsing must pay for every field a real dump holds, not just the handful the engine reads.
import type { Prng } from './prng';
import { appPortName, resourceVersion, timestamp, type JsonObject, type KubeObject } from './core-objects';
import { ROOT_NAMESPACE, type NamespacePlan, type WorkloadPlan } from './mesh-plan';

const ISTIO_IMAGE = 'docker.io/istio/proxyv2:1.27.3';
const SIDECAR_STATUS = '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"imagePullSecrets":null,"revision":"default"}';

export function podIp(podIndex: number): string {
  return `10.${64 + ((podIndex >> 16) & 63)}.${(podIndex >> 8) & 255}.${podIndex & 255}`;
}

const fieldRef = (name: string, fieldPath: string): JsonObject => ({ name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } });
const mount = (mountPath: string, name: string, readOnly?: boolean): JsonObject => ({ mountPath, name, ...(readOnly ? { readOnly } : {}) });

function probe(w: WorkloadPlan, kind: 'liveness' | 'readiness'): JsonObject {
  const timing = { failureThreshold: 3, periodSeconds: kind === 'liveness' ? 20 : 10, successThreshold: 1, timeoutSeconds: 2 };
  if (w.flavor === 'http') return { httpGet: { path: kind === 'liveness' ? '/healthz' : '/ready', port: w.appPort, scheme: 'HTTP' }, ...timing };
  if (w.flavor === 'grpc') return { grpc: { port: w.appPort, service: '' }, ...timing };
  return { tcpSocket: { port: w.appPort }, ...timing };
}

function appContainer(prng: Prng, ns: NamespacePlan, w: WorkloadPlan, tokenVolume: string): JsonObject {
  const peer = ns.workloads[prng.int(0, Math.max(0, ns.workloads.length - 1))] ?? w;
  const ports: JsonObject[] = [{ containerPort: w.appPort, name: appPortName(w), protocol: 'TCP' }];
  if (w.metricsPort !== null) ports.push({ containerPort: w.metricsPort, name: 'http-metrics', protocol: 'TCP' });
  return {
    env: [
      { name: 'APP_ENV', value: 'production' },
      { name: 'LOG_LEVEL', value: prng.pick(['info', 'warn', 'debug']) },
      { name: 'UPSTREAM_URL', value: `http://${peer.name}.${ns.name}.svc.cluster.local:${peer.flavor === 'http' ? 80 : peer.appPort}` },
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://opentelemetry-collector.observability.svc.cluster.local:4317' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: `${w.name}-db` } } },
      fieldRef('POD_NAME', 'metadata.name'),
      fieldRef('POD_NAMESPACE', 'metadata.namespace'),
    ],
    image: `registry.example.com/${ns.team}/${w.name}:1.${prng.int(0, 40)}.${prng.int(0, 9)}`,
    imagePullPolicy: 'IfNotPresent',
    livenessProbe: probe(w, 'liveness'),
    name: w.name,
    ports,
    readinessProbe: probe(w, 'readiness'),
    resources: { limits: { cpu: '1', memory: `${prng.pick([256, 512, 1024])}Mi` }, requests: { cpu: `${prng.pick([50, 100, 250])}m`, memory: '128Mi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001 },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: [mount('/tmp', 'tmp'), mount('/var/run/secrets/kubernetes.io/serviceaccount', tokenVolume, true)],
  };
}

function istioProxyContainer(ns: NamespacePlan, workload: string, tokenVolume: string, gateway: boolean): JsonObject {
  return {
    args: ['proxy', gateway ? 'router' : 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning', '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info'],
    env: [
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      { name: 'CA_ADDR', value: 'istiod.istio-system.svc:15012' },
      fieldRef('POD_NAME', 'metadata.name'),
      fieldRef('POD_NAMESPACE', 'metadata.namespace'),
      fieldRef('INSTANCE_IP', 'status.podIP'),
      fieldRef('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
      fieldRef('HOST_IP', 'status.hostIP'),
      { name: 'ISTIO_CPU_LIMIT', valueFrom: { resourceFieldRef: { divisor: '0', resource: 'limits.cpu' } } },
      { name: 'PROXY_CONFIG', value: '{"holdApplicationUntilProxyStarts":true}\n' },
      { name: 'ISTIO_META_POD_PORTS', value: '[\n]' },
      { name: 'ISTIO_META_APP_CONTAINERS', value: workload },
      { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
      { name: 'ISTIO_META_NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
      { name: 'ISTIO_META_INTERCEPTION_MODE', value: 'REDIRECT' },
      { name: 'ISTIO_META_WORKLOAD_NAME', value: workload },
      { name: 'ISTIO_META_OWNER', value: `kubernetes://apis/apps/v1/namespaces/${ns.name}/deployments/${workload}` },
      { name: 'ISTIO_META_MESH_ID', value: 'cluster.local' },
      { name: 'TRUST_DOMAIN', value: 'cluster.local' },
    ],
    image: ISTIO_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    name: 'istio-proxy',
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    readinessProbe: { failureThreshold: 4, httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' }, periodSeconds: 15, successThreshold: 1, timeoutSeconds: 3 },
    resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsGroup: 1337, runAsNonRoot: true, runAsUser: 1337 },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: [
      mount('/var/run/secrets/workload-spiffe-uds', 'workload-socket'),
      mount('/var/run/secrets/credential-uds', 'credential-socket'),
      mount('/var/run/secrets/workload-spiffe-credentials', 'workload-certs'),
      mount('/var/run/secrets/istio', 'istiod-ca-cert'),
      mount('/var/lib/istio/data', 'istio-data'),
      mount('/etc/istio/proxy', 'istio-envoy'),
      mount('/var/run/secrets/tokens', 'istio-token'),
      mount('/etc/istio/pod', 'istio-podinfo'),
      mount('/var/run/secrets/kubernetes.io/serviceaccount', tokenVolume, true),
    ],
  };
}

function istioInitContainer(tokenVolume: string): JsonObject {
  return {
    args: ['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d', '15090,15021,15020', '--log_output_level=default:info'],
    image: ISTIO_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    name: 'istio-init',
    resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: false, runAsGroup: 0, runAsNonRoot: false, runAsUser: 0 },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: [mount('/var/run/secrets/kubernetes.io/serviceaccount', tokenVolume, true)],
  };
}

function logShipperContainer(prng: Prng, tokenVolume: string): JsonObject {
  return {
    env: [{ name: 'FLUENT_BIT_OUTPUT', value: 'forward://log-aggregator.logging.svc.cluster.local:24224' }, fieldRef('NODE_NAME', 'spec.nodeName')],
    image: `cr.fluentbit.io/fluent/fluent-bit:3.${prng.int(0, 2)}.${prng.int(0, 9)}`,
    imagePullPolicy: 'IfNotPresent',
    livenessProbe: { failureThreshold: 3, httpGet: { path: '/api/v1/health', port: 2020, scheme: 'HTTP' }, periodSeconds: 30, successThreshold: 1, timeoutSeconds: 1 },
    name: 'log-shipper',
    resources: { limits: { memory: '128Mi' }, requests: { cpu: '20m', memory: '64Mi' } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: [mount('/var/log/app', 'app-logs', true), mount('/var/run/secrets/kubernetes.io/serviceaccount', tokenVolume, true)],
  };
}

function volumes(sidecar: boolean, tokenVolume: string): JsonObject[] {
  const token: JsonObject = {
    name: tokenVolume,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
  const base: JsonObject[] = [{ emptyDir: {}, name: 'tmp' }, { emptyDir: {}, name: 'app-logs' }, token];
  if (!sidecar) return base;
  return [
    { emptyDir: {}, name: 'workload-socket' },
    { emptyDir: {}, name: 'credential-socket' },
    { emptyDir: {}, name: 'workload-certs' },
    { emptyDir: { medium: 'Memory' }, name: 'istio-envoy' },
    { emptyDir: {}, name: 'istio-data' },
    { downwardAPI: { defaultMode: 420, items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' }, path: 'labels' }, { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.annotations' }, path: 'annotations' }] }, name: 'istio-podinfo' },
    { name: 'istio-token', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
    { configMap: { defaultMode: 420, name: 'istio-ca-root-cert' }, name: 'istiod-ca-cert' },
    ...base,
  ];
}

function containerStatus(prng: Prng, c: JsonObject, startedAt: string): JsonObject {
  const image = typeof c['image'] === 'string' ? c['image'] : 'unknown';
  return {
    containerID: `containerd://${prng.hex(64)}`,
    image,
    imageID: `${image.split(':')[0]}@sha256:${prng.hex(64)}`,
    lastState: {},
    name: c['name'] ?? 'app',
    ready: true,
    restartCount: prng.chance(0.1) ? prng.int(1, 4) : 0,
    started: true,
    state: { running: { startedAt } },
  };
}

export interface PodInput {
  readonly ns: NamespacePlan;
  readonly workload: WorkloadPlan;
  /** Global pod index: the pod IP derives from it. */
  readonly podIndex: number;
  /** The ReplicaSet's UID, shared by its pods. */
  readonly ownerUid: string;
  /** Gateway pods run istio-proxy as their only container. */
  readonly gateway?: boolean;
}

export function podObject(prng: Prng, input: PodInput): KubeObject {
  const { ns, workload: w, podIndex, ownerUid } = input;
  const gateway = input.gateway ?? false;
  const sidecar = ns.dataplane === 'sidecar' && !gateway;
  const tokenVolume = `kube-api-access-${prng.kubeSuffix(5)}`;
  const created = timestamp(prng, 30);
  const labels: Record<string, string> = { app: w.name, 'pod-template-hash': w.templateHash, version: w.version };
  const annotations: Record<string, string> = { 'kubectl.kubernetes.io/default-container': w.name, 'prometheus.io/port': String(w.metricsPort ?? 15020), 'prometheus.io/scrape': 'true' };
  if (sidecar) {
    Object.assign(labels, { 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': w.name, 'service.istio.io/canonical-revision': w.version });
    Object.assign(annotations, { 'istio.io/rev': 'default', 'prometheus.io/path': '/stats/prometheus', 'sidecar.istio.io/status': SIDECAR_STATUS });
  }
  if (ns.dataplane === 'ambient') annotations['ambient.istio.io/redirection'] = 'enabled';
  if (gateway) Object.assign(labels, { istio: 'ingressgateway', 'service.istio.io/canonical-name': w.name });
  const containers = gateway
    ? [istioProxyContainer(ns, w.name, tokenVolume, true)]
    : [appContainer(prng, ns, w, tokenVolume), sidecar ? istioProxyContainer(ns, w.name, tokenVolume, false) : logShipperContainer(prng, tokenVolume)];
  const initContainers = sidecar ? [istioInitContainer(tokenVolume)] : [];
  const node = `ip-10-20-${prng.int(0, 15)}-${prng.int(1, 254)}.eu-west-1.compute.internal`;
  const hostIp = node.slice(3, node.indexOf('.')).replaceAll('-', '.');
  const ip = podIp(podIndex);
  const condition = (type: string): JsonObject => ({ lastProbeTime: null, lastTransitionTime: created, status: 'True', type });
  const serviceAccount = ns.name === ROOT_NAMESPACE ? (gateway ? 'istio-ingressgateway-service-account' : 'istiod') : w.name;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      annotations,
      creationTimestamp: created,
      generateName: `${w.name}-${w.templateHash}-`,
      labels,
      name: `${w.name}-${w.templateHash}-${prng.kubeSuffix(5)}`,
      namespace: ns.name,
      ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'ReplicaSet', name: `${w.name}-${w.templateHash}`, uid: ownerUid }],
      resourceVersion: resourceVersion(prng),
      uid: prng.uid(),
    },
    spec: {
      containers,
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      ...(initContainers.length > 0 ? { initContainers } : {}),
      nodeName: node,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: { fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      serviceAccount,
      serviceAccountName: serviceAccount,
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      volumes: volumes(sidecar, tokenVolume),
    },
    status: {
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
      containerStatuses: containers.map((c) => containerStatus(prng, c, created)),
      hostIP: hostIp,
      hostIPs: [{ ip: hostIp }],
      ...(initContainers.length > 0
        ? { initContainerStatuses: initContainers.map((c) => ({ ...containerStatus(prng, c, created), ready: true, started: false, state: { terminated: { containerID: `containerd://${prng.hex(64)}`, exitCode: 0, finishedAt: created, reason: 'Completed', startedAt: created } } })) }
        : {}),
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      qosClass: 'Burstable',
      startTime: created,
    },
  };
}
