// The repeated keys of a JSON text, as the API server's strict decoding finds them (json: duplicate field), which
// JSON.parse would silently resolve to the last value.
import { describe, expect, it } from 'vitest';
import { jsonDuplicateKeys, lineAt } from './json-duplicate-keys';

describe('jsonDuplicateKeys', () => {
  it('finds a key repeated in one object, with both offsets', () => {
    const text = '{"a": 1, "b": {"mode": "STRICT", "mode": "DISABLE"}}';
    expect(jsonDuplicateKeys(text)).toEqual([{ key: 'mode', offset: text.lastIndexOf('"mode"'), firstOffset: text.indexOf('"mode"'), item: null }]);
  });

  it('does not confuse the same key in sibling or nested objects, nor key-like text inside strings', () => {
    const text = JSON.stringify({ a: { name: 'x' }, b: { name: 'y', inner: { name: 'z' } }, c: 'name": 1, "name', d: ['name', { name: 1 }], e: 'quote \\" and "name": "still a string' });
    expect(jsonDuplicateKeys(text)).toEqual([]);
  });

  it('tells which element of the top-level items array a duplicate is in', () => {
    const text = '{"kind": "List", "items": [{"metadata": {"name": "a"}}, {"metadata": {"labels": {"x": "1", "x": "2"}}}], "x": 1, "x": 2}';
    expect(jsonDuplicateKeys(text).map((d) => [d.key, d.item])).toEqual([['x', 1], ['x', null]]);
  });

  it('switches to a map for large objects and still finds the repeat', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`);
    const text = `{${[...keys, '"k7": 99'].join(', ')}}`;
    expect(jsonDuplicateKeys(text).map((d) => d.key)).toEqual(['k7']);
  });

  it('stops listing at the bound a hostile text cannot exceed', () => {
    const text = `{${Array.from({ length: 500 }, () => '"a": 1').join(', ')}}`;
    expect(jsonDuplicateKeys(text, 10)).toHaveLength(10);
  });

  it('counts lines only for what it reports', () => {
    expect(lineAt('a\nb\nc', 0)).toBe(1);
    expect(lineAt('a\nb\nc', 2)).toBe(2);
    expect(lineAt('a\nb\nc', 4)).toBe(3);
  });
});
