// One posture reduced to what history keeps (issue #12): per controller-level workload and port the effective mode
// and dataplane, the objects that decided each workload's mode, the open findings, each workload's newest
// certificate, a summary of counts, and fingerprints of every object that can decide a mode — so the next posture,
// recorded later and maybe by another process, can name what was added, modified or removed in between.
import type { PostureModel, Severity, WorkloadPosture } from '../model';
import { findingKey, MODE_RANK, workloadKey } from '../workload-identity';
import { nsName, objectId, type MeshSnapshot, type Pod } from '@/lib/snapshot/types';
import { fingerprint } from './fingerprint';
import type { OpenFinding, PortState, PostureDigest, PostureSummary, WorkloadCertificate } from './history-types';

/** Labels that differ between the pods of one workload (or one rollout and the next) without changing it. */
const POD_INSTANCE_LABELS: ReadonlySet<string> = new Set(['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index']);
/** Annotations that decide injection, capture or proxy behaviour; the rest (tooling notes, restarts) are not compared. */
const DECIDING_ANNOTATION = /^(sidecar\.istio\.io|proxy\.istio\.io|ambient\.istio\.io|istio\.io|traffic\.sidecar\.istio\.io)\//;

export interface WorkloadIdentity {
  readonly kind: string;
  readonly name: string;
}

/** The controller a pod belongs to: its owner (a ReplicaSet is named after its Deployment), or the pod's stable name. */
export function controllerOf(pod: Pick<Pod, 'owner' | 'predictedFrom'> | undefined, podName: string): WorkloadIdentity {
  if (pod?.predictedFrom) return pod.predictedFrom;
  const owner = pod?.owner;
  if (owner?.kind === 'ReplicaSet') {
    const deployment = /^(.+)-[a-z0-9]{5,10}$/.exec(owner.name)?.[1];
    return deployment ? { kind: 'Deployment', name: deployment } : owner;
  }
  if (owner) return owner;
  return { kind: 'Pod', name: workloadKey(podName) };
}

/** What of a pod decides its dataplane and which policies select it. */
function podShape(pod: Pod): unknown {
  return {
    labels: Object.entries(pod.meta.labels).filter(([k]) => !POD_INSTANCE_LABELS.has(k)),
    annotations: Object.entries(pod.meta.annotations).filter(([k]) => DECIDING_ANNOTATION.test(k)),
    serviceAccount: pod.serviceAccountName,
    hostNetwork: pod.hostNetwork,
    containers: [...pod.initContainers, ...pod.containers].map((c) => ({ name: c.name, native: c.nativeSidecar, ports: c.ports })),
  };
}

function summarise(model: PostureModel): PostureSummary {
  const findings: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of model.findings) findings[f.severity] += 1;
  return {
    mesh: { phase: model.mesh.phase, workloads: model.mesh.coverage, ports: model.mesh.portCoverage },
    // By name (code units): the store keeps each namespace's summary apart and reassembles records in this order.
    namespaces: model.namespaces
      .map((n) => ({ name: n.name, phase: n.phase, workloads: n.coverage, ports: n.portCoverage }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    findings,
  };
}

const workloadId = (namespace: string, workload: string) => `${namespace}/${workload}`;

/** The policies that decided a workload's mode: every step of its chain that names one, and the ones ignored. */
function decidingPolicies(w: WorkloadPosture): string[] {
  const ids = [...w.mtls.chain.flatMap((s) => (s.policy ? [s.policy] : [])), ...w.mtls.ignored.map((i) => i.policy)];
  return ids.map((ref) => `PeerAuthentication/${ref}`);
}

export function digestPosture(model: PostureModel, snapshot: MeshSnapshot, at: string): PostureDigest {
  const pods = new Map(snapshot.pods.map((p) => [nsName(p.meta), p]));
  const objects: Record<string, string> = {};
  for (const pa of snapshot.peerAuthentications) objects[objectId('PeerAuthentication', pa.meta)] = fingerprint({ selector: pa.selector, mode: pa.mode, ports: pa.portLevelMtls });
  for (const ns of snapshot.namespaces) objects[objectId('Namespace', ns.meta)] = fingerprint(ns.meta.labels);

  const ports = new Map<string, PortState>();
  const deciders = new Map<string, Set<string>>();
  const shapes = new Map<string, Set<string>>();
  const certificates = new Map<string, WorkloadCertificate>();
  for (const w of model.workloads) {
    const pod = pods.get(`${w.namespace}/${w.pod}`);
    const controller = controllerOf(pod, w.pod);
    const key = workloadId(w.namespace, controller.name);
    const controllerId = objectId(controller.kind, { namespace: w.namespace, name: controller.name });
    const decided = deciders.get(key) ?? new Set<string>();
    for (const id of [...decidingPolicies(w), objectId('Namespace', { namespace: '', name: w.namespace }), controllerId]) decided.add(id);
    deciders.set(key, decided);
    if (pod) shapes.set(controllerId, (shapes.get(controllerId) ?? new Set()).add(fingerprint(podShape(pod))));

    const entries: [number | null, WorkloadPosture['mtls']['mode']][] =
      Object.keys(w.mtls.ports).length === 0 ? [[null, w.mtls.mode]] : Object.entries(w.mtls.ports).map(([p, m]) => [Number(p), m]);
    for (const [port, mode] of entries) {
      const portKey = JSON.stringify([w.namespace, controller.name, port]);
      const seen = ports.get(portKey);
      // Pods of one workload mid-rollout may differ: the workload is as weak as its weakest pod.
      if (!seen || MODE_RANK[mode] < MODE_RANK[seen.mode]) ports.set(portKey, { namespace: w.namespace, workload: controller.name, port, mode, dataplane: w.dataplane });
    }
    const cert = w.certificate;
    if (cert?.serial) {
      const prev = certificates.get(key);
      if (!prev || (cert.notAfter ?? '') > (prev.notAfter ?? '')) certificates.set(key, { namespace: w.namespace, workload: controller.name, serial: cert.serial, notAfter: cert.notAfter });
    }
  }
  for (const [id, set] of shapes) objects[id] = fingerprint([...set].sort());

  const findings = new Map<string, OpenFinding>();
  for (const f of model.findings) {
    const key = findingKey(f);
    if (!findings.has(key)) findings.set(key, { key, code: f.code, severity: f.severity, namespace: f.namespace, objects: f.objects, message: f.message });
  }
  const byKey = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return {
    at,
    source: model.source,
    summary: summarise(model),
    ports: byKey(ports),
    deciders: Object.fromEntries([...deciders].map(([k, v]) => [k, [...v].sort()])),
    findings: byKey(findings),
    certificates: byKey(certificates),
    objects,
  };
}
