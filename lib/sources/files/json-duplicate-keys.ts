// Duplicate keys in a JSON text. JSON.parse keeps the last value of a repeated key without a word, but the API server
// refuses such an object (strict field validation: `json: duplicate field "mode"`, the default of kubectl apply since
// Kubernetes 1.27), so a PeerAuthentication with `"mode": "STRICT", "mode": "DISABLE"` must not be read as DISABLE.
// One pass over the text, no second parse: strings are skipped with indexOf, lines are counted only for what is found.

const QUOTE = 34;
const BACKSLASH = 92;

export interface JsonDuplicateKey {
  readonly key: string;
  readonly offset: number;
  readonly firstOffset: number;
  /** The element of the top-level `items` array it is in (a `kind: List`), or null when outside it. */
  readonly item: number | null;
}

interface Frame {
  readonly object: boolean;
  /** Keys of an object seen so far: an array while small, then a map to their offsets. */
  keys: string[] | Map<string, number>;
  offsets: number[];
  expectKey: boolean;
  /** The top-level `items` array of a List: its current element. */
  readonly items: boolean;
  element: number;
  lastKey: string;
}

const SMALL = 16;

function frame(object: boolean, items = false): Frame {
  return { object, keys: [], offsets: [], expectKey: object, items, element: 0, lastKey: '' };
}

/** The end of the string opening at `start` (the index of its closing quote), skipping escaped quotes. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return text.length;
    let backslashes = 0;
    for (let j = q - 1; j > start && text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return q;
    i = q + 1;
  }
}

/** Records `key` in the object frame; returns the offset of its first occurrence when it repeats. */
function remember(f: Frame, key: string, offset: number): number | null {
  if (Array.isArray(f.keys)) {
    const at = f.keys.indexOf(key);
    if (at >= 0) return f.offsets[at] ?? offset;
    f.keys.push(key);
    f.offsets.push(offset);
    if (f.keys.length > SMALL) f.keys = new Map(f.keys.map((k, i) => [k, f.offsets[i] ?? 0]));
    return null;
  }
  const first = f.keys.get(key);
  if (first !== undefined) return first;
  f.keys.set(key, offset);
  return null;
}

/**
 * Every repeated key of every object in a (syntactically valid) JSON text, in order; at most `max` (a hostile file
 * cannot make the list grow without bound; the objects holding them are refused all the same).
 */
export function jsonDuplicateKeys(text: string, max = 100): JsonDuplicateKey[] {
  const out: JsonDuplicateKey[] = [];
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        const key = text.slice(i + 1, end);
        top.lastKey = key;
        const first = remember(top, key, i);
        if (first !== null && out.length < max) {
          const list = stack[1];
          out.push({ key, offset: i, firstOffset: first, item: stack.length > 2 && list?.items ? list.element : null });
        }
      }
      i = end;
      continue;
    }
    switch (c) {
      case 123: // {
        stack.push(frame(true));
        break;
      case 91: {
        // [
        const parent = stack[stack.length - 1];
        stack.push(frame(false, stack.length === 1 && parent?.object === true && parent.lastKey === 'items'));
        break;
      }
      case 125: // }
      case 93: // ]
        stack.pop();
        break;
      case 58: {
        // :
        const top = stack[stack.length - 1];
        if (top?.object) top.expectKey = false;
        break;
      }
      case 44: {
        // ,
        const top = stack[stack.length - 1];
        if (top?.object) top.expectKey = true;
        else if (top?.items) top.element++;
        break;
      }
    }
  }
  return out;
}

/** The 1-based line of an offset (counted only for what is reported). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
