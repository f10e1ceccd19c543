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

/** The path of the field being read, as keys (pushed and popped: no allocation while nothing is pruned). */
type Path = (string | number)[];

function fieldPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key.slice(0, 63))}]`;
  }
  return out;
}

function propertySchema(schema: StructuralSchema, key: string): StructuralSchema | undefined {
  if (schema.properties && Object.hasOwn(schema.properties, key)) return schema.properties[key];
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

function keepsUnknown(schema: StructuralSchema): boolean {
  return schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true;
}

const NO_DEFAULTS: readonly (readonly [string, StructuralSchema])[] = [];
const defaultsCache = new WeakMap<StructuralSchema, readonly (readonly [string, StructuralSchema])[]>();

/** The properties of a schema node that have a default (looked up once per node). */
function defaultedProperties(schema: StructuralSchema): readonly (readonly [string, StructuralSchema])[] {
  let found = defaultsCache.get(schema);
  if (!found) {
    found = schema.properties ? Object.entries(schema.properties).filter(([, sub]) => sub.default !== undefined) : NO_DEFAULTS;
    if (found.length === 0) found = NO_DEFAULTS;
    defaultsCache.set(schema, found);
  }
  return found;
}

/**
 * The value as the API server stores it before validation: pruned and defaulted. `pruned` collects the paths of
 * the unknown fields dropped. Copy on write: the value itself when nothing changes (the common case), else a new
 * value sharing what did not change; the input is never modified. Undefined for a null that is dropped.
 */
export function pruneAndDefault(value: unknown, schema: StructuralSchema, pruned: string[], root = true, path: Path = [], ignoreStatus = false): unknown {
  if (value === null) return schema.nullable ? null : undefined;
  if (Array.isArray(value)) {
    const items = schema.items;
    if (!items) return value;
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      path.push(i);
      const read = pruneAndDefault(item, items, pruned, false, path);
      path.pop();
      const v = read === undefined ? null : read; // a null list item stays (and fails the item's type, as in the API server)
      if (v !== item) out ??= value.slice();
      if (out) out[i] = v;
    }
    return out ?? value;
  }
  if (!isPlainObject(value)) return value;
  let out: Record<string, unknown> | null = null; // the copy, made at the first change
  for (const key in value) {
    if (root && ROOT_FIELDS.has(key)) continue;
    if (root && ignoreStatus && key === 'status') {
      out ??= { ...value };
      delete out[key];
      continue;
    }
    const field = value[key];
    const sub = propertySchema(schema, key);
    if (!sub) {
      if (keepsUnknown(schema)) continue;
      path.push(key);
      pruned.push(fieldPath(path));
      path.pop();
      out ??= { ...value };
      delete out[key];
      continue;
    }
    path.push(key);
    const v = pruneAndDefault(field, sub, pruned, false, path);
    path.pop();
    if (v === field) continue;
    out ??= { ...value };
    if (v === undefined) delete out[key];
    else out[key] = v;
  }
  for (const [key, sub] of defaultedProperties(schema)) {
    if ((out ?? value)[key] !== undefined) continue;
    out ??= { ...value };
    out[key] = pruneAndDefault(structuredClone(sub.default), sub, [], false);
  }
  return out ?? value;
}

function isIntegerSchema(schema: StructuralSchema): boolean {
  return schema.type === 'integer' || schema['x-kubernetes-int-or-string'] === true;
}

/**
 * `value` with its integers as bigint (CEL int) where the schema says integer; everything else as JSON has it
 * (numbers elsewhere are doubles). Copy on write: the value itself when it holds no such integer.
 */
export function toCelValue(value: unknown, schema: StructuralSchema | undefined): unknown {
  if (!schema) return value;
  if (typeof value === 'number') return isIntegerSchema(schema) && Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) {
    if (!schema.items) return value;
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = toCelValue(value[i], schema.items);
      if (v !== value[i]) out ??= value.slice();
      if (out) out[i] = v;
    }
    return out ?? value;
  }
  if (isPlainObject(value)) {
    let out: Record<string, unknown> | null = null;
    for (const key in value) {
      const field = value[key];
      if (field === null || (typeof field !== 'object' && typeof field !== 'number')) continue;
      const v = toCelValue(field, propertySchema(schema, key));
      if (v !== field) (out ??= { ...value })[key] = v;
    }
    return out ?? value;
  }
  return value;
}
