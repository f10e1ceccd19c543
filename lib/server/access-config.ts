import 'server-only';
// The sign-in modes' settings, read from the environment (docs/security.md lists every variable). A mode whose
// settings are incomplete or contradictory is never half-enabled: parsing returns a reason and access stays closed.
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';

type Env = Readonly<Record<string, string | undefined>>;

export const MIN_SESSION_SECRET_LENGTH = 32;
export const DEFAULT_SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export type AllowList = { readonly users: readonly string[]; readonly groups: readonly string[] };

export type OidcSettings = {
  readonly issuer: URL;
  readonly clientId: string;
  /** undefined: a public client (PKCE only, no client authentication). */
  readonly clientSecret: string | undefined;
  /** From configuration only, never from the request's Host or X-Forwarded-* headers. */
  readonly redirectUrl: URL;
  readonly publicUrl: URL;
  readonly scopes: string;
  readonly groupsClaim: string;
  readonly allow: AllowList;
  readonly sessionSecret: string;
  readonly sessionMaxAgeSeconds: number;
  /** Plain-HTTP issuers are accepted on loopback only (tests, a local IdP). */
  readonly insecureIssuer: boolean;
};

export type ProxySettings = {
  readonly userHeader: string;
  readonly groupsHeader: string | undefined;
  readonly secretHeader: string;
  readonly secret: string | undefined;
  /** The raw list, for messages; `trusted` answers. */
  readonly trustedAddresses: readonly string[];
  readonly trusted: BlockList | undefined;
  readonly allow: AllowList;
};

export type Parsed<T> = { readonly ok: true; readonly settings: T } | { readonly ok: false; readonly reason: string };

const fileCache = new Map<string, string>();
function readSecretFile(file: string): string {
  const cached = fileCache.get(file);
  if (cached !== undefined) return cached;
  const text = readFileSync(file, 'utf8').trim();
  fileCache.set(file, text);
  return text;
}

/** `NAME` or the trimmed content of the file named by `NAME_FILE` (a mounted Secret). */
function secretFrom(env: Env, name: string): { value: string | undefined } | { error: string } {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct && file) return { error: `set ${name} or ${name}_FILE, not both` };
  if (direct) return { value: direct };
  if (!file) return { value: undefined };
  try {
    return { value: readSecretFile(file) };
  } catch (e) {
    return { error: `${name}_FILE cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

export function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function absoluteUrl(value: string | undefined, name: string): URL | string {
  if (!value) return `${name} is not set`;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${name} must be an http(s) URL`;
    if (url.username || url.password || url.hash) return `${name} must not carry credentials or a fragment`;
    return url;
  } catch {
    return `${name} is not a URL`;
  }
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export function oidcConfigured(env: Env): boolean {
  return Boolean(env['MESH_POSTURE_OIDC_ISSUER']);
}

export function parseOidcSettings(env: Env): Parsed<OidcSettings> {
  const fail = (reason: string): Parsed<OidcSettings> => ({ ok: false, reason: `OpenID Connect sign-in is not usable: ${reason}, so access stays closed` });
  const issuer = absoluteUrl(env['MESH_POSTURE_OIDC_ISSUER'], 'MESH_POSTURE_OIDC_ISSUER');
  if (typeof issuer === 'string') return fail(issuer);
  const insecureIssuer = issuer.protocol === 'http:';
  if (insecureIssuer && !isLoopbackHost(issuer.hostname)) return fail('MESH_POSTURE_OIDC_ISSUER must be https (plain http only on loopback)');
  const clientId = env['MESH_POSTURE_OIDC_CLIENT_ID'];
  if (!clientId) return fail('MESH_POSTURE_OIDC_CLIENT_ID is not set');
  const clientSecret = secretFrom(env, 'MESH_POSTURE_OIDC_CLIENT_SECRET');
  if ('error' in clientSecret) return fail(clientSecret.error);
  const publicUrl = absoluteUrl(env['MESH_POSTURE_PUBLIC_URL'], 'MESH_POSTURE_PUBLIC_URL');
  if (typeof publicUrl === 'string') return fail(publicUrl);
  if (publicUrl.pathname !== '/' || publicUrl.search) return fail('MESH_POSTURE_PUBLIC_URL must be an origin (the dashboard is served at its root)');
  const redirectUrl = env['MESH_POSTURE_OIDC_REDIRECT_URL']
    ? absoluteUrl(env['MESH_POSTURE_OIDC_REDIRECT_URL'], 'MESH_POSTURE_OIDC_REDIRECT_URL')
    : new URL('/api/v1/auth/callback', publicUrl);
  if (typeof redirectUrl === 'string') return fail(redirectUrl);
  if (redirectUrl.origin !== publicUrl.origin) return fail('MESH_POSTURE_OIDC_REDIRECT_URL must be on MESH_POSTURE_PUBLIC_URL (the session cookie is set there)');
  const allow = { users: list(env['MESH_POSTURE_OIDC_ALLOWED_USERS']), groups: list(env['MESH_POSTURE_OIDC_ALLOWED_GROUPS']) };
  if (allow.users.length === 0 && allow.groups.length === 0) {
    return fail('set MESH_POSTURE_OIDC_ALLOWED_GROUPS and/or MESH_POSTURE_OIDC_ALLOWED_USERS (an identity provider alone lets in every account it knows)');
  }
  const sessionSecret = secretFrom(env, 'MESH_POSTURE_SESSION_SECRET');
  if ('error' in sessionSecret) return fail(sessionSecret.error);
  if (!sessionSecret.value || sessionSecret.value.length < MIN_SESSION_SECRET_LENGTH) {
    return fail(`MESH_POSTURE_SESSION_SECRET must be set to ${MIN_SESSION_SECRET_LENGTH}+ characters`);
  }
  const maxAgeText = env['MESH_POSTURE_SESSION_MAX_AGE'];
  const sessionMaxAgeSeconds = maxAgeText ? Number(maxAgeText) : DEFAULT_SESSION_MAX_AGE_SECONDS;
  if (!Number.isInteger(sessionMaxAgeSeconds) || sessionMaxAgeSeconds < 1 || sessionMaxAgeSeconds > 7 * 24 * 3600) {
    return fail('MESH_POSTURE_SESSION_MAX_AGE must be a whole number of seconds between 1 and 604800');
  }
  const scopes = env['MESH_POSTURE_OIDC_SCOPES'] ?? 'openid profile email';
  if (!scopes.split(/\s+/).includes('openid')) return fail('MESH_POSTURE_OIDC_SCOPES must include openid');
  return {
    ok: true,
    settings: {
      issuer,
      clientId,
      clientSecret: clientSecret.value,
      redirectUrl,
      publicUrl,
      scopes,
      groupsClaim: env['MESH_POSTURE_OIDC_GROUPS_CLAIM'] ?? 'groups',
      allow,
      sessionSecret: sessionSecret.value,
      sessionMaxAgeSeconds,
      insecureIssuer,
    },
  };
}

export function proxyConfigured(env: Env): boolean {
  return Boolean(env['MESH_POSTURE_PROXY_USER_HEADER']);
}

const HEADER_NAME = /^[A-Za-z0-9-]+$/;

function blockList(entries: readonly string[]): BlockList | string {
  const bl = new BlockList();
  for (const entry of entries) {
    const [address, prefixText, ...extra] = entry.split('/');
    const family = address === undefined ? 0 : isIP(address);
    if (address === undefined || family === 0 || extra.length > 0) return `MESH_POSTURE_PROXY_TRUSTED_ADDRESSES: ${JSON.stringify(entry)} is not an IP address or CIDR`;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefixText === undefined) {
      bl.addAddress(address, type);
      continue;
    }
    const prefix = Number(prefixText);
    if (!/^\d+$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) return `MESH_POSTURE_PROXY_TRUSTED_ADDRESSES: ${JSON.stringify(entry)} has a bad prefix length`;
    bl.addSubnet(address, prefix, type);
  }
  return bl;
}

export function parseProxySettings(env: Env): Parsed<ProxySettings> {
  const fail = (reason: string): Parsed<ProxySettings> => ({ ok: false, reason: `trusted-proxy sign-in is not usable: ${reason}, so access stays closed` });
  const userHeader = env['MESH_POSTURE_PROXY_USER_HEADER'] ?? '';
  const groupsHeader = env['MESH_POSTURE_PROXY_GROUPS_HEADER'] || undefined;
  const secretHeader = env['MESH_POSTURE_PROXY_SECRET_HEADER'] || 'x-mesh-posture-proxy-secret';
  for (const [name, value] of [
    ['MESH_POSTURE_PROXY_USER_HEADER', userHeader],
    ['MESH_POSTURE_PROXY_GROUPS_HEADER', groupsHeader],
    ['MESH_POSTURE_PROXY_SECRET_HEADER', secretHeader],
  ] as const) {
    if (value !== undefined && !HEADER_NAME.test(value)) return fail(`${name} is not a header name`);
  }
  const secret = secretFrom(env, 'MESH_POSTURE_PROXY_SECRET');
  if ('error' in secret) return fail(secret.error);
  if (secret.value !== undefined && secret.value.length < MIN_SESSION_SECRET_LENGTH) return fail(`MESH_POSTURE_PROXY_SECRET must be ${MIN_SESSION_SECRET_LENGTH}+ characters`);
  const trustedAddresses = list(env['MESH_POSTURE_PROXY_TRUSTED_ADDRESSES']);
  const trusted = trustedAddresses.length > 0 ? blockList(trustedAddresses) : undefined;
  if (typeof trusted === 'string') return fail(trusted);
  if (secret.value === undefined && trusted === undefined) {
    return fail('set MESH_POSTURE_PROXY_SECRET and/or MESH_POSTURE_PROXY_TRUSTED_ADDRESSES (otherwise any client could send the identity header)');
  }
  return {
    ok: true,
    settings: {
      userHeader: userHeader.toLowerCase(),
      groupsHeader: groupsHeader?.toLowerCase(),
      secretHeader: secretHeader.toLowerCase(),
      secret: secret.value,
      trustedAddresses,
      trusted,
      allow: { users: list(env['MESH_POSTURE_PROXY_ALLOWED_USERS']), groups: list(env['MESH_POSTURE_PROXY_ALLOWED_GROUPS']) },
    },
  };
}
