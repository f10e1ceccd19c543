// AuthorizationPolicies that select nothing (MP301), workloads left out of an allow-list namespace (MP307),
// targetRefs that reach no gateway or waypoint (MP309) and ALLOW policies that allow nothing (MP311).
import { nsName, objectId, type AuthorizationPolicy, type PolicyTargetRef, type RequestAuthentication } from '@/lib/snapshot/types';
import { isAllowNothing, isWaypointPod } from '../authz';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { isEmptySelector } from '../labels';
import type { Finding } from '../model';
import { makeFinding, type FindingCheck, type FindingContext } from './context';
import { formatSelector, isInMesh } from './membership';
import { describeTargetRef, policiesOn, selectorMatches, targetRefReach, workloadsUnder } from './policy-attachment';
import { commands, labels, sh } from './shell';
import { capped, describeGroup, groupWorkloads, listForMessage, plural, podId } from './workload-groups';

const apId = (ap: AuthorizationPolicy) => objectId('AuthorizationPolicy', ap.meta);
const getAp = (ap: AuthorizationPolicy) => sh`kubectl get authorizationpolicy ${ap.meta.name} -n ${ap.meta.namespace} -o yaml`;

/**
 * MP301 (IST0127 parity): a selector policy (no targetRefs) whose selector matches no in-mesh pod where it applies
 * (every namespace for the root namespace), or a selector-less policy outside the root namespace in a namespace with no in-mesh pod.
 */
function authorizationPolicySelectsNothing(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  const root = ctx.index.rootNamespace;
  for (const ap of ctx.index.snapshot.authorizationPolicies) {
    if (ap.targetRefs.length > 0) continue;
    const ns = ap.meta.namespace;
    let message: string | null = null;
    if (isEmptySelector(ap.selector)) {
      if (ns === root) continue;
      const pods = ctx.index.podsByNamespace.get(ns) ?? [];
      if (pods.some((p) => isInMesh(ctx, p))) continue;
      message = `AuthorizationPolicy ${nsName(ap.meta)} applies namespace-wide, but namespace ${ns} has ${pods.length === 0 ? 'no pod' : `no pod with a sidecar or ztunnel (${plural(pods.length, 'pod')} outside the mesh)`}`;
    } else {
      const { matching, inMesh } = selectorMatches(ctx, ap);
      if (inMesh.length > 0) continue;
      const where = ns === root ? 'any namespace (root-namespace policy)' : `namespace ${ns}`;
      message =
        `AuthorizationPolicy ${nsName(ap.meta)} selects ${formatSelector(ap.selector)}, which matches ` +
        (matching.length === 0 ? `no pod in ${where}` : `${plural(matching.length, 'pod')} in ${where}, none with a sidecar or ztunnel`);
    }
    out.push(
      makeFinding('MP301', {
        objects: [apId(ap)],
        namespace: ns,
        message: `${message}: its ${ap.action} rules are enforced nowhere`,
        verify: commands(
          getAp(ap),
          ap.selector ? (ns === root ? sh`kubectl get pods -A -l ${labels(ap.selector)}` : sh`kubectl get pods -n ${ns} -l ${labels(ap.selector)}`) : sh`kubectl get pods -n ${ns}`,
          sh`istioctl analyze -n ${ns}`,
        ),
      }),
    );
  }
  return out;
}

const isEnforcedAllow = (p: AuthorizationPolicy) => p.action === 'ALLOW' && !p.dryRun;

/** MP307: in a namespace where some in-mesh workload is under an enforced ALLOW (namespace- and root-wide ones included), each workload group under none. */
function workloadNotCoveredByAllow(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  const byNs = new Map<string, EvaluatedWorkload[]>();
  // Waypoints take only targetRefs policies (Z-3), so they are never "selected"; they are not workloads of the allow-list.
  for (const w of ctx.workloads) {
    if (w.dataplane === 'none' || isWaypointPod(w.pod)) continue;
    const list = byNs.get(w.pod.meta.namespace);
    if (list) list.push(w);
    else byNs.set(w.pod.meta.namespace, [w]);
  }
  for (const [ns, workloads] of byNs) {
    const allows = new Set<AuthorizationPolicy>();
    const uncovered: EvaluatedWorkload[] = [];
    for (const w of workloads) {
      const policies = policiesOn(ctx, w).filter(isEnforcedAllow);
      if (policies.length === 0) uncovered.push(w);
      for (const p of policies) allows.add(p);
    }
    if (allows.size === 0 || uncovered.length === 0) continue;
    const allowNames = [...allows].map((p) => nsName(p.meta)).sort();
    for (const group of groupWorkloads(uncovered)) {
      const first = group.workloads[0]!;
      out.push(
        makeFinding('MP307', {
          objects: capped(group.workloads.map(podId)),
          namespace: ns,
          message: `${describeGroup(group)} is selected by no ALLOW policy, while other workloads there are (${listForMessage(allowNames)}): it accepts every caller`,
          verify: commands(sh`istioctl x authz check ${first.pod.meta.name} -n ${ns}`, sh`kubectl get authorizationpolicy -n ${ns}`),
        }),
      );
    }
  }
  return out;
}

type TargetedPolicy = { readonly kind: 'AuthorizationPolicy' | 'RequestAuthentication'; readonly meta: AuthorizationPolicy['meta']; readonly targetRefs: readonly PolicyTargetRef[] };

/** MP309 (Z-3): a policy with targetRefs none of which reaches a gateway or waypoint; sidecars ignore it. */
function targetRefIgnoredOnSidecar(ctx: FindingContext, policies: readonly TargetedPolicy[]): Finding[] {
  const out: Finding[] = [];
  for (const policy of policies) {
    if (policy.targetRefs.length === 0) continue;
    const reach = policy.targetRefs.map((ref) => targetRefReach(ctx, policy.meta.namespace, ref));
    if (reach.some((r) => r !== 'reaches-nothing')) continue;
    const ns = policy.meta.namespace;
    out.push(
      makeFinding('MP309', {
        objects: [objectId(policy.kind, policy.meta)],
        namespace: ns,
        message:
          `${policy.kind} ${nsName(policy.meta)} targets ${listForMessage(policy.targetRefs.map(describeTargetRef))}, but no gateway or waypoint in namespace ${ns} is that target ` +
          `(no pod labelled gateway.networking.k8s.io/gateway-name with that name, no waypoint-bound Service): sidecars ignore targetRefs policies, so it is enforced nowhere`,
        verify: commands(
          policy.kind === 'AuthorizationPolicy'
            ? sh`kubectl get authorizationpolicy ${policy.meta.name} -n ${ns} -o yaml`
            : sh`kubectl get requestauthentication ${policy.meta.name} -n ${ns} -o yaml`,
          sh`kubectl get pods -n ${ns} -l gateway.networking.k8s.io/gateway-name --show-labels`,
          sh`kubectl get gateways.gateway.networking.k8s.io -n ${ns}`,
        ),
      }),
    );
  }
  return out;
}

/** MP311 (Z-5): an enforced ALLOW with no rules that applies to ≥1 in-mesh pod denies every request to it. */
function allowNothing(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const ap of ctx.index.snapshot.authorizationPolicies) {
    if (!isEnforcedAllow(ap) || !isAllowNothing(ap)) continue;
    const under = workloadsUnder(ctx, ap);
    if (under.length === 0) continue;
    const first = under[0]!;
    out.push(
      makeFinding('MP311', {
        objects: [apId(ap), ...capped(under.map(podId))],
        namespace: ap.meta.namespace,
        message: `AuthorizationPolicy ${nsName(ap.meta)} is an ALLOW without rules: it denies every request to the ${plural(under.length, 'pod')} it applies to (${listForMessage(under.map((w) => nsName(w.pod.meta)))}) unless another ALLOW policy matches`,
        verify: commands(getAp(ap), sh`istioctl x authz check ${first.pod.meta.name} -n ${first.pod.meta.namespace}`),
      }),
    );
  }
  return out;
}

const asTargeted = (kind: TargetedPolicy['kind']) => (p: AuthorizationPolicy | RequestAuthentication): TargetedPolicy => ({ kind, meta: p.meta, targetRefs: p.targetRefs });

export const authorizationChecks: readonly FindingCheck[] = [
  { code: 'MP301', requires: ['AuthorizationPolicy', 'Pod', 'Namespace'], run: authorizationPolicySelectsNothing },
  { code: 'MP307', requires: ['AuthorizationPolicy', 'Pod', 'Namespace'], run: workloadNotCoveredByAllow },
  {
    code: 'MP309',
    requires: ['AuthorizationPolicy', 'Pod', 'Namespace', 'Service'],
    run: (ctx) => targetRefIgnoredOnSidecar(ctx, ctx.index.snapshot.authorizationPolicies.map(asTargeted('AuthorizationPolicy'))),
  },
  {
    code: 'MP309',
    requires: ['RequestAuthentication', 'Pod', 'Namespace', 'Service'],
    run: (ctx) => targetRefIgnoredOnSidecar(ctx, ctx.index.snapshot.requestAuthentications.map(asTargeted('RequestAuthentication'))),
  },
  { code: 'MP311', requires: ['AuthorizationPolicy', 'Pod', 'Namespace'], run: allowNothing },
];
