// What the API server does to a custom resource before it validates it (apiextensions-apiserver: pruning, then
// defaulting): fields the structural schema does not name are pruned (dropped, not rejected) unless
// x-kubernetes-preserve-unknown-fields keeps them; null where the schema is not nullable is dropped; absent fields
// with a default get it. Works on a copy: the document read is never changed. Also converts a value to CEL's types
// (integers as int, not double), as the API server's CEL binding does from the schema.
import type { StructuralSchema } from './crd-schemas';

/** Fields of the root object the API server handles itself (ObjectMeta is validated apart: metadata-names.ts). */
const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fieldPath(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key.slice(0, 63))}]`;
}

function propertySchema(schema: StructuralSchema, key: string): StructuralSchema | undefined {
  if (schema.properties && Object.hasOwn(schema.properties, key)) return schema.properties[key];
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

function keepsUnknown(schema: StructuralSchema): boolean {
  return schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true;
}

/**
 * The value as the API server stores it before validation: pruned and defaulted (a new value; `pruned` collects the
 * paths of the unknown fields dropped). Returns undefined for a null that is dropped.
 */
export function pruneAndDefault(value: unknown, schema: StructuralSchema, pruned: string[], path = '', root = true): unknown {
  if (value === null) return schema.nullable ? null : undefined;
  if (Array.isArray(value)) {
    const items = schema.items;
    if (!items) return value;
    return value.map((item, i) => {
      const v = pruneAndDefault(item, items, pruned, `${path}[${i}]`, false);
      return v === undefined ? null : v; // a null list item stays (and fails the item's type, as in the API server)
    });
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (root && ROOT_FIELDS.has(key)) {
      out[key] = field;
      continue;
    }
    const sub = propertySchema(schema, key);
    if (!sub) {
      if (keepsUnknown(schema)) out[key] = field;
      else pruned.push(fieldPath(path, key));
      continue;
    }
    const v = pruneAndDefault(field, sub, pruned, fieldPath(path, key), false);
    if (v !== undefined) out[key] = v;
  }
  if (schema.properties) {
    for (const [key, sub] of Object.entries(schema.properties)) {
      if (sub.default !== undefined && !Object.hasOwn(out, key)) out[key] = pruneAndDefault(structuredClone(sub.default), sub, [], '', false);
    }
  }
  return out;
}

function isIntegerSchema(schema: StructuralSchema): boolean {
  return schema.type === 'integer' || schema['x-kubernetes-int-or-string'] === true;
}

/** `value` with its integers as bigint (CEL int) where the schema says integer; everything else as JSON has it. */
export function toCelValue(value: unknown, schema: StructuralSchema | undefined): unknown {
  if (!schema) return value;
  if (typeof value === 'number') return isIntegerSchema(schema) && Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return schema.items ? value.map((v) => toCelValue(v, schema.items)) : value;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = toCelValue(field, propertySchema(schema, key));
    return out;
  }
  return value;
}
