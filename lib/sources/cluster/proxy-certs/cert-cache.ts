// Per-pod results of the per-pod tiers, kept for a TTL so a relist or a recompute does not dial every proxy again.
// Failures are kept too: a pod that refused a minute ago is not asked again on every pass.
import type { ProxyCertificates } from '@/lib/snapshot/types';

export type TierOutcome = { readonly ok: true; readonly value: ProxyCertificates } | { readonly ok: false; readonly reason: string };

interface Entry {
  readonly atMs: number;
  readonly outcome: TierOutcome;
}

export class ProxyCertCache {
  private readonly entries = new Map<string, Entry>();

  /** `maxEntries` bounds memory whatever the pod churn; the oldest entry goes first. */
  constructor(private readonly maxEntries = 100_000) {}

  get(key: string, nowMs: number, ttlMs: number): TierOutcome | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // A clock that went backwards also invalidates: the entry's age is unknown.
    if (nowMs - entry.atMs >= ttlMs || nowMs < entry.atMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.outcome;
  }

  set(key: string, nowMs: number, outcome: TierOutcome): void {
    this.entries.delete(key);
    this.entries.set(key, { atMs: nowMs, outcome });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
