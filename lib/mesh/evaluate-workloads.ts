// Per-workload verdicts: dataplane, identity, effective mTLS, authorization summary and certificate state.
import type { Pod } from '@/lib/snapshot/types';
import { summarizeWorkloadAuthz } from './authz';
import { assessProxyCertificates } from './certs/assess-proxy-certificates';
import { isGatewayPod, resolveDataplane } from './dataplane';
import type { MeshIndex } from './mesh-index';
import type { Dataplane, WorkloadPosture } from './model';
import { resolveEffectiveMtls } from './mtls/resolve-effective-mtls';

/** A workload's verdicts together with the pod they were computed from (for findings and queries). */
export interface EvaluatedWorkload {
  readonly pod: Pod;
  readonly dataplane: Dataplane;
  readonly isGateway: boolean;
  readonly posture: WorkloadPosture;
}

export function spiffeIdOf(pod: Pod, trustDomain: string): string {
  return `spiffe://${trustDomain}/ns/${pod.meta.namespace}/sa/${pod.serviceAccountName}`;
}

export function evaluateWorkload(pod: Pod, index: MeshIndex, now: string): EvaluatedWorkload {
  const dataplane = resolveDataplane(pod, index.namespaces.get(pod.meta.namespace));
  const isGateway = dataplane !== 'none' && isGatewayPod(pod);
  const target = { pod, dataplane, isGateway };
  const certificate = assessProxyCertificates({ namespace: pod.meta.namespace, name: pod.meta.name, hasDataplane: dataplane !== 'none' }, index, now);
  return {
    pod,
    dataplane,
    isGateway,
    posture: {
      namespace: pod.meta.namespace,
      pod: pod.meta.name,
      serviceAccount: pod.serviceAccountName,
      // The identity a proxy presents: from its certificate when known (SPIRE may differ), else what istiod issues.
      spiffeId: dataplane === 'none' ? null : (certificate?.spiffeId ?? spiffeIdOf(pod, index.snapshot.meshConfig.trustDomain)),
      dataplane,
      isGateway,
      predictedFrom: pod.predictedFrom ?? null,
      mtls: resolveEffectiveMtls(pod, dataplane, index),
      authz: summarizeWorkloadAuthz(target, index),
      certificate,
    },
  };
}

export function evaluateWorkloads(index: MeshIndex, now: string): EvaluatedWorkload[] {
  return index.snapshot.pods.map((pod) => evaluateWorkload(pod, index, now));
}
