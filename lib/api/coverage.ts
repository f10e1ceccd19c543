// mTLS coverage counts as served by the API (the engine's CoverageCounts, restated client-safe).

export interface CoverageDto {
  readonly total: number;
  readonly strict: number;
  readonly permissive: number;
  readonly disable: number;
  readonly none: number;
  readonly unknown: number;
}

/** "12.5%" of a part, or an en dash when there is nothing to divide. */
export function formatShare(part: number, total: number): string {
  return total === 0 ? '–' : `${Math.round((1000 * part) / total) / 10}%`;
}
