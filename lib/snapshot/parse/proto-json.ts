// Scalars as protobuf JSON (proto3 JSON mapping) accepts them, for objects Istio decodes with protojson, such as the mesh
// config (istio/istio pkg/util/protomarshal ApplyYAML → ApplyJSON; https://protobuf.dev/programming-guides/json/):
// - 32-bit integers: a JSON number with no fraction, or a string holding one ("9000"), which Helm values often produce;
// - google.protobuf.Duration: a string of seconds with up to 9 fractional digits and the suffix "s" ("1s", "0.5s");
// - enums: the value's name, or its number;
// - every field by its lowerCamelCase JSON name or its original proto name (root_namespace = rootNamespace).
import { z } from 'zod';
import { showValue } from './common';

const INTEGER_TEXT = /^-?\d{1,10}$/;

/** A uint32 in protobuf JSON, bounded to [min, max]: 9000 or "9000". */
export function protoUint(min: number, max: number) {
  return z.union([z.number(), z.string()]).transform((value, ctx) => {
    const n = typeof value === 'string' && INTEGER_TEXT.test(value.trim()) ? Number(value.trim()) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `expected an integer from ${min} to ${max} (a number or a string of digits), got ${showValue(value)}` });
      return z.NEVER;
    }
    return n;
  });
}

export const protoPort = protoUint(1, 65535);

const DURATION_TEXT = /^-?\d{1,12}(\.\d{1,9})?s$/;

/** google.protobuf.Duration in protobuf JSON ("1s", "0.5s", "-2.000000001s"), as seconds. */
export const protoDuration = z.string().transform((value, ctx) => {
  if (!DURATION_TEXT.test(value)) {
    ctx.addIssue({ code: 'custom', message: `expected a duration in seconds with the suffix "s" (e.g. "1s", "0.5s"), got ${showValue(value)}` });
    return z.NEVER;
  }
  return Number(value.slice(0, -1));
});

/** An enum in protobuf JSON: one of `names` (in the proto's order, numbered from 0), or its number. */
export function protoEnum<const T extends readonly [string, ...string[]]>(names: T) {
  return z.union([z.string(), z.number()]).transform((value, ctx): T[number] => {
    const name = typeof value === 'number' ? names[value] : names.find((n) => n === value);
    if (name === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${names.join(', ')} (or its number 0-${names.length - 1}), got ${showValue(value)}` });
      return z.NEVER;
    }
    return name;
  });
}

/** The lowerCamelCase JSON name of a proto field name (mesh_mTLS → meshMTLS); a JSON name is unchanged. */
export function jsonFieldName(key: string): string {
  return key.replace(/_([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The entries of a decoded message with their keys as JSON names (protojson accepts both spellings). */
export function jsonEntries(message: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(message).map(([key, value]) => [jsonFieldName(key), value]);
}
