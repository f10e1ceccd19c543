// Request authentication as Envoy's jwt_authn filter performs it for the merged jwtRules of the applicable
// RequestAuthentications (istio-semantics J-1..J-5; ARCHITECTURE §4 "A --jwt token is checked the way …").
// The signature is assumed verified when the caller says `valid`; what remains is issuer, audiences and time.
import { nsName, type JwtRule, type RequestAuthentication } from '@/lib/snapshot/types';

/** What the client presented: no token, a token that fails verification, or a verified token's claims. */
export type JwtPresented =
  | { readonly state: 'none' }
  | { readonly state: 'invalid' }
  | { readonly state: 'valid'; readonly claims: Readonly<Record<string, unknown>> };

/** Envoy's JwtProvider `clock_skew_seconds` default, which Istio does not override. */
export const JWT_CLOCK_SKEW_SECONDS = 60;

export type JwtAuthentication =
  /** No token, no applicable RequestAuthentication, or a CORS preflight: passes with no request principal (J-2, J-5). */
  | { readonly outcome: 'anonymous'; readonly reason: string }
  /** 401: the token was presented and failed a check (J-2). */
  | { readonly outcome: 'rejected'; readonly reason: string; readonly policies: readonly string[] }
  | {
      readonly outcome: 'authenticated';
      /** `<iss>/<sub>` (J-4). */
      readonly principal: { readonly iss: string; readonly sub: string };
      readonly claims: Readonly<Record<string, unknown>>;
      readonly policies: readonly string[];
    };

export interface AuthenticationRequest {
  readonly jwt: JwtPresented;
  /** RFC 3339. */
  readonly now: string;
  readonly method?: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** J-5: CORS preflight requests skip the JWT check (BypassCorsPreflight). */
export function isCorsPreflight(request: Pick<AuthenticationRequest, 'method' | 'headers'>): boolean {
  return request.method?.toUpperCase() === 'OPTIONS' && 'origin' in request.headers && 'access-control-request-method' in request.headers;
}

function audiencesOf(claims: Readonly<Record<string, unknown>>): readonly string[] {
  const aud = claims['aud'];
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

function audienceAccepted(rule: JwtRule, claims: Readonly<Record<string, unknown>>): boolean {
  if (rule.audiences.length === 0) return true;
  const aud = audiencesOf(claims);
  return rule.audiences.some((a) => aud.includes(a));
}

/** exp/nbf in seconds against `now`, with Envoy's clock skew; a non-numeric exp/nbf is a parse error (401). */
function timeProblem(claims: Readonly<Record<string, unknown>>, now: string): string | null {
  const nowSeconds = Date.parse(now) / 1000;
  if (!Number.isFinite(nowSeconds)) return `the time ${JSON.stringify(now)} is not RFC 3339`;
  const exp = claims['exp'];
  const nbf = claims['nbf'];
  if (exp !== undefined && typeof exp !== 'number') return 'its exp claim is not a number';
  if (nbf !== undefined && typeof nbf !== 'number') return 'its nbf claim is not a number';
  if (typeof nbf === 'number' && nowSeconds + JWT_CLOCK_SKEW_SECONDS < nbf) return 'it is not yet valid (nbf)';
  if (typeof exp === 'number' && nowSeconds > exp + JWT_CLOCK_SKEW_SECONDS) return 'it has expired (exp)';
  return null;
}

/**
 * J-1..J-5: authenticates the request against the merged jwtRules of `requestAuthentications` (applicable ones).
 * With none applicable a token is ignored; no token passes anonymously; an invalid token, an unknown issuer, an
 * audience outside the rule's `audiences`, or exp/nbf out of range is a 401.
 */
export function authenticateRequest(requestAuthentications: readonly RequestAuthentication[], request: AuthenticationRequest): JwtAuthentication {
  const policies = requestAuthentications.map((ra) => nsName(ra.meta));
  const rules = requestAuthentications.flatMap((ra) => ra.jwtRules);
  if (rules.length === 0) {
    return { outcome: 'anonymous', reason: 'no RequestAuthentication with jwtRules applies, so a token is not examined' };
  }
  if (isCorsPreflight(request)) return { outcome: 'anonymous', reason: 'CORS preflight requests skip the JWT check (J-5)' };
  const jwt = request.jwt;
  switch (jwt.state) {
    case 'none':
      return { outcome: 'anonymous', reason: 'no token was presented: the request passes without a request principal (J-2)' };
    case 'invalid':
      return { outcome: 'rejected', reason: 'the token failed verification (J-2)', policies };
    case 'valid':
      break;
  }
  const iss = jwt.claims['iss'];
  if (typeof iss !== 'string') return { outcome: 'rejected', reason: 'the token has no iss claim', policies };
  const forIssuer = rules.filter((r) => r.issuer === iss);
  if (forIssuer.length === 0) {
    return { outcome: 'rejected', reason: `the token's issuer ${JSON.stringify(iss)} is not among the applicable jwtRules' issuers`, policies };
  }
  if (!forIssuer.some((r) => audienceAccepted(r, jwt.claims))) {
    return { outcome: 'rejected', reason: `the token's audience is not among the audiences configured for issuer ${JSON.stringify(iss)}`, policies };
  }
  const problem = timeProblem(jwt.claims, request.now);
  if (problem) return { outcome: 'rejected', reason: `the token was rejected: ${problem}`, policies };
  const sub = typeof jwt.claims['sub'] === 'string' ? jwt.claims['sub'] : '';
  return { outcome: 'authenticated', principal: { iss, sub }, claims: jwt.claims, policies };
}
