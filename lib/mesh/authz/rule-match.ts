// Whether one AuthorizationPolicy rule matches a concrete request (istio-semantics Z-6): at least one `from`, at
// least one `to`, and every `when`; a missing list matches anything. Inside a source/operation the fields are
// ANDed, the values of a field ORed, and `notX` must match none of its values. An attribute the request does not
// carry (no peer principal on plaintext, no JWT, no header) matches no value, so its `notX` form matches (Z-10).
import type { AuthzCondition, AuthzOperation, AuthzRule, AuthzSource } from '@/lib/snapshot/types';
import { ipInAnyCidr } from './cidr';
import {
  matchesAnyNamespace,
  matchesAnyPrincipal,
  matchesNamespace,
  matchesPrincipal,
  matchesRequestPrincipal,
  matchesServiceAccount,
  matchesTrustDomain,
  type RequestPrincipal,
} from './identity-match';
import { matchesPathPattern } from './path-match';
import { matchesIstioString } from './string-match';

/** The facts of one request or connection, as an enforcement point sees them. */
export interface MatchInput {
  readonly port: number;
  /** Authenticated peer principal without `spiffe://`; null on plaintext (Z-10). */
  readonly peer: string | null;
  readonly sourceIp?: string;
  /** X-Forwarded-For / PROXY-protocol address; falls back to the source address. */
  readonly remoteIp?: string;
  readonly destinationIp?: string;
  readonly sni?: string;
  readonly method?: string;
  readonly path?: string;
  readonly host?: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestPrincipal: RequestPrincipal | null;
  readonly claims: Readonly<Record<string, unknown>> | null;
  /** Trust domain bundle for Z-14 alias expansion; null: none (ztunnel). */
  readonly trustBundle: readonly string[] | null;
}

type Test = (value: string) => boolean;

/** One field: any of `values` (when given) and none of `notValues` (when given). */
function field(values: readonly string[] | undefined, notValues: readonly string[] | undefined, test: Test): boolean {
  return listField(values, notValues, (vs) => vs.some(test));
}

const portTest =
  (port: number): Test =>
  (v) =>
    Number(v) === port;

/** `field` for a list matched as a whole: `any(values)` says whether one of them matches. */
function listField(values: readonly string[] | undefined, notValues: readonly string[] | undefined, any: (values: readonly string[]) => boolean): boolean {
  if (values && values.length > 0 && !any(values)) return false;
  if (notValues && notValues.length > 0 && any(notValues)) return false;
  return true;
}

function sourceMatches(s: AuthzSource, input: MatchInput, policyNamespace: string): boolean {
  const remote = input.remoteIp ?? input.sourceIp;
  // Principals and namespaces, the fields a mesh's rules use most, are matched as compiled lists (identity-match.ts).
  return (
    listField(s.principals, s.notPrincipals, (vs) => matchesAnyPrincipal(vs, input.peer, input.trustBundle)) &&
    listField(s.namespaces, s.notNamespaces, (vs) => matchesAnyNamespace(vs, input.peer)) &&
    field(s.requestPrincipals, s.notRequestPrincipals, (v) => matchesRequestPrincipal(v, input.requestPrincipal)) &&
    field(s.ipBlocks, s.notIpBlocks, (v) => ipInAnyCidr([v], input.sourceIp)) &&
    field(s.remoteIpBlocks, s.notRemoteIpBlocks, (v) => ipInAnyCidr([v], remote)) &&
    field(s.serviceAccounts, s.notServiceAccounts, (v) => matchesServiceAccount(v, policyNamespace, input.peer)) &&
    field(s.trustDomains, s.notTrustDomains, (v) => matchesTrustDomain(v, input.peer))
  );
}

function operationMatches(o: AuthzOperation, input: MatchInput): boolean {
  return (
    field(o.hosts, o.notHosts, (v) => matchesIstioString(v, input.host, { presence: 'present', ignoreCase: true })) &&
    field(o.ports, o.notPorts, portTest(input.port)) &&
    field(o.methods, o.notMethods, (v) => matchesIstioString(v, input.method, { presence: 'present' })) &&
    field(o.paths, o.notPaths, (v) => matchesPathPattern(v, input.path))
  );
}

/** `request.auth.claims[a][b]` → ['a', 'b']; null when malformed. */
export function claimPath(key: string): readonly string[] | null {
  const rest = key.slice('request.auth.claims'.length);
  const names: string[] = [];
  const re = /\[([^[\]]+)\]/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(rest)) !== null) {
    names.push(m[1] ?? '');
    consumed = re.lastIndex;
  }
  return names.length > 0 && consumed === rest.length ? names : null;
}

/** `request.headers[X-Name]` → 'x-name'; null when malformed. */
export function headerName(key: string): string | null {
  const m = /^request\.headers\[([^[\]]+)\]$/.exec(key);
  return m?.[1] ? m[1].toLowerCase() : null;
}

/** Envoy header matchers also see the pseudo-headers `:method`, `:path` and `:authority`. */
function headerValue(input: MatchInput, name: string): string | undefined {
  switch (name) {
    case ':method':
      return input.method;
    case ':path':
      return input.path;
    case ':authority':
      return input.host;
    default:
      return input.headers[name];
  }
}

function claimValue(claims: Readonly<Record<string, unknown>> | null, path: readonly string[]): unknown {
  let cur: unknown = claims;
  for (const name of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[name];
  }
  return cur;
}

/** J-4: a string claim matches the pattern; a list claim matches when any string element does. */
function claimTest(value: unknown): Test {
  return (pattern) => {
    if (typeof value === 'string') return matchesIstioString(pattern, value);
    if (Array.isArray(value)) return value.some((e) => typeof e === 'string' && matchesIstioString(pattern, e));
    return false;
  };
}

function conditionTest(key: string, input: MatchInput, policyNamespace: string): Test {
  if (key.startsWith('request.headers')) {
    const name = headerName(key);
    return (v) => name !== null && matchesIstioString(v, headerValue(input, name), { presence: 'present' });
  }
  if (key.startsWith('request.auth.claims')) {
    const path = claimPath(key);
    return path ? claimTest(claimValue(input.claims, path)) : () => false;
  }
  // experimental.envoy.filters.*: filter metadata the dashboard cannot see, so it is treated as absent.
  if (key.startsWith('experimental.envoy.filters.')) return () => false;
  switch (key) {
    case 'source.ip':
      return (v) => ipInAnyCidr([v], input.sourceIp);
    case 'remote.ip':
      return (v) => ipInAnyCidr([v], input.remoteIp ?? input.sourceIp);
    case 'source.namespace':
      return (v) => matchesNamespace(v, input.peer);
    case 'source.principal':
      return (v) => matchesPrincipal(v, input.peer, input.trustBundle);
    case 'source.serviceAccount':
      return (v) => matchesServiceAccount(v, policyNamespace, input.peer);
    case 'source.trustDomain':
      return (v) => matchesTrustDomain(v, input.peer);
    case 'request.auth.principal':
      return (v) => matchesRequestPrincipal(v, input.requestPrincipal);
    case 'request.auth.audiences':
      return claimTest(input.claims?.['aud']);
    case 'request.auth.presenter':
      return claimTest(input.claims?.['azp']);
    case 'destination.ip':
      return (v) => ipInAnyCidr([v], input.destinationIp);
    case 'destination.port':
      return portTest(input.port);
    case 'connection.sni':
      return (v) => matchesIstioString(v, input.sni ?? '');
    default:
      return () => false;
  }
}

function conditionMatches(c: AuthzCondition, input: MatchInput, policyNamespace: string): boolean {
  return field(c.values, c.notValues, conditionTest(c.key, input, policyNamespace));
}

/** Z-6: whether `rule` of a policy in `policyNamespace` matches the request. */
export function ruleMatches(rule: AuthzRule, input: MatchInput, policyNamespace: string): boolean {
  if (rule.from && !rule.from.some((s) => sourceMatches(s, input, policyNamespace))) return false;
  if (rule.to && !rule.to.some((o) => operationMatches(o, input))) return false;
  return (rule.when ?? []).every((c) => conditionMatches(c, input, policyNamespace));
}
