// Facts about one AuthorizationPolicy that the findings module reads, named in Istio's vocabulary.
import type { AuthorizationPolicy, AuthzRule } from '@/lib/snapshot/types';
import { trustDomainOf } from './identity-match';

/**
 * Z-5: an ALLOW policy with no rules (`spec: {}` or `rules` absent/empty) matches nothing: once it applies, every
 * request to the workload is denied ("allow-nothing"). Dry-run policies are included; check `dryRun` to exclude them.
 */
export function isAllowNothing(policy: AuthorizationPolicy): boolean {
  return policy.action === 'ALLOW' && (policy.rules === null || policy.rules.length === 0);
}

/** Z-5: a rule without from/to/when (`{}`) matches every request. */
export function isMatchAllRule(rule: AuthzRule): boolean {
  return rule.from === null && rule.to === null && (rule.when === null || rule.when.length === 0);
}

/** Z-5: DENY with a `{}` rule denies every request ("deny-all"). */
export function isDenyAll(policy: AuthorizationPolicy): boolean {
  return policy.action === 'DENY' && (policy.rules ?? []).some(isMatchAllRule);
}

function conditionValues(rule: AuthzRule, key: string, which: 'values' | 'notValues'): readonly string[] {
  return (rule.when ?? []).filter((c) => c.key === key).flatMap((c) => c[which] ?? []);
}

/**
 * J-2: the policy demands a JWT: ALLOW with `requestPrincipals` (or `request.auth.principal` values), or DENY with
 * `notRequestPrincipals` (or `request.auth.principal` notValues). Without a RequestAuthentication on the workload no
 * request can carry a request principal, so such a policy denies everything it covers.
 */
export function requiresRequestPrincipal(policy: AuthorizationPolicy): boolean {
  const rules = policy.rules ?? [];
  switch (policy.action) {
    case 'ALLOW':
      return rules.some(
        (r) => (r.from ?? []).some((s) => (s.requestPrincipals ?? []).length > 0) || conditionValues(r, 'request.auth.principal', 'values').length > 0,
      );
    case 'DENY':
      return rules.some(
        (r) =>
          (r.from ?? []).some((s) => (s.notRequestPrincipals ?? []).length > 0) || conditionValues(r, 'request.auth.principal', 'notValues').length > 0,
      );
    case 'AUDIT':
    case 'CUSTOM':
      return false;
  }
}

function explicitTrustDomain(principal: string): string | null {
  const parts = principal.split('/');
  if (parts.length !== 5) return null;
  const td = trustDomainOf(principal);
  return td.includes('*') || td === '' ? null : td;
}

/**
 * Z-14: the trust domains a policy names explicitly in `principals`/`notPrincipals`, `source.principal` conditions
 * and `trustDomains`/`notTrustDomains` (wildcard patterns left out), sorted. A name outside meshConfig.trustDomain
 * and its aliases (other than the `cluster.local` placeholder) never matches a local workload.
 */
export function principalTrustDomains(policy: AuthorizationPolicy): readonly string[] {
  const out = new Set<string>();
  for (const rule of policy.rules ?? []) {
    for (const s of rule.from ?? []) {
      for (const p of [...(s.principals ?? []), ...(s.notPrincipals ?? [])]) {
        const td = explicitTrustDomain(p);
        if (td) out.add(td);
      }
      for (const td of [...(s.trustDomains ?? []), ...(s.notTrustDomains ?? [])]) if (!td.includes('*')) out.add(td);
    }
    for (const p of [...conditionValues(rule, 'source.principal', 'values'), ...conditionValues(rule, 'source.principal', 'notValues')]) {
      const td = explicitTrustDomain(p);
      if (td) out.add(td);
    }
    for (const td of [...conditionValues(rule, 'source.trustDomain', 'values'), ...conditionValues(rule, 'source.trustDomain', 'notValues')]) {
      if (!td.includes('*')) out.add(td);
    }
  }
  return [...out].sort();
}
