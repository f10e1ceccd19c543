// The observed-traffic options of `report` and `check`: where Prometheus is (laid over the MESH_POSTURE_PROMETHEUS_*
// variables, the one configuration certificate expiry uses too), the window read and the evidence period.
import type { ParseArgsConfig } from 'node:util';
import { DEFAULT_EVIDENCE_DAYS } from '@/lib/mesh/traffic';
import { PROMETHEUS_ENV, PrometheusSettingsError, parsePrometheusSettings, type PrometheusSettingKey, type PrometheusSettings, type RawPrometheusSettings } from '@/lib/sources/prometheus/settings';
import { UsageError } from './io';

export const TRAFFIC_OPTIONS = {
  prometheus: { type: 'string' },
  'prometheus-tenant': { type: 'string' },
  'prometheus-username': { type: 'string' },
  'prometheus-password-file': { type: 'string' },
  'prometheus-token-file': { type: 'string' },
  'prometheus-header': { type: 'string', multiple: true },
  'prometheus-ca-file': { type: 'string' },
  'prometheus-timeout': { type: 'string' },
  window: { type: 'string' },
  'evidence-days': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const TRAFFIC_USAGE = `Observed traffic (docs/traffic.md), read when a Prometheus is given here or in MESH_POSTURE_PROMETHEUS_URL:
  --prometheus URL              Prometheus, Thanos Query or Mimir base URL (path prefix included,
                                e.g. https://mimir.example/prometheus)
  --prometheus-tenant ID        sent as X-Scope-OrgID (Mimir, Cortex, Thanos with tenancy)
  --prometheus-username U       basic auth, with --prometheus-password-file FILE
  --prometheus-token-file FILE  bearer token, read again whenever the file changes
  --prometheus-header 'N: V'    an extra header (repeatable)
  --prometheus-ca-file FILE     PEM CA bundle for an https Prometheus with a private CA
  --prometheus-timeout S        seconds per query (default 30)
  --window D                    history read, e.g. 14d (default), 36h, 90m; at most 400d
  --evidence-days N             days without plaintext needed for "ready" (default ${DEFAULT_EVIDENCE_DAYS}); at most the window
`;

/** CLI option → settings key (the option names messages use). */
const OPTION_NAMES: Readonly<Record<PrometheusSettingKey, string>> = {
  url: '--prometheus',
  tenant: '--prometheus-tenant',
  username: '--prometheus-username',
  passwordFile: '--prometheus-password-file',
  tokenFile: '--prometheus-token-file',
  headers: '--prometheus-header',
  caFile: '--prometheus-ca-file',
  timeout: '--prometheus-timeout',
};

export interface TrafficRequest {
  readonly settings: PrometheusSettings;
  readonly windowSeconds: number;
  readonly evidenceDays: number;
}

type TrafficValues = { [K in keyof typeof TRAFFIC_OPTIONS]?: K extends 'prometheus-header' ? string[] : string };

const UNITS: Readonly<Record<string, number>> = { m: 60, h: 3600, d: 86_400 };
export const DEFAULT_WINDOW_SECONDS = 14 * 86_400;
const MAX_WINDOW_SECONDS = 400 * 86_400;

export function parseWindow(value: string | undefined): number {
  if (value === undefined) return DEFAULT_WINDOW_SECONDS;
  const m = /^(\d{1,6})([mhd])$/.exec(value);
  const seconds = m ? Number(m[1]) * (UNITS[m[2]!] ?? 0) : NaN;
  if (!m || !(seconds >= 3600) || seconds > MAX_WINDOW_SECONDS) throw new UsageError(`--window: expected a duration from 1h to 400d such as 14d, 36h or 90m, got ${JSON.stringify(value.slice(0, 40))}`);
  return seconds;
}

/**
 * The traffic to read, or null when no Prometheus is configured (flags or environment). Each flag replaces its
 * variable; a flag given without a URL anywhere is a usage error, as is an evidence period longer than the window.
 */
export function parseTrafficOptions(values: TrafficValues, env: Readonly<Record<string, string | undefined>>): TrafficRequest | null {
  const raw: RawPrometheusSettings = {};
  const names: Record<PrometheusSettingKey, string> = { ...PROMETHEUS_ENV };
  for (const key of Object.keys(OPTION_NAMES) as PrometheusSettingKey[]) {
    const flag = OPTION_NAMES[key].slice(2) as keyof TrafficValues;
    const given = values[flag];
    if (given !== undefined) {
      raw[key] = Array.isArray(given) ? given.join('\n') : given;
      names[key] = OPTION_NAMES[key];
    } else if (env[PROMETHEUS_ENV[key]] !== undefined) {
      raw[key] = env[PROMETHEUS_ENV[key]];
    }
  }
  let settings: PrometheusSettings | null;
  try {
    settings = parsePrometheusSettings(raw, names);
  } catch (e) {
    if (e instanceof PrometheusSettingsError) throw new UsageError(e.message);
    throw e;
  }
  const windowSeconds = parseWindow(values.window);
  const evidence = values['evidence-days'];
  const evidenceDays = evidence === undefined ? DEFAULT_EVIDENCE_DAYS : Number(evidence);
  if (evidence !== undefined && (!/^\d{1,3}$/.test(evidence) || evidenceDays < 1)) throw new UsageError(`--evidence-days: expected a whole number of days from 1, got ${JSON.stringify(evidence.slice(0, 40))}`);
  if (evidenceDays * 86_400 > windowSeconds) throw new UsageError(`--evidence-days ${evidenceDays} is longer than --window (${windowSeconds / 86_400} days): the window must cover the evidence period`);
  if (!settings) {
    if (values.window !== undefined || evidence !== undefined) throw new UsageError('--window and --evidence-days need a Prometheus: --prometheus URL or MESH_POSTURE_PROMETHEUS_URL');
    return null;
  }
  return { settings, windowSeconds, evidenceDays };
}
