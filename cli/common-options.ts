// Options shared by the verbs: where the data comes from, and the instant verdicts are computed for.
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './io';

export const SOURCE_OPTIONS = {
  source: { type: 'string' },
  context: { type: 'string' },
  now: { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function parseNow(value: string | undefined, clock: () => Date): Date {
  if (value === undefined) return clock();
  if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) throw new UsageError(`--now: expected an RFC 3339 time such as 2026-11-26T12:00:00Z, got ${JSON.stringify(value.slice(0, 40))}`);
  return new Date(value);
}

export function requireSource(value: string | undefined): string {
  if (!value) throw new UsageError('--source is required: a YAML/JSON file or folder, "demo", or "cluster"');
  return value;
}

export function pickFormat<const T extends readonly string[]>(value: string | undefined, allowed: T, fallback: T[number]): T[number] {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw new UsageError(`--format: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value.slice(0, 40))}`);
  return value;
}

