// Matching of identity fields against the peer's authenticated principal (istio-semantics Z-7, Z-10, Z-14) and
// of request principals against the JWT (J-4). Principals are written without `spiffe://`, e.g.
// `cluster.local/ns/foo/sa/bar`; a plaintext connection has no principal and matches no identity value.
import { escapeRegExp, matchesIstioString } from './string-match';

const DEFAULT_TRUST_DOMAIN = 'cluster.local';

/**
 * Z-14: a principal `td/ns/x/sa/y` whose trust domain names the local trust domain or one of its aliases (or the
 * placeholder `cluster.local`) also matches the same ns/sa under every trust domain of the bundle
 * (meshConfig.trustDomain followed by trustDomainAliases). A bare `*`, or a `*` trust domain, does not enforce a trust domain and stays
 * as written. A leading-`*` trust domain keeps its pattern for the domains it already matches.
 * `bundle` null: no expansion (ztunnel, Z-15).
 */
export function expandTrustDomainAliases(principal: string, bundle: readonly string[] | null): readonly string[] {
  if (!bundle || bundle.length === 0) return [principal];
  // Every rule value is expanded once per trust domain bundle: a traffic reconciliation asks
  // about tens of thousands of principals against the same few policy values.
  const key = bundle.length === 1 ? bundle[0]! : bundle.join('\u0000');
  let cache = EXPANSIONS.get(key);
  if (!cache) {
    if (EXPANSIONS.size >= MAX_BUNDLES) EXPANSIONS.clear();
    EXPANSIONS.set(key, (cache = new Map()));
  }
  let out = cache.get(principal);
  if (!out) {
    if (cache.size >= MAX_EXPANSIONS_PER_BUNDLE) cache.clear();
    cache.set(principal, (out = expand(principal, bundle)));
  }
  return out;
}

/** Bundle (its trust domains joined) → rule value → expansion; both bounded, so hostile input cannot grow them. */
const EXPANSIONS = new Map<string, Map<string, readonly string[]>>();
const MAX_BUNDLES = 16;
const MAX_EXPANSIONS_PER_BUNDLE = 50_000;

function expand(principal: string, bundle: readonly string[]): readonly string[] {
  const parts = principal.split('/');
  if (parts.length !== 5 || parts[0] === '*') return [principal];
  const td = parts[0] ?? '';
  const rest = parts.slice(1).join('/');
  const inBundle = bundle.some((b) => matchesIstioString(td, b)) || td === DEFAULT_TRUST_DOMAIN;
  if (!inBundle) return [principal];
  const out: string[] = [];
  for (const b of bundle) {
    const keep = td.startsWith('*') && b.endsWith(td.slice(1));
    const candidate = keep ? principal : `${b}/${rest}`;
    if (!out.includes(candidate)) out.push(candidate);
  }
  return out;
}

/** The trust domain bundle of the mesh: trustDomain first, then aliases, without duplicates. */
export function trustDomainBundle(trustDomain: string, aliases: readonly string[]): readonly string[] {
  return [...new Set([trustDomain, ...aliases])];
}

/** Strips an optional `spiffe://` so callers may pass either form. */
export function normalizePrincipal(principal: string | null): string | null {
  if (principal === null) return null;
  return principal.startsWith('spiffe://') ? principal.slice('spiffe://'.length) : principal;
}

/** `principals` / `source.principal` (Z-7: compared to `spiffe://` + value; `*` needs a non-empty principal). */
export function matchesPrincipal(pattern: string, peer: string | null, bundle: readonly string[] | null): boolean {
  if (peer === null) return false;
  return expandTrustDomainAliases(pattern, bundle).some((p) => matchesIstioString(p, peer, { presence: 'non-empty' }));
}

/** `namespaces` / `source.namespace`: the regex `.*\/ns/<ns>/.*` over the SPIFFE id, `*` standing for `.*` (Z-7). */
export function matchesNamespace(pattern: string, peer: string | null): boolean {
  if (peer === null) return false;
  let re = NAMESPACE_PATTERNS.get(pattern);
  if (!re) {
    if (NAMESPACE_PATTERNS.size >= MAX_NAMESPACE_PATTERNS) NAMESPACE_PATTERNS.clear();
    NAMESPACE_PATTERNS.set(pattern, (re = new RegExp(`^.*/ns/${pattern.split('*').map(escapeRegExp).join('.*')}/.*$`)));
  }
  return re.test(`spiffe://${peer}`);
}

const NAMESPACE_PATTERNS = new Map<string, RegExp>();
const MAX_NAMESPACE_PATTERNS = 10_000;

// The values of one `principals` or `namespaces` field, compiled once per field (and trust domain bundle) into a set of
// exact values and the few patterns that need the general matcher: a traffic reconciliation asks thousands of peers
// against the same fields, and a long list then costs one lookup instead of one match per value. Same answers as
// matching each value with matchesPrincipal / matchesNamespace (identity-match.test.ts checks both ways agree).
interface CompiledField {
  readonly exact: ReadonlySet<string>;
  readonly patterns: readonly string[];
}

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
const compiledPrincipals = new WeakMap<readonly string[], Map<string, CompiledField>>();
const compiledNamespaces = new WeakMap<readonly string[], CompiledField>();

/** Whether any of `values` matches the peer as a principal (Z-7, Z-14): the same as `values.some(matchesPrincipal)`. */
export function matchesAnyPrincipal(values: readonly string[], peer: string | null, bundle: readonly string[] | null): boolean {
  if (peer === null) return false;
  const key = bundle === null ? '' : bundle.length === 1 ? bundle[0]! : bundle.join('\u0000');
  let byBundle = compiledPrincipals.get(values);
  if (!byBundle) compiledPrincipals.set(values, (byBundle = new Map()));
  let field = byBundle.get(key);
  if (!field) {
    const exact = new Set<string>();
    const patterns: string[] = [];
    for (const value of values) {
      for (const p of expandTrustDomainAliases(value, bundle)) {
        // matchesIstioString: `*`, `*x` and `x*` are patterns; anything else (a `*` inside included) is compared as is.
        if (p.startsWith('*') || p.endsWith('*')) patterns.push(p);
        else exact.add(p);
      }
    }
    byBundle.set(key, (field = { exact, patterns }));
  }
  return field.exact.has(peer) || field.patterns.some((p) => matchesIstioString(p, peer, { presence: 'non-empty' }));
}

/** Whether any of `values` matches the peer's namespace (Z-7): the same as `values.some(matchesNamespace)`. */
export function matchesAnyNamespace(values: readonly string[], peer: string | null): boolean {
  if (peer === null) return false;
  let field = compiledNamespaces.get(values);
  if (!field) {
    const exact = new Set<string>();
    const patterns: string[] = [];
    // A value without `*`, `/` or a line break matches exactly when `/ns/<value>/` occurs in the SPIFFE id.
    for (const value of values) {
      if (value.includes('*') || value.includes('/') || LINE_TERMINATOR.test(value)) patterns.push(value);
      else exact.add(value);
    }
    compiledNamespaces.set(values, (field = { exact, patterns }));
  }
  if (field.exact.size > 0) {
    // The regex `^.*/ns/<ns>/.*$` does not cross a line break: such a peer goes through the regex itself.
    if (LINE_TERMINATOR.test(peer)) return values.some((v) => matchesNamespace(v, peer));
    const id = `spiffe://${peer}`;
    for (let at = id.indexOf('/ns/'); at >= 0; at = id.indexOf('/ns/', at + 1)) {
      const end = id.indexOf('/', at + 4);
      if (end >= 0 && field.exact.has(id.slice(at + 4, end))) return true;
    }
  }
  return field.patterns.some((p) => matchesNamespace(p, peer));
}

/** `serviceAccounts`: `ns/sa`, or `sa` meaning the policy's namespace; no wildcards (Z-7, serviceAccountRegex). */
export function matchesServiceAccount(value: string, policyNamespace: string, peer: string | null): boolean {
  if (peer === null) return false;
  const slash = value.indexOf('/');
  const ns = slash >= 0 ? value.slice(0, slash) : policyNamespace;
  const sa = slash >= 0 ? value.slice(slash + 1) : value;
  const re = new RegExp(`^spiffe://.+/ns/${escapeRegExp(ns)}/(.+/|)sa/${escapeRegExp(sa)}(/.+)?$`);
  return re.test(`spiffe://${peer}`);
}

/** The trust domain of a principal `td/ns/...`. */
export function trustDomainOf(principal: string): string {
  const slash = principal.indexOf('/');
  return slash >= 0 ? principal.slice(0, slash) : principal;
}

/** `trustDomains` / `source.trustDomain`: a string match on the peer's trust domain (prefix `spiffe://td/`). */
export function matchesTrustDomain(pattern: string, peer: string | null): boolean {
  if (peer === null || !peer.includes('/')) return false;
  return matchesIstioString(pattern, trustDomainOf(peer), { presence: 'non-empty' });
}

/** The authenticated end user of an HTTP request (J-4): issuer and subject of a verified JWT. */
export interface RequestPrincipal {
  readonly iss: string;
  readonly sub: string;
}

/**
 * `requestPrincipals` / `request.auth.principal` (J-4). Istio splits the value at its last `/` (an issuer may be a
 * URL) and matches `iss` and `sub` separately: `*` needs both non-empty, `*x` is any issuer with subject suffix
 * `x` (or, with a `/`, an issuer suffix and exact subject), `x*` an issuer prefix with any subject (or, with a `/`,
 * an exact issuer and subject prefix), anything else an exact issuer and subject.
 */
export function matchesRequestPrincipal(pattern: string, principal: RequestPrincipal | null): boolean {
  if (principal === null) return false;
  const idx = pattern.lastIndexOf('/');
  const found = idx >= 0;
  const iss = found ? pattern.slice(0, idx) : pattern;
  const sub = found ? pattern.slice(idx + 1) : '';
  const nonEmpty = (s: string): boolean => s.length > 0;
  if (pattern === '*') return nonEmpty(principal.iss) && nonEmpty(principal.sub);
  if (pattern.startsWith('*')) {
    if (found) {
      const issOk = iss === '*' ? nonEmpty(principal.iss) : principal.iss.endsWith(iss.slice(1));
      return issOk && principal.sub === sub;
    }
    return nonEmpty(principal.iss) && principal.sub.endsWith(pattern.slice(1));
  }
  if (pattern.endsWith('*')) {
    if (found) {
      const subOk = sub === '*' ? nonEmpty(principal.sub) : principal.sub.startsWith(sub.slice(0, -1));
      return principal.iss === iss && subOk;
    }
    return principal.iss.startsWith(pattern.slice(0, -1)) && nonEmpty(principal.sub);
  }
  return principal.iss === iss && principal.sub === sub;
}
