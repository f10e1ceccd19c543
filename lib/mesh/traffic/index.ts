// Observed traffic beside the posture (ARCHITECTURE §1 wave 2): the reconciliation entry point and its model.
import type { TrafficSnapshot } from '@/lib/snapshot/traffic-types';
import type { PostureComputation } from '../compute-posture';
import { computationContext } from '../findings/context';
import { reconcileTraffic, type ReconcileOptions } from './reconcile-traffic';
import type { TrafficModel } from './traffic-model';

export * from './traffic-model';
export { TRAFFIC_FINDING_BY_CODE, TRAFFIC_FINDING_SPECS, type TrafficFindingCode, type TrafficFindingSpec } from './contradictions';
export { istioWorkloadName } from './workload-name';
export { applyTrafficEvidence, STRICT_EVIDENCE_CHECK } from './evidence';
export type { ReconcileOptions } from './reconcile-traffic';

export const DEFAULT_EVIDENCE_DAYS = 7;

/** The TrafficModel of one engine computation and one traffic snapshot. */
export function reconcileTrafficWithPosture(computation: PostureComputation, traffic: TrafficSnapshot, options: ReconcileOptions): TrafficModel {
  return reconcileTraffic(computationContext(computation.index, computation.workloads, computation.model.namespaces, computation.model.now), traffic, options);
}
