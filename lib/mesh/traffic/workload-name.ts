// The workload name Istio puts in `source_workload` / `destination_workload`, derived from a pod the way istiod and
// the proxies derive it (istio/istio:pkg/kube/util.go `GetDeployMetaFromPod`): a pod of a ReplicaSet whose name ends
// in the pod's `pod-template-hash` belongs to the Deployment (the name without `-<hash>`); a pod of a Job named
// `<name>-<8 to 10 digits>` belongs to the CronJob `<name>`; any other controller names the workload; a pod without
// one is its own workload. Telemetry is keyed on this name, so this is how observed traffic meets the posture.
import type { Pod } from '@/lib/snapshot/types';

const CRON_JOB_NAME = /^(.+)-\d{8,10}$/;

export function istioWorkloadName(pod: Pick<Pod, 'meta' | 'owner' | 'predictedFrom'>): string {
  // A pod predicted from a controller's template (manifest repositories) is named after the controller already.
  if (pod.predictedFrom) return pod.predictedFrom.name;
  const owner = pod.owner;
  if (!owner) return pod.meta.name;
  const hash = pod.meta.labels['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) return owner.name.slice(0, -(hash.length + 1));
  if (owner.kind === 'Job') {
    const cron = CRON_JOB_NAME.exec(owner.name);
    if (cron?.[1]) return cron[1];
  }
  return owner.name;
}
