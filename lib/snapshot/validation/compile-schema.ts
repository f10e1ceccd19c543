// One Ajv validator per CRD schema, built on first use and kept for the process: the OpenAPI v3 structural schema
// with the Kubernetes extensions as the API server applies them (apiextensions-apiserver validation):
// - x-kubernetes-int-or-string: an integer or a string; nullable: null is allowed (other nulls were pruned before);
// - format: the string formats Kubernetes checks (date-time, byte, ipv4, ipv6); numeric formats (int32, int64,
//   double...) are not checked by the API server, and neither are they here;
// - x-kubernetes-list-type set/map: no two equal items / no two items with the same map keys;
// - x-kubernetes-validations: CEL rules (kubernetes-cel.ts), with `self` the value at that node; transition rules
//   (oldSelf) never apply to a create, the only operation a manifest stands for, so they are skipped.
import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import type { CelValidationRule, StructuralSchema } from './crd-schemas';
import { isIPv4, isIPv6 } from './ip-address';
import { compileRule, type CompiledRule } from './kubernetes-cel';
import { toCelValue } from './structural-schema';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const TRANSITION_RULE = /\boldSelf\b/;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The Ajv form of a structural schema node (a copy): int-or-string and nullable as JSON Schema says them. */
export function toAjvSchema(schema: StructuralSchema): AnySchemaObject {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toAjvSchema(sub as StructuralSchema)]));
    } else if ((key === 'items' || key === 'not' || key === 'additionalProperties') && isObject(value)) {
      out[key] = toAjvSchema(value as StructuralSchema);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((sub) => toAjvSchema(sub as StructuralSchema));
    } else if (key !== 'nullable' && key !== 'default') {
      out[key] = value;
    }
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out['type'];
    if (!out['anyOf']) out['anyOf'] = [{ type: 'integer' }, { type: 'string' }];
  }
  if (schema.nullable && typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
  return out;
}

const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
const HOISTED_MIN_LENGTH = 400;

function forEachSubschema(node: Record<string, unknown>, visit: (sub: Record<string, unknown>, replace: (by: unknown) => void) => void): void {
  const props = node['properties'];
  if (isObject(props)) for (const key of Object.keys(props)) visit(props[key] as Record<string, unknown>, (by) => (props[key] = by));
  for (const key of ['items', 'additionalProperties', 'not'] as const) {
    const sub = node[key];
    if (isObject(sub)) visit(sub, (by) => (node[key] = by));
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((sub, i) => isObject(sub) && visit(sub, (by) => (list[i] = by)));
  }
}

/**
 * The schema with each subschema that occurs more than once (DestinationRule's traffic policy per port and per
 * subset, HTTPRoute's filters per rule and per backend) moved to $defs and referenced, so Ajv compiles it once:
 * the compile time of the large CRDs halves. Validation is the same.
 */
export function hoistRepeatedSubschemas(root: AnySchemaObject): AnySchemaObject {
  const counts = new Map<string, number>();
  const count = (node: Record<string, unknown>): void => {
    forEachSubschema(node, (sub) => {
      const text = JSON.stringify(sub);
      if (text.length >= HOISTED_MIN_LENGTH) counts.set(text, (counts.get(text) ?? 0) + 1);
      count(sub);
    });
  };
  count(root);
  const defs: Record<string, unknown> = {};
  const names = new Map<string, string>();
  const hoist = (node: Record<string, unknown>): void => {
    forEachSubschema(node, (sub, replace) => {
      const text = JSON.stringify(sub);
      if ((counts.get(text) ?? 0) < 2) {
        hoist(sub);
        return;
      }
      let name = names.get(text);
      if (!name) {
        name = `s${names.size}`;
        names.set(text, name);
        hoist(sub);
        defs[name] = sub;
      }
      replace({ $ref: `#/$defs/${name}` });
    });
  };
  hoist(root);
  return names.size ? { ...root, $defs: defs } : root;
}

function celErrors(rules: readonly CelValidationRule[], parentSchema: AnySchemaObject) {
  // Each rule is compiled when a value first reaches it: most rules sit under fields few objects set.
  const compiled = rules.filter((r) => !TRANSITION_RULE.test(r.rule)).map((r) => ({ spec: r, run: null as CompiledRule | null }));
  const validate = (data: unknown): boolean => {
    const self = toCelValue(data, parentSchema as StructuralSchema);
    const errors: ErrorObject[] = [];
    for (const rule of compiled) {
      const spec = rule.spec;
      rule.run ??= compileRule(spec.rule);
      const outcome = rule.run(self);
      if (outcome.ok && outcome.value === true) continue;
      const message = !outcome.ok ? `rule ${JSON.stringify(spec.rule)} could not be evaluated: ${outcome.error}` : spec.message ?? `failed rule: ${spec.rule}`;
      errors.push({ keyword: 'x-kubernetes-validations', params: { rule: spec.rule }, message } as unknown as ErrorObject);
      break;
    }
    validate.errors = errors;
    return errors.length === 0;
  };
  validate.errors = [] as ErrorObject[];
  return validate;
}

function itemKey(item: unknown, keys: readonly string[] | undefined): string {
  if (!keys) return JSON.stringify(item);
  return JSON.stringify(keys.map((k) => (isObject(item) ? item[k] ?? null : null)));
}

function listTypeErrors(listType: string, parentSchema: AnySchemaObject) {
  const keys = listType === 'map' ? (parentSchema['x-kubernetes-list-map-keys'] as string[] | undefined) : undefined;
  const validate = (data: unknown): boolean => {
    validate.errors = [] as ErrorObject[];
    if (!Array.isArray(data) || (listType !== 'set' && listType !== 'map')) return true;
    const seen = new Set<string>();
    for (const item of data) {
      const key = itemKey(item, keys);
      if (seen.has(key)) {
        validate.errors = [{ keyword: 'x-kubernetes-list-type', params: {}, message: `Duplicate value: ${key.slice(0, 200)}` } as unknown as ErrorObject];
        return false;
      }
      seen.add(key);
    }
    return true;
  };
  validate.errors = [] as ErrorObject[];
  return validate;
}

let ajv: Ajv | undefined;

function kubernetesAjv(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ strict: false, allErrors: false, verbose: true, logger: false, validateSchema: false, addUsedSchema: false, inlineRefs: false });
  ajv.addFormat('date-time', DATE_TIME);
  ajv.addFormat('byte', BASE64);
  ajv.addFormat('ipv4', isIPv4);
  ajv.addFormat('ipv6', isIPv6);
  for (const unchecked of ['int32', 'int64', 'uint32', 'uint64', 'float', 'double']) ajv.addFormat(unchecked, true);
  // post: after the node's own keywords and its children, so a rule runs only on a value whose shape and bounds
  // (maxItems, maxLength...) hold, as the API server runs CEL only when the schema found no type error.
  ajv.addKeyword({ keyword: 'x-kubernetes-validations', schemaType: 'array', errors: true, post: true, compile: (rules, parentSchema) => celErrors(rules as CelValidationRule[], parentSchema) });
  ajv.addKeyword({ keyword: 'x-kubernetes-list-type', schemaType: 'string', errors: true, post: true, compile: (listType, parentSchema) => listTypeErrors(listType as string, parentSchema) });
  return ajv;
}

const compiled = new Map<StructuralSchema, ValidateFunction>();

/** The validator of a CRD schema: compiled on its first use, then reused. */
export function schemaValidator(schema: StructuralSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = kubernetesAjv().compile(hoistRepeatedSubschemas(toAjvSchema(schema)));
    compiled.set(schema, validate);
  }
  return validate;
}
