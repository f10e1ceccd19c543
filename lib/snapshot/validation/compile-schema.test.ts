// The OpenAPI v3 structural schema with the Kubernetes extensions, as the API server applies it to a create: pruning
// and defaulting first (structural-schema.ts), then the schema and the CEL rules (compile-schema.ts).
import { describe, expect, it } from 'vitest';
import { crdSchema, type StructuralSchema } from './crd-schemas';
import vendored from './crd-schemas.gen.json' with { type: 'json' };
import { schemaValidator } from './compile-schema';
import { compileRule } from './kubernetes-cel';
import { pruneAndDefault, toCelValue } from './structural-schema';

const SPEC: StructuralSchema = {
  type: 'object',
  properties: {
    port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
    count: { type: 'integer', format: 'int32', 'x-kubernetes-validations': [{ rule: 'self >= 1 && self <= 10', message: 'count must be between 1-10' }] },
    big: { type: 'integer', format: 'int32' },
    note: { type: 'string', nullable: true },
    when: { type: 'string', format: 'date-time' },
    data: { type: 'string', format: 'byte' },
    mode: { type: 'string', default: 'PERMISSIVE', enum: ['PERMISSIVE', 'STRICT'] },
    tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
    ports: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, number: { type: 'integer' } } }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
    free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
  'x-kubernetes-validations': [
    { rule: "self.mode == 'STRICT' || !has(self.tags)", message: 'tags need STRICT (mode defaulted first)' },
    { rule: 'self.count == oldSelf.count', message: 'a transition rule, never applied to a create' },
  ],
};

function check(spec: Record<string, unknown>): { valid: boolean; message?: string; path?: string; pruned: string[] } {
  const pruned: string[] = [];
  const stored = pruneAndDefault(spec, SPEC, pruned, false);
  const validate = schemaValidator(SPEC);
  const valid = validate(stored);
  const error = validate.errors?.[0];
  return valid || !error ? { valid, pruned } : { valid, message: error.message ?? '', path: error.instancePath, pruned };
}

describe('a CRD schema as the API server applies it', () => {
  it.each([
    ['int-or-string: an integer', { port: 8080 }],
    ['int-or-string: a string', { port: 'http' }],
    ['nullable: null allowed', { note: null }],
    ['numeric formats are not range-checked by the API server (an int32 holding 2^40)', { big: 2 ** 40 }],
    ['date-time', { when: '2026-05-01T00:00:00Z' }],
    ['byte (base64)', { data: 'aGVsbG8=' }],
    ['set of distinct items', { mode: 'STRICT', tags: ['a', 'b'] }],
    ['map list with distinct keys', { ports: [{ name: 'a', number: 1 }, { name: 'b', number: 1 }] }],
    ['preserve-unknown-fields keeps anything', { free: { any: { thing: [1] } } }],
  ])('accepts %s', (_what, spec) => {
    expect(check(spec)).toEqual({ valid: true, pruned: [] });
  });

  it.each([
    ['int-or-string: neither', { port: true }, 'must be integer'],
    ['a CEL rule on an integer (int, not double)', { count: 11 }, 'count must be between 1-10'],
    ['date-time', { when: 'yesterday' }, 'must match format "date-time"'],
    ['byte', { data: 'not base64!' }, 'must match format "byte"'],
    ['enum', { mode: 'BLAH' }, 'must be equal to one of the allowed values'],
    ['set with a duplicate', { mode: 'STRICT', tags: ['a', 'a'] }, 'Duplicate value: "a"'],
    ['map list with a duplicate key', { ports: [{ name: 'a', number: 1 }, { name: 'a', number: 2 }] }, 'Duplicate value: ["a"]'],
    ['a rule reading a defaulted field', { tags: ['a'] }, 'tags need STRICT (mode defaulted first)'],
  ])('rejects %s', (_what, spec, message) => {
    expect(check(spec)).toMatchObject({ valid: false, message });
  });

  it('prunes unknown fields (listed, not an error) and non-nullable nulls, and applies defaults, on a copy', () => {
    const spec = { mode: null, extra: 1, nested: { x: 1 }, free: { kept: true } };
    const pruned: string[] = [];
    expect(pruneAndDefault(spec, SPEC, pruned, false)).toEqual({ mode: 'PERMISSIVE', free: { kept: true } });
    expect(pruned).toEqual(['extra', 'nested']);
    expect(spec).toEqual({ mode: null, extra: 1, nested: { x: 1 }, free: { kept: true } });
  });

  it('gives CEL integers where the schema says integer (or int-or-string), doubles elsewhere', () => {
    expect(toCelValue({ count: 3, port: 80, other: 1.5 }, SPEC)).toEqual({ count: 3n, port: 80n, other: 1.5 });
  });

  it('compiles a schema once and reuses it', () => {
    expect(schemaValidator(SPEC)).toBe(schemaValidator(SPEC));
  });
});

describe('the vendored CRD schemas', () => {
  it('every served version of every kind compiles (patterns, formats and rules included)', () => {
    const keys = Object.keys(vendored.kinds);
    expect(keys.length).toBeGreaterThan(40);
    for (const key of keys) expect(() => schemaValidator(crdSchema(key)!), key).not.toThrow();
  });

  it('every CEL rule of them compiles (rules are compiled lazily, on the first value that reaches them)', () => {
    const rules = new Set<string>();
    const collect = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach(collect);
      const record = node as Record<string, unknown>;
      for (const r of (record['x-kubernetes-validations'] as { rule: string }[] | undefined) ?? []) rules.add(r.rule);
      Object.values(record).forEach(collect);
    };
    collect(vendored.schemas);
    expect(rules.size).toBeGreaterThan(100);
    for (const rule of rules) expect(() => compileRule(rule), rule).not.toThrow();
  });
});

describe('order of checks', () => {
  it('a rule runs after the bounds of its node and its children hold (no CEL over an unbounded list)', () => {
    const validate = schemaValidator({ type: 'array', maxItems: 2, items: { type: 'string' }, 'x-kubernetes-validations': [{ rule: 'self.all(x, x != "")', message: 'cel' }] });
    expect(validate(['a', 'b', 'c'])).toBe(false);
    expect(validate.errors?.[0]?.keyword).toBe('maxItems');
    expect(validate(['a', 3])).toBe(false);
    expect(validate.errors?.[0]?.keyword).toBe('type');
  });
});
