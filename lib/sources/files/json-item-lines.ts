// The 1-based line where each element of the top-level `items` array of a JSON text starts: `kubectl get -o json`
// writes a `List`, and each object's warnings and report locations should point at its own line, not line 1.
// One pass over the text with no second parse: strings are skipped, depth tracked.

const NEWLINE = 10;
const QUOTE = 34;
const BACKSLASH = 92;

/** Lines of the elements of the top-level "items" array, in order; null when the text has no such array. */
export function jsonItemLines(text: string): number[] | null {
  let depth = 0;
  let line = 1;
  let lastKey = '';
  let inItems = false;
  let expectValue = false;
  const lines: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      line++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (inItems && depth === 2 && expectValue && c !== 93 /* ] */) {
      lines.push(line);
      expectValue = false;
    }
    if (c === QUOTE) {
      const start = i + 1;
      for (i = start; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
        else if (d === NEWLINE) line++;
      }
      if (depth === 1) lastKey = text.slice(start, i);
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (c === 91 && depth === 2 && lastKey === 'items') {
        inItems = true;
        expectValue = true;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (inItems && depth === 1) return lines;
    } else if (c === 44 /* , */ && inItems && depth === 2) {
      expectValue = true;
    }
  }
  return null;
}
