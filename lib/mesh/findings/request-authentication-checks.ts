// RequestAuthentications that select nothing (MP401) or that no AuthorizationPolicy backs (MP402, istio-semantics J-2).
import { nsName, objectId, type AuthorizationPolicy, type AuthzRule, type RequestAuthentication } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { isEmptySelector } from '../labels';
import type { Finding } from '../model';
import { makeFinding, type FindingCheck, type FindingContext } from './context';
import { formatSelector } from './membership';
import { policiesOn, selectorMatches, workloadsUnderRequestAuthentication } from './policy-attachment';
import { commands, labels, sh } from './shell';
import { capped, listForMessage, plural, podId } from './workload-groups';

const raId = (ra: RequestAuthentication) => objectId('RequestAuthentication', ra.meta);
const getRa = (ra: RequestAuthentication) => sh`kubectl get requestauthentication ${ra.meta.name} -n ${ra.meta.namespace} -o yaml`;

/** MP401 (J-1): a selector RequestAuthentication (no targetRefs) matching no in-mesh pod where it applies. */
function requestAuthenticationSelectsNothing(ctx: FindingContext): Finding[] {
  const root = ctx.index.rootNamespace;
  const out: Finding[] = [];
  for (const ra of ctx.index.snapshot.requestAuthentications) {
    if (ra.targetRefs.length > 0 || isEmptySelector(ra.selector)) continue;
    const { matching, inMesh } = selectorMatches(ctx, ra);
    if (inMesh.length > 0) continue;
    const ns = ra.meta.namespace;
    const where = ns === root ? 'any namespace (root-namespace policy)' : `namespace ${ns}`;
    out.push(
      makeFinding('MP401', {
        objects: [raId(ra)],
        namespace: ns,
        message:
          `RequestAuthentication ${nsName(ra.meta)} selects ${formatSelector(ra.selector)}, which matches ` +
          (matching.length === 0 ? `no pod in ${where}` : `${plural(matching.length, 'pod')} in ${where}, none with a sidecar or ztunnel`) +
          ': it validates no token',
        verify: commands(getRa(ra), ra.selector ? (ns === root ? sh`kubectl get pods -A -l ${labels(ra.selector)}` : sh`kubectl get pods -n ${ns} -l ${labels(ra.selector)}`) : null),
      }),
    );
  }
  return out;
}

/**
 * A rule that no request without a JWT can match: every `from` demands requestPrincipals, or a `when` tests a
 * request.auth.* attribute with values (a claim, audience, presenter or principal exists only with a valid JWT, J-4).
 */
export function ruleRequiresRequestPrincipal(rule: AuthzRule): boolean {
  const from = rule.from ?? [];
  if (from.length > 0 && from.every((s) => (s.requestPrincipals?.length ?? 0) > 0)) return true;
  return (rule.when ?? []).some((c) => c.key.startsWith('request.auth.') && (c.values?.length ?? 0) > 0);
}

function denyRequiresRequestPrincipal(policy: AuthorizationPolicy): boolean {
  return (policy.rules ?? []).some(
    (r) =>
      (r.from ?? []).some((s) => (s.notRequestPrincipals?.length ?? 0) > 0) ||
      (r.when ?? []).some((c) => c.key === 'request.auth.principal' && (c.notValues?.length ?? 0) > 0),
  );
}

/**
 * J-2: a request without a token gets through unless an enforced DENY rejects it (notRequestPrincipals), or the
 * enforced ALLOW policies, taken together (they are one union, Z-4), admit only requests with a request principal.
 */
export function requiresJwt(policies: readonly AuthorizationPolicy[]): boolean {
  const enforced = policies.filter((p) => !p.dryRun);
  if (enforced.some((p) => p.action === 'DENY' && denyRequiresRequestPrincipal(p))) return true;
  const allows = enforced.filter((p) => p.action === 'ALLOW');
  return allows.length > 0 && allows.every((p) => (p.rules ?? []).every(ruleRequiresRequestPrincipal));
}

/** MP402: a RequestAuthentication applying to ≥1 in-mesh pod on which a request without a token is still accepted. */
function jwtNotRequired(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const ra of ctx.index.snapshot.requestAuthentications) {
    const under = workloadsUnderRequestAuthentication(ctx, ra);
    const open: EvaluatedWorkload[] = under.filter((w) => !requiresJwt(policiesOn(ctx, w)));
    if (open.length === 0) continue;
    const first = open[0]!;
    const issuers = [...new Set(ra.jwtRules.map((r) => r.issuer))];
    out.push(
      makeFinding('MP402', {
        objects: [raId(ra), ...capped(open.map(podId))],
        namespace: ra.meta.namespace,
        message:
          `RequestAuthentication ${nsName(ra.meta)}${issuers.length > 0 ? ` (issuer${issuers.length === 1 ? '' : 's'} ${listForMessage(issuers)})` : ''} applies to ${plural(under.length, 'pod')}, ` +
          `but on ${open.length === under.length ? 'all of them' : plural(open.length, 'pod')} (${listForMessage(open.map((w) => nsName(w.pod.meta)))}) no ALLOW policy requires a request principal and no DENY rejects requests without one: requests with no token are accepted`,
        verify: commands(getRa(ra), sh`istioctl x authz check ${first.pod.meta.name} -n ${first.pod.meta.namespace}`, sh`kubectl get authorizationpolicy -n ${first.pod.meta.namespace}`),
      }),
    );
  }
  return out;
}

export const requestAuthenticationChecks: readonly FindingCheck[] = [
  { code: 'MP401', requires: ['RequestAuthentication', 'Pod', 'Namespace'], run: requestAuthenticationSelectsNothing },
  { code: 'MP402', requires: ['RequestAuthentication', 'AuthorizationPolicy', 'Pod', 'Namespace'], run: jwtNotRequired },
];
