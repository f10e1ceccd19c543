// Dry-run AuthorizationPolicies (`istio.io/dry-run: "true"`, istio-semantics Z-13) against observed requests: the
// shadow-rule statistics per pod (istio.io tasks/security/authorization/authz-dry-run: `authz_dry_run_action` is the
// kind of dry-run policy, allow or deny; `authz_dry_run_result` what it would have done, allowed or denied), summed per
// workload and put beside the dry-run policies of that action that apply to it. The statistics do not name the
// policy: with several dry-run policies of one action on a workload, the figure is theirs together.
import type { DryRunCount } from '@/lib/snapshot/traffic-types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { findPod, type MeshIndex } from '../mesh-index';
import type { DryRunOutcome } from './traffic-model';
import { istioWorkloadName } from './workload-name';

export function dryRunOutcomes(counts: readonly DryRunCount[], index: MeshIndex, evaluated: ReadonlyMap<string, EvaluatedWorkload>): DryRunOutcome[] {
  const byKey = new Map<string, { namespace: string; workload: string; action: string; policies: Set<string>; wouldDeny: number; wouldAllow: number }>();
  for (const c of counts) {
    const pod = findPod(index, c.namespace, c.pod);
    if (!pod) continue;
    const action = c.action === 'allow' || c.action === 'deny' ? c.action : null;
    if (action === null) continue;
    const workload = istioWorkloadName(pod);
    const key = `${c.namespace}\u0000${workload}\u0000${action}`;
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { namespace: c.namespace, workload, action, policies: new Set(), wouldDeny: 0, wouldAllow: 0 }));
    const posture = evaluated.get(`${c.namespace}/${c.pod}`)?.posture;
    for (const p of posture?.authz.policies ?? []) if (p.dryRun && p.action.toLowerCase() === action) entry.policies.add(p.policy);
    if (c.result === 'denied') entry.wouldDeny += c.count;
    else if (c.result === 'allowed') entry.wouldAllow += c.count;
  }
  return [...byKey.values()]
    .map((e) => ({ namespace: e.namespace, workload: e.workload, action: e.action, policies: [...e.policies].sort(), wouldDeny: e.wouldDeny, wouldAllow: e.wouldAllow }))
    .sort((a, b) => (a.namespace + a.workload + a.action < b.namespace + b.workload + b.action ? -1 : 1));
}
