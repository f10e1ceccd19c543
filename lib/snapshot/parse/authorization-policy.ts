// AuthorizationPolicy (security.istio.io v1 and v1beta1, same schema). Besides the shape, Istio's webhook
// validation is applied (istio pkg/config/validation ValidateAuthorizationPolicy): an object it rejects is not in
// force, so it fails here and the caller records a collection issue (istio-semantics Z-5, Z-6, Z-9).
import { z } from 'zod';
import { AUTHZ_ACTIONS, type AuthorizationPolicy, type AuthzCondition, type AuthzOperation, type AuthzRule, type AuthzSource } from '../types';
import {
  enumOf,
  fail,
  matchLabelsSchema,
  mergeTargetRefs,
  ok,
  parseMeta,
  parseWith,
  showValue,
  stringList,
  targetRefsFields,
  type ParseContext,
  type ParseResult,
  type RawObject,
} from './common';

export const DRY_RUN_ANNOTATION = 'istio.io/dry-run';

const values = stringList.nullable().optional();

const sourceSchema = z.object({
  principals: values,
  notPrincipals: values,
  requestPrincipals: values,
  notRequestPrincipals: values,
  namespaces: values,
  notNamespaces: values,
  ipBlocks: values,
  notIpBlocks: values,
  remoteIpBlocks: values,
  notRemoteIpBlocks: values,
  serviceAccounts: values,
  notServiceAccounts: values,
  trustDomains: values,
  notTrustDomains: values,
});

const operationSchema = z.object({
  hosts: values,
  notHosts: values,
  ports: values,
  notPorts: values,
  methods: values,
  notMethods: values,
  paths: values,
  notPaths: values,
});

const conditionSchema = z.object({ key: z.string().optional(), values, notValues: values });

const ruleSchema = z
  .object({
    from: z.array(z.object({ source: sourceSchema.nullable().optional() }).nullable()).nullable().optional(),
    to: z.array(z.object({ operation: operationSchema.nullable().optional() }).nullable()).nullable().optional(),
    when: z.array(conditionSchema.nullable()).nullable().optional(),
  })
  .nullable();

const specSchema = z.object({
  selector: matchLabelsSchema,
  ...targetRefsFields,
  action: enumOf(AUTHZ_ACTIONS).nullable().optional(),
  provider: z.object({ name: z.string().nullable().optional() }).nullable().optional(),
  rules: z.array(ruleSchema).nullable().optional(),
});

type RawSource = z.infer<typeof sourceSchema>;
type RawOperation = z.infer<typeof operationSchema>;

/** Keeps the fields that are set, dropping nulls, so the snapshot carries only what the author wrote. */
function compact<T extends Record<string, readonly string[] | null | undefined>>(raw: T): { [K in keyof T]?: readonly string[] } {
  const out: { [K in keyof T]?: readonly string[] } = {};
  for (const key of Object.keys(raw) as (keyof T)[]) {
    const v = raw[key];
    if (v !== null && v !== undefined) out[key] = v;
  }
  return out;
}

/** strconv.ParseBool, which Istio uses for the dry-run annotation (Z-13); anything else counts as false. */
export function parseIstioBool(value: string | undefined): boolean {
  return value !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

// ---- Istio webhook validation of rules (ValidateAuthorizationPolicy, security.ValidateAttribute) ----

/** An IPv4/IPv6 address or CIDR, as Istio's ValidateIPs accepts. */
function isIpOrCidr(text: string): boolean {
  const [addr = '', len, extra] = text.split('/');
  if (extra !== undefined) return false;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  const isV4 = v4 !== null && v4.slice(1).every((o) => Number(o) <= 255);
  const isV6 = !isV4 && addr.includes(':') && /^[0-9a-fA-F:.]+$/.test(addr) && (addr.match(/::/g) ?? []).length <= 1 && addr.split(':').length <= 8;
  if (!isV4 && !isV6) return false;
  return len === undefined || (/^\d{1,3}$/.test(len) && Number(len) <= (isV4 ? 32 : 128));
}

const isPort = (v: string): boolean => /^\d{1,5}$/.test(v) && Number(v) <= 65535;

/** Z-8: `{*}`/`{**}` alone in their segment, `{**}` the last operator. */
function isValidPathTemplate(path: string): boolean {
  let sawGlob = false;
  for (const seg of path.split('/')) {
    if (!seg.includes('{') && !seg.includes('}')) continue;
    if ((seg !== '{*}' && seg !== '{**}') || sawGlob) return false;
    sawGlob = seg === '{**}';
  }
  return true;
}

function checkValues(list: readonly string[] | null | undefined, path: string, errors: string[], check?: (v: string) => boolean, what = 'value'): void {
  (list ?? []).forEach((v, i) => {
    if (v === '') errors.push(`${path}[${i}]: must not be empty`);
    else if (check && !check(v)) errors.push(`${path}[${i}]: ${showValue(v)} is not a valid ${what}`);
  });
}

const has = (list: readonly string[] | null | undefined): boolean => (list ?? []).length > 0;
const SOURCE_KEYS = Object.keys(sourceSchema.shape) as (keyof RawSource)[];
const OPERATION_KEYS = Object.keys(operationSchema.shape) as (keyof RawOperation)[];

function validateSource(s: RawSource, path: string, action: string, errors: string[]): void {
  if (!SOURCE_KEYS.some((k) => has(s[k]))) errors.push(`${path}: must not be empty`);
  if ((has(s.principals) || has(s.notPrincipals) || has(s.namespaces) || has(s.notNamespaces)) && (has(s.serviceAccounts) || has(s.notServiceAccounts))) {
    errors.push(`${path}: cannot set serviceAccounts with namespaces or principals`);
  }
  for (const k of SOURCE_KEYS) {
    const ip = k.toLowerCase().endsWith('ipblocks');
    const sa = k.toLowerCase().endsWith('serviceaccounts');
    checkValues(s[k], `${path}.${k}`, errors, ip ? isIpOrCidr : sa ? (v) => !v.includes('*') && v.split('/').length <= 2 : undefined, ip ? 'IP or CIDR' : 'service account');
  }
  if (action === 'CUSTOM') {
    for (const k of ['namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts', 'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals'] as const) {
      if (has(s[k])) errors.push(`${path}.${k}: is not supported with action CUSTOM`);
    }
  }
}

function validateOperation(o: RawOperation, path: string, errors: string[]): void {
  if (!OPERATION_KEYS.some((k) => has(o[k]))) errors.push(`${path}: must not be empty`);
  for (const k of OPERATION_KEYS) {
    const port = k === 'ports' || k === 'notPorts';
    const tpl = k === 'paths' || k === 'notPaths';
    checkValues(o[k], `${path}.${k}`, errors, port ? isPort : tpl ? isValidPathTemplate : undefined, port ? 'port' : 'path template');
  }
}

/** Z-9: the supported `when` keys; any other key makes the policy invalid. */
const CONDITION_KEYS = new Set([
  'source.ip', 'remote.ip', 'source.namespace', 'source.serviceAccount', 'source.trustDomain', 'source.principal',
  'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter', 'destination.ip', 'destination.port', 'connection.sni',
]);

function conditionKeyProblem(key: string): string | null {
  if (key === '') return 'must not be empty';
  if (CONDITION_KEYS.has(key)) return null;
  if (key.startsWith('request.headers')) return /^request\.headers\[[^[\]]+\]$/.test(key) ? null : 'must be request.headers[<name>]';
  if (key.startsWith('request.auth.claims')) return /^request\.auth\.claims(\[[^[\]]+\])+$/.test(key) ? null : 'must be request.auth.claims[<name>] (nested as [a][b])';
  if (key.startsWith('experimental.envoy.filters.')) return /^experimental\.envoy\.filters\.[^[\]]+\[[^[\]]+\]$/.test(key) ? null : 'must be experimental.envoy.filters.<filter>[<key>]';
  return `unknown attribute ${showValue(key)}`;
}

function validateCondition(c: { key: string; values: readonly string[]; notValues: readonly string[] }, path: string, action: string, errors: string[]): void {
  const problem = conditionKeyProblem(c.key);
  if (problem) errors.push(`${path}.key: ${problem}`);
  if (c.values.length === 0 && c.notValues.length === 0) errors.push(`${path}: at least one of values or notValues must be set for key ${showValue(c.key)}`);
  const ip = ['source.ip', 'remote.ip', 'destination.ip'].includes(c.key);
  const check = ip ? isIpOrCidr : c.key === 'destination.port' ? isPort : undefined;
  checkValues(c.values, `${path}.values`, errors, check, ip ? 'IP or CIDR' : 'port');
  checkValues(c.notValues, `${path}.notValues`, errors, check, ip ? 'IP or CIDR' : 'port');
  if (action === 'CUSTOM' && (['source.namespace', 'source.serviceAccount', 'source.principal'].includes(c.key) || c.key.startsWith('request.auth.'))) {
    errors.push(`${path}.key: ${c.key} is not supported with action CUSTOM`);
  }
}

function convertRule(raw: NonNullable<z.infer<typeof ruleSchema>>, path: string, action: string, errors: string[]): AuthzRule {
  if (raw.from && raw.from.length === 0) errors.push(`${path}.from: must not be empty (omit it to match any source)`);
  if (raw.to && raw.to.length === 0) errors.push(`${path}.to: must not be empty (omit it to match any operation)`);
  const from = raw.from?.map((f, j): AuthzSource => {
    const p = `${path}.from[${j}].source`;
    if (!f?.source) {
      errors.push(`${p}: must not be null`);
      return {};
    }
    validateSource(f.source, p, action, errors);
    return compact(f.source);
  });
  const to = raw.to?.map((t, j): AuthzOperation => {
    const p = `${path}.to[${j}].operation`;
    if (!t?.operation) {
      errors.push(`${p}: must not be null`);
      return {};
    }
    validateOperation(t.operation, p, errors);
    return compact(t.operation);
  });
  const when = raw.when?.map((c, j): AuthzCondition => {
    const p = `${path}.when[${j}]`;
    if (!c) {
      errors.push(`${p}: must not be null`);
      return { key: '' };
    }
    validateCondition({ key: c.key ?? '', values: c.values ?? [], notValues: c.notValues ?? [] }, p, action, errors);
    return { key: c.key ?? '', ...(c.values ? { values: c.values } : {}), ...(c.notValues ? { notValues: c.notValues } : {}) };
  });
  return { from: from ?? null, to: to ?? null, when: when ?? null };
}

export function parseAuthorizationPolicy(raw: RawObject, ctx: ParseContext): ParseResult<AuthorizationPolicy> {
  // The apiVersion was checked when the document was routed to this parser (kind-routes.ts).
  const meta = parseMeta(raw, ctx);
  if (!meta.ok) return meta;
  const parsed = parseWith(specSchema, raw['spec'] ?? {}, 'spec');
  if (!parsed.ok) return parsed;
  const spec = parsed.value;
  const action = spec.action ?? 'ALLOW';
  const errors: string[] = [];
  const rawSelector = (raw['spec'] as Record<string, unknown> | undefined)?.['selector'];
  const targetRefs = mergeTargetRefs(spec);
  if (rawSelector !== undefined && rawSelector !== null && targetRefs.length > 0) errors.push('spec: only one of selector or targetRefs can be set');
  if (spec.provider && action !== 'CUSTOM') errors.push(`spec.provider: must not be set with action ${action}`);
  const noRules = !spec.rules || spec.rules.length === 0;
  if (action === 'DENY' && noRules) errors.push('spec.rules: DENY action without rules is meaningless (add an empty rule {} to deny every request)');
  if (action === 'CUSTOM' && noRules) errors.push('spec.rules: CUSTOM action without rules is meaningless (add an empty rule {} to match every request)');
  if (action === 'CUSTOM' && !noRules && !spec.provider?.name) errors.push('spec.provider.name: must not be empty with action CUSTOM');
  const rules = spec.rules?.map((r, i) => {
    if (r === null) {
      errors.push(`spec.rules[${i}]: must not be null`);
      return { from: null, to: null, when: null };
    }
    return convertRule(r, `spec.rules[${i}]`, action, errors);
  });
  if (errors.length > 0) return fail(errors.slice(0, 3).join('; ') + (errors.length > 3 ? `; (+${errors.length - 3} more)` : ''));
  return ok({
    meta: meta.value,
    selector: spec.selector,
    targetRefs,
    action,
    ...(action === 'CUSTOM' && spec.provider?.name ? { provider: spec.provider.name } : {}),
    rules: rules ?? null,
    dryRun: parseIstioBool(meta.value.annotations[DRY_RUN_ANNOTATION]),
  });
}
