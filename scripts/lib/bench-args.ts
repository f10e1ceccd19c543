// What the benchmark scripts share: an integer flag checked with its name, and a percentile of sorted samples.

/** `--name N` as an integer >= min, `fallback` when absent; anything else is a usage error naming the flag. */
export function intFlag(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new RangeError(`--${name}: expected an integer >= ${min}, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** The p-th percentile (nearest rank) of ascending `sorted`; NaN when there is none. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
