// How figures read in every rendered report (HTML, PDF): percentages, dates, durations, phases and modes, so the
// same number never reads two ways in two formats. Verdicts are words, never only a colour.
import type { CertStatus, CoverageCounts, EffectiveMode, Severity } from '@/lib/mesh/model';

/** Mesh migration phases (ARCHITECTURE §3). */
const PHASE_NAMES: Readonly<Record<number, string>> = {
  0: 'not in the mesh',
  1: 'Observe',
  2: 'Enable gradually',
  3: 'Enforce',
  4: 'Optimise continuously',
};

export function phaseLabel(phase: number): string {
  return `${phase} (${PHASE_NAMES[phase] ?? 'unknown'})`;
}

export function formatPercent(value: number | null): string {
  return value === null ? 'n/a' : `${value.toFixed(1)}%`;
}

export function sharePercent(part: number, total: number): number | null {
  return total === 0 ? null : Math.round((1000 * part) / total) / 10;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 problem", "2 problems", "0 problems"; `many` for irregular plurals ("1 proxy", "3 proxies"). */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** RFC 3339 as written by the engine, shown without milliseconds. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return 'unknown';
  return value.replace(/\.\d{3}Z$/, 'Z');
}

export function formatRemaining(seconds: number | null): string {
  if (seconds === null) return 'unknown';
  const days = seconds / 86_400;
  if (seconds < 0) return `expired ${Math.ceil(-days)} d ago`;
  if (days < 1) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(days)} d`;
}

export const MODE_LABELS: Readonly<Record<EffectiveMode, string>> = {
  STRICT: 'STRICT',
  PERMISSIVE: 'PERMISSIVE',
  DISABLE: 'DISABLE',
  NONE: 'no dataplane',
  UNKNOWN: 'unknown',
};

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = { error: 'Error', warning: 'Warning', info: 'Info' };

export const CERT_STATUS_LABELS: Readonly<Record<CertStatus, string>> = {
  expired: 'EXPIRED',
  expiring: 'expiring',
  healthy: 'healthy',
  'not-yet-valid': 'not yet valid',
  unknown: 'unknown',
};

/** The segments of a coverage bar, in drawing order, with their legend text and colour. */
export const COVERAGE_SEGMENTS = [
  { key: 'strict', label: 'STRICT (mTLS enforced)', color: '#0b6e4f' },
  { key: 'permissive', label: 'PERMISSIVE (plaintext accepted)', color: '#d4a017' },
  { key: 'disable', label: 'DISABLE (plaintext only)', color: '#b42318' },
  { key: 'none', label: 'no dataplane', color: '#8a94a6' },
  { key: 'unknown', label: 'unknown', color: '#d0d5dd' },
] as const satisfies readonly { key: keyof CoverageCounts; label: string; color: string }[];

/** "12 / 29 STRICT (41.4%)": the text that carries a namespace's verdict beside its bar. */
export function coverageCaption(c: CoverageCounts): string {
  return `${formatCount(c.strict)} / ${formatCount(c.total)} STRICT (${formatPercent(sharePercent(c.strict, c.total))})`;
}
