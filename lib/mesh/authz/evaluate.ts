// The authorization decision for one concrete request (istio-semantics Z-4): CUSTOM, then the JWT check, then
// DENY, then ALLOW; AUDIT and dry-run policies never decide. Sidecars and gateways enforce through Envoy
// (HTTP or TCP filter chain, Z-11); ambient workloads without a waypoint through ztunnel (Z-15).
import { nsName, type AuthorizationPolicy, type MeshSnapshot, type RequestAuthentication } from '@/lib/snapshot/types';
import type { MeshIndex } from '@/lib/mesh/mesh-index';
import { authenticateRequest, type JwtPresented } from '@/lib/mesh/jwt';
import { applicableAuthorizationPolicies, applicableRequestAuthentications, type AuthzTarget } from './applicability';
import { resolveCustomAuthz, type CustomAuthzSetup } from './custom-providers';
import { normalizePrincipal, trustDomainBundle } from './identity-match';
import { ruleMatches, type MatchInput } from './rule-match';
import { httpView, tcpView, ztunnelView, type PolicyView } from './views';

export interface RequestAttributes {
  readonly protocol: 'http' | 'tcp';
  /** Workload (container) port (Z-12). */
  readonly port: number;
  /** The connection arrived with Istio mTLS (peer authenticated). */
  readonly mtls: boolean;
  /** e.g. 'cluster.local/ns/foo/sa/bar' (no 'spiffe://'); null on plaintext. */
  readonly sourcePrincipal: string | null;
  readonly sourceIp?: string;
  readonly remoteIp?: string;
  readonly destinationIp?: string;
  readonly sni?: string;
  readonly method?: string;
  readonly path?: string;
  readonly host?: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly jwt: JwtPresented;
  /** RFC 3339, for JWT exp/nbf. */
  readonly now: string;
}

export interface AuthzDecision {
  readonly outcome: 'allowed' | 'denied' | 'unauthenticated';
  /** One sentence naming the deciding rule/policy. */
  readonly reason: string;
  /** 'ns/name' of the deciding policies: the matching DENYs, the matching ALLOWs, the ALLOWs that apply when none matched, or the RequestAuthentications on 401. */
  readonly policies: readonly string[];
  /** AUDIT policies that matched (never decide). */
  readonly audited: readonly string[];
  /** Set when a CUSTOM policy matched: the outcome assumes the external authorizer allows. */
  readonly customProvider?: string;
  /** Set when AuthorizationPolicy or RequestAuthentication data is missing or forbidden. */
  readonly unknownReason?: string;
}

function kindProblem(snapshot: MeshSnapshot, kind: 'AuthorizationPolicy' | 'RequestAuthentication' | 'MeshConfig'): string | null {
  const k = snapshot.kinds[kind];
  return k.status === 'ok' ? null : `${kind} could not be read (${k.status}${k.reason ? `: ${k.reason}` : ''}): the decision may differ`;
}

function unknownReasonFor(target: AuthzTarget, protocol: RequestAttributes['protocol'], index: MeshIndex, hasCustom: boolean): string | undefined {
  const problems = [kindProblem(index.snapshot, 'AuthorizationPolicy')];
  if (target.dataplane === 'sidecar' && protocol === 'http') problems.push(kindProblem(index.snapshot, 'RequestAuthentication'));
  if (hasCustom) problems.push(kindProblem(index.snapshot, 'MeshConfig'));
  const known = problems.filter((p): p is string => p !== null);
  return known.length > 0 ? known.join('; ') : undefined;
}

function matchingPolicies(views: readonly PolicyView[], input: MatchInput): readonly AuthorizationPolicy[] {
  return views.filter((v) => v.rules.some((r) => ruleMatches(r, input, v.policy.meta.namespace))).map((v) => v.policy);
}

const ids = (policies: readonly AuthorizationPolicy[]): readonly string[] => policies.map((p) => nsName(p.meta));
const quoted = (policies: readonly AuthorizationPolicy[]): string => ids(policies).join(', ');

function baseInput(request: RequestAttributes, trustBundle: readonly string[] | null): MatchInput {
  return {
    port: request.port,
    peer: request.mtls ? normalizePrincipal(request.sourcePrincipal) : null,
    ...(request.sourceIp !== undefined ? { sourceIp: request.sourceIp } : {}),
    ...(request.remoteIp !== undefined ? { remoteIp: request.remoteIp } : {}),
    ...(request.destinationIp !== undefined ? { destinationIp: request.destinationIp } : {}),
    ...(request.sni !== undefined ? { sni: request.sni } : {}),
    ...(request.protocol === 'http'
      ? {
          ...(request.method !== undefined ? { method: request.method } : {}),
          ...(request.path !== undefined ? { path: request.path } : {}),
          ...(request.host !== undefined ? { host: request.host } : {}),
        }
      : {}),
    headers: request.protocol === 'http' ? request.headers : {},
    requestPrincipal: null,
    claims: null,
    trustBundle,
  };
}

type DecisionCore = Omit<AuthzDecision, 'audited'>;

/** The views of one enforcement point split by action, once per target and protocol. */
interface ActionViews {
  readonly denies: readonly PolicyView[];
  readonly allows: readonly PolicyView[];
}

const byAction = (views: readonly PolicyView[], action: AuthorizationPolicy['action']): readonly PolicyView[] => views.filter((v) => v.policy.action === action);

/** DENY then ALLOW (Z-4 steps 2-5) over views that can still match at this enforcement point. */
function denyThenAllow({ denies: denyViews, allows: allowViews }: ActionViews, input: MatchInput, where: string): DecisionCore {
  const denies = matchingPolicies(denyViews, input);
  if (denies.length > 0) return { outcome: 'denied', reason: `Denied by DENY policy ${quoted(denies)} at ${where}.`, policies: ids(denies) };
  if (allowViews.length === 0) return { outcome: 'allowed', reason: `Allowed: no ALLOW policy applies at ${where}, so nothing restricts it.`, policies: [] };
  const allows = matchingPolicies(allowViews, input);
  if (allows.length > 0) return { outcome: 'allowed', reason: `Allowed by ALLOW policy ${quoted(allows)} at ${where}.`, policies: ids(allows) };
  const applying = allowViews.map((v) => v.policy);
  return { outcome: 'denied', reason: `Denied: ALLOW policies apply at ${where} (${quoted(applying)}) and none of their rules matches.`, policies: ids(applying) };
}

/** The decision of one Envoy enforcement point for any request of `protocol`: what does not depend on the request is worked out once. */
type Evaluator = (request: RequestAttributes) => AuthzDecision;

function prepareEnvoy(
  target: AuthzTarget,
  protocol: RequestAttributes['protocol'],
  index: MeshIndex,
  all: readonly AuthorizationPolicy[],
  at?: string,
  requestAuthentications?: readonly RequestAuthentication[],
): Evaluator {
  const mesh = index.snapshot.meshConfig;
  const bundle = trustDomainBundle(mesh.trustDomain, mesh.trustDomainAliases);
  const where = at ?? (target.isGateway ? `the gateway's ${protocol.toUpperCase()} filter chain` : `the sidecar's ${protocol.toUpperCase()} filter chain`);
  const enforced = all.filter((p) => !p.dryRun);
  const custom: CustomAuthzSetup = resolveCustomAuthz(all, mesh);
  const view = (p: AuthorizationPolicy): PolicyView | null => {
    if (protocol === 'http') return httpView(p);
    return tcpView(p, p.action === 'CUSTOM' && custom.state === 'valid' ? custom.provider.kind : undefined);
  };
  const views = enforced.map(view).filter((v): v is PolicyView => v !== null);
  const customViews = byAction(views, 'CUSTOM');
  const auditViews = byAction(views, 'AUDIT');
  const actionViews: ActionViews = { denies: byAction(views, 'DENY'), allows: byAction(views, 'ALLOW') };
  const ras = protocol === 'http' ? (requestAuthentications ?? applicableRequestAuthentications(target, index)) : [];

  return (request) => {
    const input = baseInput(request, bundle);
    // 1. CUSTOM (Z-4): ext_authz runs first; a refused provider becomes a fail-closed DENY of the matched requests.
    const customs = customViews.length > 0 ? matchingPolicies(customViews, input) : [];
    let customProvider: string | undefined;
    if (customs.length > 0) {
      switch (custom.state) {
        case 'refused':
          return { outcome: 'denied', reason: `Denied by CUSTOM policy ${quoted(customs)}: ${custom.reason}, so Istio denies the requests its rules match (fail closed).`, policies: ids(customs), audited: [] };
        case 'valid':
          customProvider = custom.provider.name;
          break;
        case 'none':
          break;
      }
    }
    const subject = customProvider ? ` This is subject to the external authorizer "${customProvider}" (CUSTOM policy ${quoted(customs)}), assumed to allow.` : '';
    const withCustom = (d: DecisionCore, audited: readonly string[]): AuthzDecision => ({
      ...d,
      reason: `${d.reason}${subject}`,
      audited,
      ...(customProvider ? { customProvider } : {}),
    });

    // 2. JWT (J-1..J-5): HTTP only; the jwt_authn filter runs before the RBAC filters.
    let authInput = input;
    if (request.protocol === 'http') {
      const auth = authenticateRequest(ras, request);
      switch (auth.outcome) {
        case 'rejected':
          return withCustom({ outcome: 'unauthenticated', reason: `Rejected with 401 by RequestAuthentication ${auth.policies.join(', ')}: ${auth.reason}.`, policies: auth.policies }, []);
        case 'authenticated':
          authInput = { ...input, requestPrincipal: auth.principal, claims: auth.claims };
          break;
        case 'anonymous':
          break;
      }
    }

    // 3. AUDIT marks, DENY, ALLOW.
    const audited = auditViews.length > 0 ? ids(matchingPolicies(auditViews, authInput)) : [];
    return withCustom(denyThenAllow(actionViews, authInput, where), audited);
  };
}

function evaluateZtunnel(request: RequestAttributes, all: readonly AuthorizationPolicy[]): AuthzDecision {
  const views = all.map(ztunnelView).filter((v): v is PolicyView => v !== null);
  return { ...denyThenAllow({ denies: byAction(views, 'DENY'), allows: byAction(views, 'ALLOW') }, baseInput(request, null), 'ztunnel (L4 only)'), audited: [] };
}

/** Z-4: the decision for `request` arriving at `target`. */
export function evaluateAuthorization(target: AuthzTarget, request: RequestAttributes, index: MeshIndex): AuthzDecision {
  const all = applicableAuthorizationPolicies(target, index);
  const unknownReason = unknownReasonFor(target, request.protocol, index, all.some((p) => p.action === 'CUSTOM'));
  const decision = ((): AuthzDecision => {
    switch (target.dataplane) {
      case 'none':
        return { outcome: 'allowed', reason: 'Allowed: the pod has neither a sidecar nor ztunnel, so nothing enforces authorization.', policies: [], audited: [] };
      case 'ambient':
        return evaluateZtunnel(request, all);
      case 'sidecar':
        return prepareEnvoy(target, request.protocol, index, all)(request);
    }
  })();
  return unknownReason ? { ...decision, unknownReason } : decision;
}

/**
 * The decision of an Envoy proxy given the policies attached to it, for a waypoint: there the AuthorizationPolicies
 * and RequestAuthentications come from targetRefs (the Gateway, the GatewayClass istio-waypoint, the Service the
 * request is for: Z-3, J-1), not from the pod. The same evaluator as a sidecar's (Z-4, Z-11); `where` names the proxy.
 */
export function evaluateAuthorizationWithPolicies(
  target: AuthzTarget,
  request: RequestAttributes,
  index: MeshIndex,
  attached: { readonly policies: readonly AuthorizationPolicy[]; readonly requestAuthentications: readonly RequestAuthentication[] },
  where: string,
): AuthzDecision {
  return authorizationEvaluatorWithPolicies(target, request.protocol, index, attached, where)(request);
}

/**
 * evaluateAuthorizationWithPolicies for many requests of one protocol at the same proxy: the policies' views, the
 * CUSTOM provider and what cannot be read are worked out once (a least-privilege suggestion asks about every
 * principal it names).
 */
export function authorizationEvaluatorWithPolicies(
  target: AuthzTarget,
  protocol: RequestAttributes['protocol'],
  index: MeshIndex,
  attached: { readonly policies: readonly AuthorizationPolicy[]; readonly requestAuthentications: readonly RequestAuthentication[] },
  where: string,
): (request: RequestAttributes) => AuthzDecision {
  const { policies, requestAuthentications } = attached;
  const unknownReason = unknownReasonFor({ ...target, dataplane: 'sidecar' }, protocol, index, policies.some((p) => p.action === 'CUSTOM'));
  const evaluate = prepareEnvoy(target, protocol, index, policies, `${where}'s ${protocol.toUpperCase()} filter chain`, requestAuthentications);
  return (request) => {
    if (request.protocol !== protocol) throw new Error(`an evaluator for ${protocol} asked about a ${request.protocol} request`);
    const decision = evaluate(request);
    return unknownReason ? { ...decision, unknownReason } : decision;
  };
}
