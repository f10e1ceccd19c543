// mTLS coverage counts, by workload (workload-level mode) and by port.
import type { CoverageCounts, EffectiveMode, WorkloadMtls } from './model';

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

const PLAINTEXT_MODES: ReadonlySet<EffectiveMode> = new Set(['PERMISSIVE', 'DISABLE', 'NONE']);

/**
 * Whether a workload accepts plaintext on some port (or, with no declared port, at the workload level). UNKNOWN is
 * not counted here: it is reported as unknown, neither secure nor exposed.
 */
export function acceptsPlaintext(mtls: Pick<WorkloadMtls, 'mode' | 'ports'>): boolean {
  const ports = Object.values(mtls.ports);
  return ports.length === 0 ? PLAINTEXT_MODES.has(mtls.mode) : ports.some((m) => PLAINTEXT_MODES.has(m));
}
