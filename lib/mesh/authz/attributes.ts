// Which AuthorizationPolicy attributes each enforcement point can evaluate: the sidecar/gateway HTTP chain sees
// everything; the sidecar TCP chain cannot see HTTP-only attributes (istio-semantics Z-11); ztunnel sees only a
// short list of L4 attributes (Z-15). Condition keys are the `when` keys of Z-9.
import type { AuthzCondition, AuthzOperation, AuthzRule, AuthzSource } from '@/lib/snapshot/types';

export const SOURCE_FIELDS = [
  'principals',
  'notPrincipals',
  'requestPrincipals',
  'notRequestPrincipals',
  'namespaces',
  'notNamespaces',
  'ipBlocks',
  'notIpBlocks',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
  'serviceAccounts',
  'notServiceAccounts',
  'trustDomains',
  'notTrustDomains',
] as const satisfies readonly (keyof AuthzSource)[];
export type SourceField = (typeof SOURCE_FIELDS)[number];

export const OPERATION_FIELDS = ['hosts', 'notHosts', 'ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths'] as const satisfies readonly (keyof AuthzOperation)[];
export type OperationField = (typeof OPERATION_FIELDS)[number];

/** Z-11: source fields a TCP filter chain cannot evaluate. */
export const HTTP_ONLY_SOURCE_FIELDS: readonly SourceField[] = ['requestPrincipals', 'notRequestPrincipals'];
/** Z-11: operation fields a TCP filter chain cannot evaluate. */
export const HTTP_ONLY_OPERATION_FIELDS: readonly OperationField[] = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];

/** Z-15: ztunnel's unsupported source fields (ambient/authorization.go httpSources). */
export const ZTUNNEL_UNSUPPORTED_SOURCE_FIELDS: readonly SourceField[] = [
  'requestPrincipals',
  'notRequestPrincipals',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
  'trustDomains',
  'notTrustDomains',
];
/** Z-15: ztunnel's unsupported operation fields (httpOperations). */
export const ZTUNNEL_UNSUPPORTED_OPERATION_FIELDS: readonly OperationField[] = HTTP_ONLY_OPERATION_FIELDS;
/** Z-15: the only `when` keys ztunnel evaluates (l4WhenAttributes). */
export const ZTUNNEL_CONDITION_KEYS: readonly string[] = ['source.ip', 'source.namespace', 'source.principal', 'destination.ip', 'destination.port'];

/** Z-11: `request.headers[...]` and `request.auth.*` conditions are HTTP only. */
export function isHttpOnlyConditionKey(key: string): boolean {
  return key.startsWith('request.headers') || key.startsWith('request.auth.');
}

export function isZtunnelConditionKey(key: string): boolean {
  return ZTUNNEL_CONDITION_KEYS.includes(key);
}

function hasValues(list: readonly string[] | undefined): boolean {
  return list !== undefined && list.length > 0;
}

export function sourceUses(source: AuthzSource, fields: readonly SourceField[]): boolean {
  return fields.some((f) => hasValues(source[f]));
}

export function operationUses(operation: AuthzOperation, fields: readonly OperationField[]): boolean {
  return fields.some((f) => hasValues(operation[f]));
}

/** A source or operation with no field set (after stripping, it matches anything on Envoy). */
export function isEmptySource(source: AuthzSource): boolean {
  return !sourceUses(source, SOURCE_FIELDS);
}

export function isEmptyOperation(operation: AuthzOperation): boolean {
  return !operationUses(operation, OPERATION_FIELDS);
}

/** Z-11: whether a rule uses any attribute that a TCP filter chain cannot evaluate. */
export function ruleUsesHttpOnlyFields(rule: AuthzRule): boolean {
  return (
    (rule.from ?? []).some((s) => sourceUses(s, HTTP_ONLY_SOURCE_FIELDS)) ||
    (rule.to ?? []).some((o) => operationUses(o, HTTP_ONLY_OPERATION_FIELDS)) ||
    (rule.when ?? []).some((c) => isHttpOnlyConditionKey(c.key))
  );
}

/** Z-15: whether a rule uses any attribute ztunnel cannot evaluate (its L7 list, which includes remoteIpBlocks). */
export function ruleUsesZtunnelUnsupportedFields(rule: AuthzRule): boolean {
  return (
    (rule.from ?? []).some((s) => sourceUses(s, ZTUNNEL_UNSUPPORTED_SOURCE_FIELDS)) ||
    (rule.to ?? []).some((o) => operationUses(o, ZTUNNEL_UNSUPPORTED_OPERATION_FIELDS)) ||
    (rule.when ?? []).some((c) => !isZtunnelConditionKey(c.key))
  );
}

export function withoutSourceFields(source: AuthzSource, fields: readonly SourceField[]): AuthzSource {
  const out: Partial<Record<SourceField, readonly string[]>> = {};
  for (const f of SOURCE_FIELDS) {
    const v = source[f];
    if (v !== undefined && !fields.includes(f)) out[f] = v;
  }
  return out;
}

export function withoutOperationFields(operation: AuthzOperation, fields: readonly OperationField[]): AuthzOperation {
  const out: Partial<Record<OperationField, readonly string[]>> = {};
  for (const f of OPERATION_FIELDS) {
    const v = operation[f];
    if (v !== undefined && !fields.includes(f)) out[f] = v;
  }
  return out;
}

/** Z-11 (DENY/AUDIT/CUSTOM on TCP): the rule with its HTTP-only conditions removed, so it matches more. */
export function withoutHttpOnlyConditions(rule: AuthzRule): AuthzRule {
  return {
    from: rule.from?.map((s) => withoutSourceFields(s, HTTP_ONLY_SOURCE_FIELDS)) ?? null,
    to: rule.to?.map((o) => withoutOperationFields(o, HTTP_ONLY_OPERATION_FIELDS)) ?? null,
    when: rule.when?.filter((c: AuthzCondition) => !isHttpOnlyConditionKey(c.key)) ?? null,
  };
}
