// Restart delays for the supervisor: exponential with jitter, so many kinds failing together (an API server outage)
// do not come back in lock-step and storm the server when it returns.

export interface BackoffTuning {
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

/** Delay before restart number `failures` (1-based): base·2^(n-1), capped, then scaled by a factor in [0.5, 1). */
export function backoffDelay(failures: number, tuning: BackoffTuning, random: () => number = Math.random): number {
  const exp = Math.min(tuning.backoffMaxMs, tuning.backoffBaseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(exp * (0.5 + random() / 2));
}
