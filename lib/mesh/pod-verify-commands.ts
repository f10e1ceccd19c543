// The istioctl / kubectl / openssl commands that confirm a pod's verdicts on a live cluster, for the pod drill-down.
// Every cluster value goes through `sh` (lib/mesh/findings/shell.ts): validated as a Kubernetes name, then
// single-quoted; a command whose value does not pass is left out rather than printed unsafely.
import { sh } from './findings/shell';
import type { WorkloadPosture } from './model';

export const VERIFY_SECTIONS = ['identity', 'mtls', 'authorization', 'certificate', 'clients'] as const;
export type VerifySection = (typeof VERIFY_SECTIONS)[number];

export interface VerifyCommand {
  readonly section: VerifySection;
  readonly purpose: string;
  readonly command: string;
}

/** Controller kinds a predicted pod can come from → the kubectl resource name. Other kinds get no command. */
const CONTROLLER_RESOURCES: Readonly<Record<string, string>> = {
  Deployment: 'deployment',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
  ReplicaSet: 'replicaset',
  Job: 'job',
  CronJob: 'cronjob',
};

/** 'ns/name' → [ns, name]; a value without exactly one slash gives nothing. */
function splitRef(ref: string): readonly [string, string] | null {
  const parts = ref.split('/');
  return parts.length === 2 && parts[0] && parts[1] ? [parts[0], parts[1]] : null;
}

function getObject(resource: string, ref: string): string | null {
  const parts = splitRef(ref);
  if (!parts) return null;
  // The resource name is one of our literals, never a cluster string.
  switch (resource) {
    case 'peerauthentication':
      return sh`kubectl get peerauthentication ${parts[1]} -n ${parts[0]} -o yaml`;
    case 'authorizationpolicy':
      return sh`kubectl get authorizationpolicy ${parts[1]} -n ${parts[0]} -o yaml`;
    case 'requestauthentication':
      return sh`kubectl get requestauthentication ${parts[1]} -n ${parts[0]} -o yaml`;
    default:
      return null;
  }
}

type Entry = readonly [VerifySection, string, string | null];

export interface VerifyInput {
  readonly workload: WorkloadPosture;
  /** The mesh's root namespace (where the mesh-wide PeerAuthentication lives). */
  readonly rootNamespace: string;
}

function podCommands(w: WorkloadPosture): Entry[] {
  const { namespace: ns, pod } = w;
  const entries: Entry[] = [
    ['identity', 'Service account of the pod', sh`kubectl get pod ${pod} -n ${ns} -o jsonpath='{.spec.serviceAccountName}'`],
    ['identity', 'Labels of the pod (dataplane mode, tlsMode, app)', sh`kubectl get pod ${pod} -n ${ns} --show-labels`],
  ];
  if (w.dataplane === 'sidecar') {
    entries.push(
      ['identity', 'The dataplane and the workload-level mTLS mode as istiod sees them', sh`istioctl x describe pod ${pod} -n ${ns}`],
      ['mtls', 'Inbound listeners (one filter chain per port and TLS mode)', sh`istioctl proxy-config listener ${pod} -n ${ns} --port 15006`],
      ['authorization', 'The authorization policies the proxy enforces', sh`istioctl x authz check ${pod} -n ${ns}`],
      ['certificate', 'The workload certificate and root the proxy holds', sh`istioctl proxy-config secret ${pod} -n ${ns}`],
      [
        'certificate',
        'Serial, expiry and SPIFFE ID of the workload certificate',
        sh`istioctl proxy-config secret ${pod} -n ${ns} -o json | jq -r '.dynamicActiveSecrets[] | select(.name=="default") | .secret.tlsCertificate.certificateChain.inlineBytes' | base64 -d | openssl x509 -noout -serial -enddate -ext subjectAltName`,
      ],
      [
        'certificate',
        'Serial and expiry of the root the proxy trusts',
        sh`istioctl proxy-config secret ${pod} -n ${ns} -o json | jq -r '.dynamicActiveSecrets[] | select(.name=="ROOTCA") | .secret.validationContext.trustedCa.inlineBytes' | base64 -d | openssl x509 -noout -serial -enddate`,
      ],
      ['clients', 'Which clients reach the pod over mTLS (connection_security_policy in the access log)', sh`kubectl logs ${pod} -n ${ns} -c istio-proxy --tail 50`],
    );
  } else if (w.dataplane === 'ambient') {
    entries.push(
      ['identity', 'ztunnel knows the pod and tunnels it over HBONE', sh`istioctl ztunnel-config workloads`],
      ['certificate', 'The certificates ztunnel holds for its workloads', sh`istioctl ztunnel-config certificates`],
    );
  }
  entries.push(['certificate', 'The root of trust distributed to the namespace', sh`kubectl get configmap istio-ca-root-cert -n ${ns} -o jsonpath='{.data.root-cert\\.pem}' | openssl x509 -noout -serial -enddate`]);
  return entries;
}

function controllerCommands(w: WorkloadPosture, kind: string, name: string): Entry[] {
  const resource = CONTROLLER_RESOURCES[kind];
  const ns = w.namespace;
  if (!resource) return [];
  // `resource` is a literal from the table above; only ns and name are cluster values.
  const get = (() => {
    switch (resource) {
      case 'deployment':
        return sh`kubectl get deployment ${name} -n ${ns} -o yaml`;
      case 'statefulset':
        return sh`kubectl get statefulset ${name} -n ${ns} -o yaml`;
      case 'daemonset':
        return sh`kubectl get daemonset ${name} -n ${ns} -o yaml`;
      case 'replicaset':
        return sh`kubectl get replicaset ${name} -n ${ns} -o yaml`;
      case 'job':
        return sh`kubectl get job ${name} -n ${ns} -o yaml`;
      default:
        return sh`kubectl get cronjob ${name} -n ${ns} -o yaml`;
    }
  })();
  return [
    ['identity', `The ${kind} this pod is predicted from (its template's labels, annotations and service account)`, get],
    ['identity', 'Whether the injector will add a sidecar to its pods (namespace labels)', sh`kubectl get namespace ${ns} --show-labels`],
  ];
}

/** The commands for one pod, in section order, each once. Predicted pods get their controller's commands instead. */
export function podVerifyCommands(input: VerifyInput): VerifyCommand[] {
  const w = input.workload;
  const entries: Entry[] = w.predictedFrom ? controllerCommands(w, w.predictedFrom.kind, w.predictedFrom.name) : podCommands(w);
  entries.push(['mtls', 'Every PeerAuthentication that may apply (mesh, namespace, workload)', sh`kubectl get peerauthentication -n ${input.rootNamespace}`]);
  if (w.namespace !== input.rootNamespace) entries.push(['mtls', 'PeerAuthentications of the namespace', sh`kubectl get peerauthentication -n ${w.namespace}`]);
  const policies = [...w.mtls.chain.flatMap((s) => (s.policy ? [s.policy] : [])), ...w.mtls.ignored.map((i) => i.policy)];
  for (const p of policies) entries.push(['mtls', `PeerAuthentication ${p}`, getObject('peerauthentication', p)]);
  for (const p of w.authz.policies) entries.push(['authorization', `AuthorizationPolicy ${p.policy}`, getObject('authorizationpolicy', p.policy)]);
  for (const p of w.authz.requestAuthentications) entries.push(['authorization', `RequestAuthentication ${p}`, getObject('requestauthentication', p)]);
  const seen = new Set<string>();
  const out: VerifyCommand[] = [];
  for (const section of VERIFY_SECTIONS) {
    for (const [s, purpose, command] of entries) {
      if (s !== section || command === null || seen.has(command)) continue;
      seen.add(command);
      out.push({ section, purpose, command });
    }
  }
  return out;
}
