// Verdict → presentation for the pod view, in tables: every verdict has a word (colour is never the only carrier)
// and one of the global state classes.
import type { CertStatusDto, ClientVerdict, EffectiveModeDto } from '@/lib/api/views/pod';

const MODE_CLASS: Readonly<Record<EffectiveModeDto | 'UNSET', string>> = {
  STRICT: 'mode-strict',
  PERMISSIVE: 'mode-permissive',
  DISABLE: 'mode-disable',
  NONE: 'mode-none',
  UNKNOWN: 'mode-unknown',
  UNSET: 'muted',
};

export function modeClass(mode: EffectiveModeDto | 'UNSET'): string {
  return MODE_CLASS[mode];
}

export const VERDICT_TEXT: Readonly<Record<ClientVerdict, string>> = {
  mtls: 'mTLS',
  plaintext: 'Plaintext',
  fails: 'Fails',
  unknown: 'Unknown',
};

export const VERDICT_CLASS: Readonly<Record<ClientVerdict, string>> = {
  mtls: 'state-passed',
  plaintext: 'mode-permissive',
  fails: 'state-failed',
  unknown: 'state-unknown',
};

export const CERT_STATUS_CLASS: Readonly<Record<CertStatusDto, string>> = {
  healthy: 'state-passed',
  expiring: 'mode-permissive',
  expired: 'state-failed',
  'not-yet-valid': 'state-failed',
  unknown: 'state-unknown',
};

/** "3 d 4 h", "5 h 12 min", "expired 2 d ago"; null → unknown. */
export function formatRemaining(seconds: number | null): string {
  if (seconds === null) return 'unknown';
  const abs = Math.abs(seconds);
  const d = Math.floor(abs / 86_400);
  const h = Math.floor((abs % 86_400) / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const text = d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
  return seconds < 0 ? `expired ${text} ago` : text;
}
