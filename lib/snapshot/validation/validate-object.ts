// Reads an object the way the API server admits it: its metadata (names, namespace, labels) and, for an Istio or
// Gateway API kind, its CRD schema with the CEL rules. An object the API server would reject could never be in a
// cluster, so a file source reports it instead of reading it (read-document.ts). Unknown fields are not an error:
// the API server prunes them (structural-schema.ts), and so they are only listed.
import type { ErrorObject } from 'ajv';
import { showValue } from '../parse/common';
import { crdSchema, hasStatusSubresource, schemaKey } from './crd-schemas';
import { schemaValidator } from './compile-schema';
import { labelsProblem, nameProblem, nameRuleOf } from './metadata-names';
import { pruneAndDefault } from './structural-schema';

export type ObjectValidation =
  | { readonly valid: true; /** Paths of fields the API server would prune (not in the schema). */ readonly pruned: readonly string[] }
  | { readonly valid: false; readonly reason: string };

const VALID: ObjectValidation = { valid: true, pruned: [] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `/spec/rules/0/from` → `spec.rules[0].from`. */
function dottedPath(pointer: string): string {
  let out = '';
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(key) ? `[${key}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${out ? '.' : ''}${key}` : `[${JSON.stringify(key.slice(0, 63))}]`;
  }
  return out || '(root)';
}

/** Keywords whose message is clearer with the value that broke them (quoted and bounded: hostile input). */
const SHOWS_VALUE = new Set(['type', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);

/** An Ajv error in the parsers' words ("spec.mtls.mode: expected one of UNSET, DISABLE, got "strict""). */
function describeError(error: ErrorObject): string {
  const where = dottedPath(error.instancePath);
  const allowed = error.params['allowedValues'];
  if (error.keyword === 'enum' && Array.isArray(allowed)) return `${where}: expected one of ${allowed.map(String).join(', ')}, got ${showValue(error.data)}`;
  const got = SHOWS_VALUE.has(error.keyword) ? `, got ${showValue(error.data)}` : '';
  return `${where}: ${error.message ?? error.keyword}${got}`;
}

function metadataProblem(raw: Record<string, unknown>, group: string, kind: string): string | null {
  const meta = raw['metadata'];
  if (!isRecord(meta)) return null; // a missing metadata is the parsers' to report
  const name = meta['name'];
  if (typeof name === 'string') {
    const problem = nameProblem(name, nameRuleOf(group, kind));
    if (problem) return `metadata.name: ${problem}`;
  }
  const namespace = meta['namespace'];
  if (typeof namespace === 'string' && namespace !== '') {
    const problem = nameProblem(namespace, 'dns1123-label');
    if (problem) return `metadata.namespace: ${problem}`;
  }
  const labels = labelsProblem(meta['labels']);
  return labels ? `metadata.labels: ${labels}` : null;
}

/** Whether the API server would accept `raw` (apiVersion and kind are strings, checked by routeKind) on a create. */
export function validateObject(raw: Record<string, unknown>, apiVersion: string, kind: string): ObjectValidation {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const metadata = metadataProblem(raw, group, kind);
  if (metadata) return { valid: false, reason: `${metadata}; the API server rejects such a name, so the object is not read` };
  const key = schemaKey(apiVersion, kind);
  const schema = crdSchema(key);
  if (!schema) return VALID;
  const pruned: string[] = [];
  const stored = pruneAndDefault(raw, schema, pruned, true, [], hasStatusSubresource(key));
  const validate = schemaValidator(schema);
  if (validate(stored)) return pruned.length ? { valid: true, pruned } : VALID;
  const first = validate.errors?.[0];
  const detail = first ? describeError(first) : 'invalid';
  return { valid: false, reason: `${detail} (${kind} CRD schema, ${apiVersion}); the API server rejects the object, so it is not read` };
}
