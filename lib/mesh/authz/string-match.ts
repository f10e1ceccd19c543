// String matching of AuthorizationPolicy values (istio-semantics Z-7): every string field accepts an exact value,
// a prefix `abc*`, a suffix `*abc` and presence `*`. What "presence" means depends on the Envoy matcher Istio
// generates for the field, so each field picks one of the flavours below.

export const PRESENCE_FLAVOURS = ['non-empty', 'present'] as const;
/**
 * non-empty: `*` becomes the regex `.+` (principals, paths, claims, SNI): an absent or empty value does not match.
 * present:   `*` becomes `presentMatch` (headers, hosts, methods): any value, even empty, matches when the header exists.
 */
export type PresenceFlavour = (typeof PRESENCE_FLAVOURS)[number];

export interface StringMatchOptions {
  readonly presence?: PresenceFlavour;
  readonly ignoreCase?: boolean;
}

/** Whether `value` (undefined/null when the attribute is absent) matches one Istio string pattern (Z-7). */
export function matchesIstioString(pattern: string, value: string | null | undefined, options: StringMatchOptions = {}): boolean {
  if (value === undefined || value === null) return false;
  const presence = options.presence ?? 'non-empty';
  if (pattern === '*') {
    switch (presence) {
      case 'present':
        return true;
      case 'non-empty':
        return value.length > 0;
    }
  }
  const fold = (s: string): string => (options.ignoreCase ? s.toLowerCase() : s);
  const v = fold(value);
  if (pattern.startsWith('*')) return v.endsWith(fold(pattern.slice(1)));
  if (pattern.endsWith('*')) return v.startsWith(fold(pattern.slice(0, -1)));
  return v === fold(pattern);
}

/** True when any pattern matches (values of one field are ORed, Z-6). */
export function matchesAnyIstioString(
  patterns: readonly string[],
  value: string | null | undefined,
  options: StringMatchOptions = {},
): boolean {
  return patterns.some((p) => matchesIstioString(p, value, options));
}

/** Escapes a literal for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
