// Certificate status at a given `now`: the precedence lives in one table per certificate role.
// Thresholds and their Istio citations are in ./thresholds.
import type { CertStatus } from '../model';
import {
  LATEST_ROTATION_REMAINING_RATIO,
  LEAF_EXPIRING_REMAINING_RATIO,
  LEAF_EXPIRING_REMAINING_SECONDS,
  ROOT_EXPIRING_REMAINING_SECONDS,
} from './thresholds';

export interface Validity {
  /** null when only the expiry is known (agent metrics). */
  readonly notBefore: string | null;
  readonly notAfter: string;
}

export interface CertTiming {
  /** Seconds from now to notAfter (negative once expired). */
  readonly remainingSeconds: number;
  /** Seconds from notBefore to now (negative when not yet valid); null when notBefore is unknown. */
  readonly elapsedSeconds: number | null;
  /** notAfter − notBefore; null when notBefore is unknown. */
  readonly lifetimeSeconds: number | null;
}

export interface Classification {
  readonly status: CertStatus;
  /** null when a timestamp could not be read. */
  readonly timing: CertTiming | null;
}

const seconds = (fromMs: number, toMs: number): number => Math.floor((toMs - fromMs) / 1000);

export function timingOf(validity: Validity, now: string): CertTiming | null {
  const nowMs = Date.parse(now);
  const notAfterMs = Date.parse(validity.notAfter);
  const notBeforeMs = validity.notBefore === null ? null : Date.parse(validity.notBefore);
  if (Number.isNaN(nowMs) || Number.isNaN(notAfterMs) || (notBeforeMs !== null && Number.isNaN(notBeforeMs))) return null;
  return {
    remainingSeconds: seconds(nowMs, notAfterMs),
    elapsedSeconds: notBeforeMs === null ? null : seconds(notBeforeMs, nowMs),
    lifetimeSeconds: notBeforeMs === null ? null : seconds(notBeforeMs, notAfterMs),
  };
}

/** Past the latest point at which Istio's agent rotates (§5.1). Unknown lifetime: never says so. */
export function isPastRotationPoint(t: CertTiming): boolean {
  return t.lifetimeSeconds !== null && t.remainingSeconds < t.lifetimeSeconds * LATEST_ROTATION_REMAINING_RATIO;
}

function isLeafExpiring(t: CertTiming): boolean {
  // Only the expiry known: assume the default 24h TTL, whose quarter is the absolute threshold.
  if (t.lifetimeSeconds === null) return t.remainingSeconds < LEAF_EXPIRING_REMAINING_SECONDS;
  return (
    isPastRotationPoint(t) &&
    (t.remainingSeconds < t.lifetimeSeconds * LEAF_EXPIRING_REMAINING_RATIO || t.remainingSeconds < LEAF_EXPIRING_REMAINING_SECONDS)
  );
}

type Rule = { readonly status: Exclude<CertStatus, 'healthy' | 'unknown'>; readonly applies: (t: CertTiming) => boolean };

const isExpired = (t: CertTiming): boolean => t.remainingSeconds <= 0; // now ≥ notAfter
const isNotYetValid = (t: CertTiming): boolean => t.elapsedSeconds !== null && t.elapsedSeconds < 0; // now < notBefore

/** First matching rule wins; none matching is healthy. */
const LEAF_RULES: readonly Rule[] = [
  { status: 'expired', applies: isExpired },
  { status: 'not-yet-valid', applies: isNotYetValid },
  { status: 'expiring', applies: isLeafExpiring },
];

const CA_RULES: readonly Rule[] = [
  { status: 'expired', applies: isExpired },
  { status: 'not-yet-valid', applies: isNotYetValid },
  { status: 'expiring', applies: (t) => t.remainingSeconds < ROOT_EXPIRING_REMAINING_SECONDS },
];

function classify(rules: readonly Rule[], validity: Validity, now: string): Classification {
  const timing = timingOf(validity, now);
  if (!timing) return { status: 'unknown', timing: null };
  return { status: rules.find((r) => r.applies(timing))?.status ?? 'healthy', timing };
}

/** A workload (leaf) certificate. */
export function classifyLeaf(validity: Validity, now: string): Classification {
  return classify(LEAF_RULES, validity, now);
}

/** A root or intermediate CA certificate. */
export function classifyCa(validity: Validity, now: string): Classification {
  return classify(CA_RULES, validity, now);
}

/** "3d 4h", "5h 12m", "42m", "30s": for notes. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.abs(totalSeconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  return m > 0 ? `${m}m` : `${s}s`;
}
