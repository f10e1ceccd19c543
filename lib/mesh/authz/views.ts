// What survives of a policy at each enforcement point. A view is the list of rules that can still match there;
// an empty list matches nothing; null means the enforcement point installs nothing for the policy at all.
import type { AuthorizationPolicy, AuthzRule, ExtensionProviderKind } from '@/lib/snapshot/types';
import {
  isEmptyOperation,
  isEmptySource,
  isZtunnelConditionKey,
  ruleUsesHttpOnlyFields,
  ruleUsesZtunnelUnsupportedFields,
  withoutHttpOnlyConditions,
  withoutOperationFields,
  withoutSourceFields,
  ZTUNNEL_UNSUPPORTED_OPERATION_FIELDS,
  ZTUNNEL_UNSUPPORTED_SOURCE_FIELDS,
} from './attributes';

export interface PolicyView {
  readonly policy: AuthorizationPolicy;
  /** The rules that can match at this enforcement point; empty: the policy matches nothing there. */
  readonly rules: readonly AuthzRule[];
}

/** Z-5: an absent (or empty) `rules` list never matches; on Envoy it becomes `rbacPolicyMatchNever`. */
export function httpView(policy: AuthorizationPolicy): PolicyView {
  return { policy, rules: policy.rules ?? [] };
}

/**
 * Z-11: the policy as a sidecar/gateway TCP filter chain enforces it.
 * ALLOW: every rule that uses an HTTP-only attribute is dropped whole (if all are dropped the ALLOW still applies
 * and so denies every connection). DENY/AUDIT: only the HTTP-only conditions are dropped, so the rule is wider.
 * CUSTOM: built like DENY (wider); with an `envoyExtAuthzHttp` provider there is no TCP ext_authz at all, so the
 * policy produces no TCP filter (null; builder_test `custom-only-http`). Pass no provider kind when the provider is
 * missing or refused: the fail-closed DENY is then built from the widened rules.
 */
export function tcpView(policy: AuthorizationPolicy, customProviderKind?: ExtensionProviderKind): PolicyView | null {
  // Policies are immutable once parsed: each is viewed once per provider kind, however many requests ask.
  let byKind = TCP_VIEWS.get(policy);
  if (!byKind) TCP_VIEWS.set(policy, (byKind = new Map()));
  const key = customProviderKind ?? '';
  if (byKind.has(key)) return byKind.get(key) ?? null;
  const view = buildTcpView(policy, customProviderKind);
  byKind.set(key, view);
  return view;
}

const TCP_VIEWS = new WeakMap<AuthorizationPolicy, Map<string, PolicyView | null>>();

function buildTcpView(policy: AuthorizationPolicy, customProviderKind?: ExtensionProviderKind): PolicyView | null {
  const rules = policy.rules ?? [];
  switch (policy.action) {
    case 'ALLOW':
      return { policy, rules: rules.filter((r) => !ruleUsesHttpOnlyFields(r)) };
    case 'DENY':
    case 'AUDIT':
      return { policy, rules: rules.map(withoutHttpOnlyConditions) };
    case 'CUSTOM':
      if (customProviderKind === 'envoyExtAuthzHttp') return null;
      return { policy, rules: rules.map(withoutHttpOnlyConditions) };
  }
}

/** Z-15, DENY: drops L7 fields; an emptied match is skipped by ztunnel (match-none), so a clause left with none never fires. */
function ztunnelDenyRule(rule: AuthzRule): AuthzRule | null {
  if ((rule.when ?? []).some((c) => !isZtunnelConditionKey(c.key))) return null;
  const from = rule.from?.map((s) => withoutSourceFields(s, ZTUNNEL_UNSUPPORTED_SOURCE_FIELDS)).filter((s) => !isEmptySource(s)) ?? null;
  const to = rule.to?.map((o) => withoutOperationFields(o, ZTUNNEL_UNSUPPORTED_OPERATION_FIELDS)).filter((o) => !isEmptyOperation(o)) ?? null;
  if ((from && from.length === 0) || (to && to.length === 0)) return null;
  return { from, to, when: rule.when };
}

/**
 * Z-15: the policy as ztunnel enforces it for an ambient workload without a waypoint. null when ztunnel does not
 * enforce it: CUSTOM and AUDIT ("ztunnel does not support the … action"), targetRefs (waypoints only) and dry-run
 * (not sent to ztunnel unless a feature flag is set). ALLOW: rules with any L7 attribute are left out (stricter).
 * DENY: the L4 part is kept (broader), and a rule left with only empty matches never fires.
 */
export function ztunnelView(policy: AuthorizationPolicy): PolicyView | null {
  if (ZTUNNEL_VIEWS.has(policy)) return ZTUNNEL_VIEWS.get(policy) ?? null;
  const view = buildZtunnelView(policy);
  ZTUNNEL_VIEWS.set(policy, view);
  return view;
}

const ZTUNNEL_VIEWS = new WeakMap<AuthorizationPolicy, PolicyView | null>();

function buildZtunnelView(policy: AuthorizationPolicy): PolicyView | null {
  if (policy.dryRun || policy.targetRefs.length > 0) return null;
  const rules = policy.rules ?? [];
  switch (policy.action) {
    case 'CUSTOM':
    case 'AUDIT':
      return null;
    case 'ALLOW':
      return { policy, rules: rules.filter((r) => !ruleUsesZtunnelUnsupportedFields(r)) };
    case 'DENY':
      return { policy, rules: rules.map(ztunnelDenyRule).filter((r): r is AuthzRule => r !== null) };
  }
}
