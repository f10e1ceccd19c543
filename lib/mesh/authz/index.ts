// AuthorizationPolicy semantics (istio-semantics §3) and the JWT step of §4, as pure functions over a MeshIndex.
export type { JwtPresented } from '@/lib/mesh/jwt';
export { applicableAuthorizationPolicies, applicableRequestAuthentications, isWaypointPod, type AuthzTarget } from './applicability';
export { authorizationEvaluatorWithPolicies, evaluateAuthorization, evaluateAuthorizationWithPolicies, type AuthzDecision, type RequestAttributes } from './evaluate';
export { summarizeWorkloadAuthz } from './summarize';
export { httpView, tcpView, ztunnelView, type PolicyView } from './views';
export {
  HTTP_ONLY_OPERATION_FIELDS,
  HTTP_ONLY_SOURCE_FIELDS,
  isHttpOnlyConditionKey,
  ruleUsesHttpOnlyFields,
  ruleUsesZtunnelUnsupportedFields,
  ZTUNNEL_CONDITION_KEYS,
  ZTUNNEL_UNSUPPORTED_OPERATION_FIELDS,
  ZTUNNEL_UNSUPPORTED_SOURCE_FIELDS,
} from './attributes';
export { isAllowNothing, isDenyAll, isMatchAllRule, principalTrustDomains, requiresRequestPrincipal } from './policy-facts';
export { resolveCustomAuthz, type CustomAuthzSetup } from './custom-providers';
export { ruleMatches, type MatchInput } from './rule-match';
export { expandTrustDomainAliases, trustDomainBundle } from './identity-match';
export { cidrContains, ipInAnyCidr, parseCidr, parseIpAddress } from './cidr';
export { containsPathTemplate, isValidPathTemplate, matchesPathPattern } from './path-match';
