// RequestAuthentication (security.istio.io v1 and v1beta1, same schema; istio-semantics §4 J-1..J-3). Istio's
// webhook validation (ValidateRequestAuthentication / validateJwtRule) is applied: a rejected object is not in force.
import { z } from 'zod';
import type { JwtRule, RequestAuthentication } from '../types';
import {
  boundedString,
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


const jwtRuleSchema = z.object({
  issuer: boundedString.nullable().optional(),
  audiences: stringList.nullable().optional(),
  jwksUri: boundedString.nullable().optional(),
  jwks: z.string().nullable().optional(),
  fromHeaders: z
    .array(z.object({ name: z.string().nullable().optional(), prefix: z.string().nullable().optional() }).nullable())
    .nullable()
    .optional(),
  fromParams: stringList.nullable().optional(),
  fromCookies: stringList.nullable().optional(),
  forwardOriginalToken: z.boolean().nullable().optional(),
});

const specSchema = z.object({
  selector: matchLabelsSchema,
  ...targetRefsFields,
  jwtRules: z.array(jwtRuleSchema.nullable()).nullable().optional(),
});

type RawJwtRule = z.infer<typeof jwtRuleSchema>;

/** validateJwtRule: the checks that make Istio reject the object. */
function jwtRuleProblems(r: RawJwtRule, path: string): string[] {
  const problems: string[] = [];
  (r.audiences ?? []).forEach((a, i) => {
    if (a === '') problems.push(`${path}.audiences[${i}]: must be a non-empty string`);
  });
  if (!r.issuer && !r.jwksUri) problems.push(`${path}: issuer or jwksUri must be a non-empty string`);
  if (r.jwksUri && !/^https?:\/\/[^/\s]+/.test(r.jwksUri)) problems.push(`${path}.jwksUri: ${showValue(r.jwksUri)} is not an http(s) URL`);
  if (r.jwks) {
    try {
      JSON.parse(r.jwks);
    } catch {
      problems.push(`${path}.jwks: is not valid JSON (JWKS parse error)`);
    }
  }
  (r.fromHeaders ?? []).forEach((h, i) => {
    if (!h?.name) problems.push(`${path}.fromHeaders[${i}].name: must be a non-empty string`);
  });
  (r.fromParams ?? []).forEach((q, i) => {
    if (q === '') problems.push(`${path}.fromParams[${i}]: must be a non-empty string`);
  });
  (r.fromCookies ?? []).forEach((c, i) => {
    if (c === '') problems.push(`${path}.fromCookies[${i}]: must be a non-empty string`);
  });
  return problems;
}

function convertJwtRule(r: RawJwtRule): JwtRule {
  return {
    issuer: r.issuer ?? '',
    audiences: r.audiences ?? [],
    ...(r.jwksUri ? { jwksUri: r.jwksUri } : {}),
    hasInlineJwks: Boolean(r.jwks),
    fromHeaders: (r.fromHeaders ?? []).flatMap((h) => (h?.name ? [{ name: h.name, ...(h.prefix ? { prefix: h.prefix } : {}) }] : [])),
    fromParams: r.fromParams ?? [],
    fromCookies: r.fromCookies ?? [],
    forwardOriginalToken: r.forwardOriginalToken ?? false,
  };
}

export function parseRequestAuthentication(raw: RawObject, ctx: ParseContext): ParseResult<RequestAuthentication> {
  // The apiVersion was checked when the document was routed to this parser (kind-routes.ts).
  const meta = parseMeta(raw, ctx);
  if (!meta.ok) return meta;
  const parsed = parseWith(specSchema, raw['spec'] ?? {}, 'spec');
  if (!parsed.ok) return parsed;
  const spec = parsed.value;
  const targetRefs = mergeTargetRefs(spec);
  const problems: string[] = [];
  const rawSelector = (raw['spec'] as Record<string, unknown> | undefined)?.['selector'];
  if (rawSelector !== undefined && rawSelector !== null && targetRefs.length > 0) problems.push('spec: only one of selector or targetRefs can be set');
  const rules = spec.jwtRules ?? [];
  rules.forEach((r, i) => {
    if (r) problems.push(...jwtRuleProblems(r, `spec.jwtRules[${i}]`));
  });
  if (problems.length > 0) return fail(problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; (+${problems.length - 3} more)` : ''));
  return ok({
    meta: meta.value,
    selector: spec.selector,
    targetRefs,
    jwtRules: rules.flatMap((r) => (r ? [convertJwtRule(r)] : [])),
  });
}
