// Change detection by identity: every namespace whose objects were added, removed, replaced or reordered is found,
// whichever path (aligned walk or set comparison) the lists take.
import { describe, expect, it } from 'vitest';
import { collectChangedNamespaces } from './snapshot-changes';

interface Item {
  readonly ns: string;
  readonly id: number;
}

const items = Array.from({ length: 60 }, (_, id): Item => ({ ns: `ns-${id % 12}`, id }));
const at = (...ids: number[]) => ids.map((id) => items[id]!);
const changed = (prev: readonly Item[], next: readonly Item[]) => {
  const out = new Set<string>();
  collectChangedNamespaces(prev, next, (i) => i.ns, out);
  return [...out].sort();
};
const without = (list: readonly Item[], ...ids: number[]) => list.filter((i) => !ids.includes(i.id));
const replaced = (list: readonly Item[], id: number): Item[] => list.map((i) => (i.id === id ? { ...i } : i));

describe('collectChangedNamespaces', () => {
  it.each<[string, readonly Item[], readonly Item[], string[]]>([
    ['nothing changed (same array)', items, items, []],
    ['nothing changed (new array, same objects)', items, [...items], []],
    ['one object replaced', items, replaced(items, 13), ['ns-1']],
    ['one object deleted', items, without(items, 30), ['ns-6']],
    ['one object added in the middle', without(items, 30), items, ['ns-6']],
    ['one object added at the end', without(items, 59), items, ['ns-11']],
    ['two neighbours swapped (the one that moved)', items, [...at(1, 0), ...items.slice(2)], ['ns-0']],
    ['an object moved far away', items, [...items.slice(1), items[0]!], ['ns-0']],
    ['everything reversed', items, [...items].reverse(), Array.from({ length: 12 }, (_, i) => `ns-${i}`).sort()],
    ['many objects replaced', items, items.map((i) => (i.id % 3 === 0 ? { ...i } : i)), ['ns-0', 'ns-3', 'ns-6', 'ns-9']],
  ])('%s', (_what, prev, next, expected) => {
    expect(changed(prev, next)).toEqual(expected);
  });
});
