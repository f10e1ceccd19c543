import 'server-only';
// The OpenID Connect relying party (authorization code + PKCE, state and nonce) through openid-client. Everything
// that names this dashboard's address comes from configuration (MESH_POSTURE_PUBLIC_URL / _OIDC_REDIRECT_URL), never
// from the request's Host or X-Forwarded-* headers; the flow's secrets ride in a sealed cookie for ten minutes.
import * as client from 'openid-client';
import type { OidcSettings } from './access-config';
import { cookieValue, open, seal, type Sealed } from './sealed-cookie';
import type { Identity } from './session';
import { safeReturnTo } from './return-to';

export const FLOW_COOKIE = 'mesh-posture-oidc-flow';
export const FLOW_COOKIE_PATH = '/api/v1/auth';
export const FLOW_MAX_AGE_SECONDS = 600;
const FLOW_PURPOSE = 'oidc-flow';

type Flow = { readonly state: string; readonly nonce: string; readonly verifier: string; readonly returnTo: string };

function isFlow(v: unknown): v is Sealed<Flow> {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return ['state', 'nonce', 'verifier', 'returnTo'].every((k) => typeof o[k] === 'string') && typeof o['exp'] === 'number';
}

// One discovery per issuer and client per process; a failed one is forgotten so the next sign-in retries.
const CONFIGS = Symbol.for('mesh-posture.oidc-configs');
function configs(): Map<string, Promise<client.Configuration>> {
  const g = globalThis as { [CONFIGS]?: Map<string, Promise<client.Configuration>> };
  return (g[CONFIGS] ??= new Map());
}

export function providerConfig(s: OidcSettings): Promise<client.Configuration> {
  const key = `${s.issuer.href} ${s.clientId} ${s.clientSecret === undefined ? 'public' : 'confidential'}`;
  const cached = configs().get(key);
  if (cached) return cached;
  const auth = s.clientSecret === undefined ? client.None() : client.ClientSecretBasic(s.clientSecret);
  const pending = client.discovery(s.issuer, s.clientId, undefined, auth, s.insecureIssuer ? { execute: [client.allowInsecureRequests] } : undefined);
  pending.catch(() => configs().delete(key));
  configs().set(key, pending);
  return pending;
}

/** The provider's authorization URL and the sealed flow cookie value that must come back with its answer. */
export async function startSignIn(s: OidcSettings, returnTo: string | null, nowSeconds: number): Promise<{ url: URL; flowCookie: string }> {
  const config = await providerConfig(s);
  const flow: Flow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), returnTo: safeReturnTo(returnTo) };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: s.redirectUrl.href,
    scope: s.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url, flowCookie: seal(flow, nowSeconds + FLOW_MAX_AGE_SECONDS, s.sessionSecret, FLOW_PURPOSE) };
}

export class SignInError extends Error {
  override readonly name = 'SignInError';
}

/** Reads the flow cookie of a callback request. */
export function readFlow(headers: Headers, s: OidcSettings, nowSeconds: number): Sealed<Flow> {
  const value = cookieValue(headers, FLOW_COOKIE);
  if (!value) throw new SignInError('this sign-in was not started in this browser, or it took more than ten minutes: sign in again');
  const opened = open(value, s.sessionSecret, FLOW_PURPOSE, nowSeconds, isFlow);
  if (!opened.ok) throw new SignInError(opened.reason === 'expired' ? 'the sign-in took more than ten minutes: sign in again' : 'the sign-in state is not valid: sign in again');
  return opened.value;
}

/** The OAuth error code and description a provider gave (invalid_grant, access_denied…), else the library's message. */
function describeError(e: unknown): string {
  if (!(e instanceof Error)) return 'unknown error';
  const { error, error_description: description } = e as Error & { error?: unknown; error_description?: unknown };
  // openid-client wraps the check that failed (`unexpected ID Token "nonce" claim value`) as the cause.
  if (typeof error !== 'string') return e.cause instanceof Error && e.cause.message !== e.message ? `${e.message}: ${e.cause.message}` : e.message;
  return typeof description === 'string' && description !== '' ? `${error} (${description})` : error;
}

const stringsOf = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Who signed in: a verified e-mail address if the provider gave one, else the subject; groups from the configured claim. */
export function identityFromClaims(claims: Readonly<Record<string, unknown>>, groupsClaim: string): Identity {
  const subject = String(claims['sub']);
  const email = claims['email'];
  const user = typeof email === 'string' && email !== '' && claims['email_verified'] !== false ? email : subject;
  return { user, subject, groups: stringsOf(claims[groupsClaim]) };
}

/**
 * Redeems the code: openid-client checks state, PKCE (the provider does), the ID token's signature, issuer,
 * audience, expiry and nonce. The callback URL it sees is the configured redirect URL with the query the provider
 * sent, so a spoofed Host cannot change what is checked or sent back to the token endpoint.
 */
export async function completeSignIn(s: OidcSettings, callbackUrl: URL, flow: Flow): Promise<Identity> {
  const config = await providerConfig(s);
  const current = new URL(s.redirectUrl.href);
  current.search = callbackUrl.search;
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (e) {
    throw new SignInError(`the identity provider's answer was refused: ${describeError(e)}`);
  }
  const idClaims = tokens.claims();
  if (!idClaims) throw new SignInError('the identity provider returned no ID token');
  let claims: Record<string, unknown> = { ...idClaims };
  // Many providers put groups and e-mail in userinfo only (the ID token stays small).
  if (claims[s.groupsClaim] === undefined && config.serverMetadata().userinfo_endpoint) {
    const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    claims = { ...info, ...claims };
  }
  return identityFromClaims(claims, s.groupsClaim);
}

/** Where sign-out sends the browser: the provider's end-session endpoint when it has one, back to our sign-in page. */
export async function signOutUrl(s: OidcSettings): Promise<string> {
  const back = new URL('/login?signed-out=1', s.publicUrl).href;
  try {
    const config = await providerConfig(s);
    if (!config.serverMetadata().end_session_endpoint) return back;
    return client.buildEndSessionUrl(config, { client_id: s.clientId, post_logout_redirect_uri: back }).href;
  } catch {
    return back;
  }
}
