// One Prometheus configuration for everything that reads it (certificate expiry, observed traffic), from the
// environment (server and CLI) with the CLI's --prometheus-* options laid over it. Works with Prometheus, Thanos
// Query and Grafana Mimir: the URL may carry a path prefix (`https://mimir.example/prometheus`), and the tenant goes
// in `X-Scope-OrgID`. Secrets are never taken inline: the password and the bearer token are read from files.
// (No 'server-only': the CLI reaches this module.)

export class PrometheusSettingsError extends Error {
  override readonly name = 'PrometheusSettingsError';
}

export type PrometheusAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username: string; readonly passwordFile: string }
  | { readonly kind: 'bearer'; readonly tokenFile: string };

export interface PrometheusSettings {
  /** Base URL, path prefix included, without a trailing slash. */
  readonly url: string;
  /** Sent as X-Scope-OrgID (Mimir, Cortex, Thanos receive with tenancy). */
  readonly tenant: string | null;
  readonly auth: PrometheusAuth;
  /** Extra headers, e.g. for a proxy in front of Prometheus. */
  readonly headers: Readonly<Record<string, string>>;
  /** A PEM file of CA certificates to trust instead of the system's (a private CA). */
  readonly caFile: string | null;
  readonly timeoutMs: number;
}

/** Every variable this module reads, and what the CLI calls it. */
export const PROMETHEUS_ENV = {
  url: 'MESH_POSTURE_PROMETHEUS_URL',
  tenant: 'MESH_POSTURE_PROMETHEUS_TENANT',
  username: 'MESH_POSTURE_PROMETHEUS_USERNAME',
  passwordFile: 'MESH_POSTURE_PROMETHEUS_PASSWORD_FILE',
  tokenFile: 'MESH_POSTURE_PROMETHEUS_TOKEN_FILE',
  headers: 'MESH_POSTURE_PROMETHEUS_HEADERS',
  caFile: 'MESH_POSTURE_PROMETHEUS_CA_FILE',
  timeout: 'MESH_POSTURE_PROMETHEUS_TIMEOUT',
} as const;

export type PrometheusSettingKey = keyof typeof PROMETHEUS_ENV;

/** Raw values, by key: from the environment, or the CLI options (`--prometheus`, `--prometheus-tenant`...). */
export type RawPrometheusSettings = Partial<Record<PrometheusSettingKey, string>>;

export const DEFAULT_PROMETHEUS_TIMEOUT_MS = 30_000;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
/** Headers the client sets itself: a custom header must not replace them. */
const RESERVED_HEADERS = new Set(['host', 'authorization', 'x-scope-orgid', 'content-length', 'content-type', 'accept', 'connection', 'transfer-encoding']);

const quoted = (value: string, max = 80): string => JSON.stringify(value.slice(0, max));

export function validatePrometheusUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PrometheusSettingsError(`${name}: expected an http(s) URL, got ${quoted(value)}`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || /\s/.test(value)) {
    throw new PrometheusSettingsError(`${name}: expected an http(s) URL, got ${quoted(value)}`);
  }
  if (url.username || url.password) throw new PrometheusSettingsError(`${name}: credentials in the URL are refused; use the password or token file settings`);
  if (url.search || url.hash) throw new PrometheusSettingsError(`${name}: expected a base URL without a query or fragment, got ${quoted(value)}`);
  return url.toString().replace(/\/+$/, '');
}

/** `Name: value` lines (newline-separated) → headers; names validated, reserved ones refused, no CR/LF in values. */
export function parseHeaderLines(lines: readonly string[], name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const key = colon > 0 ? line.slice(0, colon).trim() : '';
    const value = colon > 0 ? line.slice(colon + 1).trim() : '';
    if (!HEADER_NAME.test(key)) throw new PrometheusSettingsError(`${name}: expected "Name: value", got ${quoted(line, 60)}`);
    if (RESERVED_HEADERS.has(key.toLowerCase())) throw new PrometheusSettingsError(`${name}: ${key} is set by mesh-posture itself (use the tenant, password or token settings)`);
    if (/[\r\n\0]/.test(value)) throw new PrometheusSettingsError(`${name}: the value of ${key} has a control character`);
    out[key] = value;
  }
  return out;
}

function parseTimeout(value: string | undefined, name: string): number {
  if (value === undefined) return DEFAULT_PROMETHEUS_TIMEOUT_MS;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
    throw new PrometheusSettingsError(`${name}: expected seconds from 1 to 600, got ${quoted(value, 40)}`);
  }
  return Math.round(seconds * 1000);
}

/**
 * The settings from raw values; null when no URL is given (no Prometheus: callers get the no-op client).
 * `names` says how each key is called in messages (the variable, or the CLI option).
 */
export function parsePrometheusSettings(raw: RawPrometheusSettings, names: Readonly<Record<PrometheusSettingKey, string>> = PROMETHEUS_ENV): PrometheusSettings | null {
  const set = (k: PrometheusSettingKey): string | undefined => (raw[k] === undefined || raw[k] === '' ? undefined : raw[k]);
  const url = set('url');
  if (url === undefined) {
    const orphan = (Object.keys(names) as PrometheusSettingKey[]).find((k) => k !== 'url' && set(k) !== undefined);
    if (orphan) throw new PrometheusSettingsError(`${names[orphan]} is set but ${names.url} is not`);
    return null;
  }
  const username = set('username');
  const passwordFile = set('passwordFile');
  const tokenFile = set('tokenFile');
  if ((username === undefined) !== (passwordFile === undefined)) throw new PrometheusSettingsError(`${names.username} and ${names.passwordFile} go together (basic auth)`);
  if (username !== undefined && tokenFile !== undefined) throw new PrometheusSettingsError(`${names.tokenFile} and basic auth (${names.username}) exclude each other`);
  if (username !== undefined && /[:\r\n]/.test(username)) throw new PrometheusSettingsError(`${names.username}: a user name cannot hold ':' or a line break`);
  const auth: PrometheusAuth =
    username !== undefined && passwordFile !== undefined ? { kind: 'basic', username, passwordFile } : tokenFile !== undefined ? { kind: 'bearer', tokenFile } : { kind: 'none' };
  const tenant = set('tenant') ?? null;
  if (tenant !== null && !/^[!-~]{1,150}$/.test(tenant)) throw new PrometheusSettingsError(`${names.tenant}: expected a tenant id of printable characters, got ${quoted(tenant, 40)}`);
  return {
    url: validatePrometheusUrl(url, names.url),
    tenant,
    auth,
    headers: parseHeaderLines((set('headers') ?? '').split('\n'), names.headers),
    caFile: set('caFile') ?? null,
    timeoutMs: parseTimeout(set('timeout'), names.timeout),
  };
}

/** The settings of the environment (server, and the CLI's defaults). */
export function prometheusSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): PrometheusSettings | null {
  const raw: RawPrometheusSettings = {};
  for (const [key, variable] of Object.entries(PROMETHEUS_ENV) as [PrometheusSettingKey, string][]) {
    const value = env[variable];
    if (value !== undefined) raw[key] = value;
  }
  return parsePrometheusSettings(raw);
}
