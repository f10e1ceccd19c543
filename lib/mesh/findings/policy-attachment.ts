// Where AuthorizationPolicies and RequestAuthentications land (istio-semantics Z-1..Z-3, J-1), as the findings read it.
import { type AuthorizationPolicy, type LabelSelector, type PolicyTargetRef, type Pod, type RequestAuthentication } from '@/lib/snapshot/types';
import { applicableAuthorizationPolicies, applicableRequestAuthentications } from '../authz';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { GATEWAY_NAME_LABELS } from '../dataplane';
import { isSelectedBy } from '../labels';
import type { FindingContext } from './context';
import { isInMesh } from './membership';
import { describeWaypointBinding } from '../waypoint/describe-binding';
import { waypointForService } from '../waypoint/resolve-waypoint';

const apCache = new WeakMap<EvaluatedWorkload, readonly AuthorizationPolicy[]>();
const raCache = new WeakMap<EvaluatedWorkload, readonly RequestAuthentication[]>();

export function policiesOn(ctx: FindingContext, w: EvaluatedWorkload): readonly AuthorizationPolicy[] {
  let list = apCache.get(w);
  if (!list) apCache.set(w, (list = applicableAuthorizationPolicies({ pod: w.pod, dataplane: w.dataplane, isGateway: w.isGateway }, ctx.index)));
  return list;
}

export function requestAuthenticationsOn(ctx: FindingContext, w: EvaluatedWorkload): readonly RequestAuthentication[] {
  let list = raCache.get(w);
  if (!list) raCache.set(w, (list = applicableRequestAuthentications({ pod: w.pod, dataplane: w.dataplane, isGateway: w.isGateway }, ctx.index)));
  return list;
}

interface Attachment {
  readonly authorization: ReadonlyMap<AuthorizationPolicy, readonly EvaluatedWorkload[]>;
  readonly authentication: ReadonlyMap<RequestAuthentication, readonly EvaluatedWorkload[]>;
}

const attachmentCache = new WeakMap<FindingContext, Attachment>();

/** Policy → in-mesh workloads it applies to, inverted once from the per-workload lists (not one scan per policy). */
function attachment(ctx: FindingContext): Attachment {
  let a = attachmentCache.get(ctx);
  if (a) return a;
  const authorization = new Map<AuthorizationPolicy, EvaluatedWorkload[]>();
  const authentication = new Map<RequestAuthentication, EvaluatedWorkload[]>();
  const add = <K>(map: Map<K, EvaluatedWorkload[]>, key: K, w: EvaluatedWorkload) => {
    const list = map.get(key);
    if (list) list.push(w);
    else map.set(key, [w]);
  };
  for (const w of ctx.workloads) {
    if (w.dataplane === 'none') continue;
    for (const p of policiesOn(ctx, w)) add(authorization, p, w);
    for (const ra of requestAuthenticationsOn(ctx, w)) add(authentication, ra, w);
  }
  attachmentCache.set(ctx, (a = { authorization, authentication }));
  return a;
}

/** The in-mesh workloads a policy applies to (policies have no effect on pods without a dataplane). */
export function workloadsUnder(ctx: FindingContext, policy: AuthorizationPolicy): readonly EvaluatedWorkload[] {
  return attachment(ctx).authorization.get(policy) ?? [];
}

/** The in-mesh workloads a RequestAuthentication applies to. */
export function workloadsUnderRequestAuthentication(ctx: FindingContext, ra: RequestAuthentication): readonly EvaluatedWorkload[] {
  return attachment(ctx).authentication.get(ra) ?? [];
}

interface Selectable {
  readonly meta: { readonly namespace: string; readonly name: string };
  readonly selector: LabelSelector;
}

/** Z-2/J-1: pods a selector is matched against: every namespace for the root namespace, else the policy's own. */
export function podsInScope(ctx: FindingContext, policy: Selectable): readonly Pod[] {
  return policy.meta.namespace === ctx.index.rootNamespace ? ctx.index.snapshot.pods : (ctx.index.podsByNamespace.get(policy.meta.namespace) ?? []);
}

/** Pods a selector matches in scope, and those of them in the mesh (istioctl IST0127 counts only in-mesh pods). */
export function selectorMatches(ctx: FindingContext, policy: Selectable): { readonly matching: readonly Pod[]; readonly inMesh: readonly Pod[] } {
  const matching = podsInScope(ctx, policy).filter((p) => isSelectedBy(policy.selector, p.meta.labels));
  return { matching, inMesh: matching.filter((p) => isInMesh(ctx, p)) };
}

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

export type TargetRefReach = 'reaches' | 'reaches-nothing' | 'unknown';

/**
 * Z-3: whether a targetRef lands on a gateway or waypoint. A Gateway ref needs a pod of that gateway in the policy's
 * namespace; GatewayClass istio-waypoint in the root namespace means every waypoint; a Service ref lands on the
 * waypoint bound to the Service (by its or its namespace's label); ServiceEntries are not in the snapshot, so they are unknown.
 */
export function targetRefReach(ctx: FindingContext, policyNamespace: string, ref: PolicyTargetRef): TargetRefReach {
  const ns = ref.namespace ?? policyNamespace;
  const gatewayApi = ref.group === '' || ref.group === GATEWAY_API_GROUP;
  if (gatewayApi && ref.kind === 'Gateway') {
    if (ns !== policyNamespace) return 'reaches-nothing';
    const pods = ctx.index.podsByNamespace.get(ns) ?? [];
    return pods.some((p) => GATEWAY_NAME_LABELS.some((l) => p.meta.labels[l] === ref.name)) ? 'reaches' : 'reaches-nothing';
  }
  if (gatewayApi && ref.kind === 'GatewayClass') return ref.name === 'istio-waypoint' && policyNamespace === ctx.index.rootNamespace ? 'reaches' : 'reaches-nothing';
  if ((ref.group === '' || ref.group === 'core') && ref.kind === 'Service') {
    const service = (ctx.index.servicesByNamespace.get(ns) ?? []).find((s) => s.meta.name === ref.name);
    if (!service || ns !== policyNamespace) return 'reaches-nothing';
    // The waypoint istiod binds for the Service (a label naming a missing waypoint binds nothing).
    const binding = describeWaypointBinding(waypointForService(service, ctx.index), ctx.index);
    return binding?.state === 'bound' ? 'reaches' : binding?.state === 'unknown' ? 'unknown' : 'reaches-nothing';
  }
  if (ref.kind === 'ServiceEntry') return 'unknown';
  return 'reaches-nothing';
}

export function describeTargetRef(ref: PolicyTargetRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
