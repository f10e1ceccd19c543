// The authorization posture of one workload, as the dashboard lists it (model.ts WorkloadAuthz).
import { nsName, type AuthorizationPolicy, type AuthzAction } from '@/lib/snapshot/types';
import type { AuthzCoverage, WorkloadAuthz } from '@/lib/mesh/model';
import type { MeshIndex } from '@/lib/mesh/mesh-index';
import { applicableAuthorizationPolicies, applicableRequestAuthentications, type AuthzTarget } from './applicability';
import { isAllowNothing, isDenyAll } from './policy-facts';
import { ztunnelView } from './views';

/** Evaluation order of Z-4 for listing: CUSTOM, DENY, ALLOW, then AUDIT (which never decides). */
const ACTION_ORDER: Readonly<Record<AuthzAction, number>> = { CUSTOM: 0, DENY: 1, ALLOW: 2, AUDIT: 3 };

function listOrder(a: AuthorizationPolicy, b: AuthorizationPolicy): number {
  if (a.dryRun !== b.dryRun) return a.dryRun ? 1 : -1;
  return ACTION_ORDER[a.action] - ACTION_ORDER[b.action];
}

/**
 * The coverage of the policies in force (dry-run excluded, Z-13). On ambient workloads the ztunnel view counts
 * (Z-15): an ALLOW whose every rule uses L7 attributes allows nothing, and CUSTOM/AUDIT are not enforced.
 */
function coverageOf(target: AuthzTarget, enforced: readonly AuthorizationPolicy[]): AuthzCoverage {
  switch (target.dataplane) {
    case 'none':
      return 'none';
    case 'ambient': {
      const views = enforced.map(ztunnelView).filter((v) => v !== null);
      const allows = views.filter((v) => v.policy.action === 'ALLOW');
      const denies = views.filter((v) => v.policy.action === 'DENY');
      if (denies.some((v) => isDenyAll(v.policy) && v.rules.length > 0)) return 'deny-all';
      if (allows.length > 0) return allows.every((v) => v.rules.length === 0) ? 'deny-all' : 'allow-list';
      return denies.length > 0 ? 'deny-only' : 'none';
    }
    case 'sidecar': {
      const allows = enforced.filter((p) => p.action === 'ALLOW');
      if (enforced.some(isDenyAll)) return 'deny-all';
      if (allows.length > 0) return allows.every(isAllowNothing) ? 'deny-all' : 'allow-list';
      return enforced.some((p) => p.action === 'DENY' || p.action === 'CUSTOM') ? 'deny-only' : 'none';
    }
  }
}

/** The applicable policies in evaluation order, the RequestAuthentications, and the coverage ('unknown' when policies could not be read). */
export function summarizeWorkloadAuthz(target: AuthzTarget, index: MeshIndex): WorkloadAuthz {
  const policies = [...applicableAuthorizationPolicies(target, index)].sort(listOrder);
  const readable = index.snapshot.kinds.AuthorizationPolicy.status === 'ok';
  return {
    coverage: readable ? coverageOf(target, policies.filter((p) => !p.dryRun)) : 'unknown',
    policies: policies.map((p) => ({ policy: nsName(p.meta), action: p.action, dryRun: p.dryRun })),
    requestAuthentications: applicableRequestAuthentications(target, index).map((ra) => nsName(ra.meta)),
  };
}
