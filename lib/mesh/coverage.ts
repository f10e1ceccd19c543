// mTLS coverage counts, by workload (workload-level mode) and by port.
import type { CoverageCounts, EffectiveMode } from './model';

const BUCKET: Readonly<Record<EffectiveMode, keyof Omit<CoverageCounts, 'total'>>> = {
  STRICT: 'strict',
  PERMISSIVE: 'permissive',
  DISABLE: 'disable',
  NONE: 'none',
  UNKNOWN: 'unknown',
};

export function emptyCoverage(): CoverageCounts {
  return { total: 0, strict: 0, permissive: 0, disable: 0, none: 0, unknown: 0 };
}

export function countModes(modes: Iterable<EffectiveMode>): CoverageCounts {
  const out = { ...emptyCoverage() };
  for (const mode of modes) {
    out.total += 1;
    out[BUCKET[mode]] += 1;
  }
  return out;
}

export function addCoverage(a: CoverageCounts, b: CoverageCounts): CoverageCounts {
  return {
    total: a.total + b.total,
    strict: a.strict + b.strict,
    permissive: a.permissive + b.permissive,
    disable: a.disable + b.disable,
    none: a.none + b.none,
    unknown: a.unknown + b.unknown,
  };
}
