// The fast path of the YAML reader, for what `kubectl get -o yaml` and most manifests hold: plain block YAML with no
// anchors, aliases, merge keys, tags or directives. js-yaml reads it 10-15x faster than the `yaml` library's document
// API (which builds a node tree with positions for every scalar) and without that tree's memory; a 20,000-pod dump
// otherwise takes minutes and gigabytes. Lines come from the text itself: each document's first line, and each item
// of a top-level `kind: List` from its `- ` line.
//
// Anything else returns null and the whole file goes through the full reader (yaml-documents.ts), which explains
// problems with their lines: a duplicate key (js-yaml refuses it too), anchors and aliases (bounded there), merge keys,
// tags, directives, a binary integer (the one YAML 1.2 core scalar the two libraries resolve differently), a List
// whose items cannot be located. Both schemas are YAML 1.2 core; yaml-fast-path.test.ts checks that the two paths
// give the same objects and lines.
import { CORE_SCHEMA, load } from 'js-yaml';
import { isRecord, type DecodedDocument } from './yaml-documents';

/** The nesting bound of the full reader's documents is its alias bound; here a depth bound keeps recursion finite. */
const MAX_DEPTH = 200;
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t]|$)/;
/** A whole plain scalar `0b…`: js-yaml reads it as a number, the full reader as a string. */
const BINARY_INT = /(?:^|[\s[{,])[-+]?0b[01]+(?=[\s,\]}]|$)/m;
const WHITESPACE: ReadonlySet<number> = new Set([0x20, 0x09, 0x0a, 0x0d]);
/** `&` anchor, `*` alias, `!` tag. */
const PROPERTIES: ReadonlySet<number> = new Set([0x26, 0x2a, 0x21]);

const blankOrComment = (line: string): boolean => /^\s*(?:#.*)?$/.test(line);

interface DocumentText {
  readonly text: string;
  /** 0-based index of the document's first line in the file. */
  readonly firstLine: number;
  readonly lines: readonly string[];
}

/**
 * The file split at its document markers (a `---` or `...` at column 0 always ends a document); null on content after
 * a marker. A `---` opens a document even when nothing follows it; comments before the first marker open none.
 */
function splitDocuments(lines: readonly string[]): DocumentText[] | null {
  const out: DocumentText[] = [];
  let start = 0;
  let opened = false;
  const flush = (end: number) => {
    const part = lines.slice(start, end);
    if (opened || part.some((l) => !blankOrComment(l))) out.push({ text: part.join('\n'), firstLine: start, lines: part });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!DOCUMENT_MARKER.test(line)) continue;
    if (!blankOrComment(line.slice(3))) return null;
    flush(i);
    start = i + 1;
    opened = line.startsWith('---');
  }
  flush(lines.length);
  return out;
}

/** The 0-based lines (within the document) of the `- ` of each item of its top-level `items:` block sequence. */
function itemLines(lines: readonly string[]): number[] | null {
  const at = lines.findIndex((l) => /^items:\s*(?:#.*)?$/.test(l));
  if (at < 0) return null;
  let indent = -1;
  const out: number[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (blankOrComment(line)) continue;
    const spaces = line.length - line.trimStart().length;
    if (indent < 0) {
      if (!/^ *-(?: |$)/.test(line)) return null;
      indent = spaces;
    }
    if (spaces === indent && /^ *-(?: |$)/.test(line)) out.push(i);
    else if (spaces <= indent) break;
  }
  return out;
}

/**
 * The file's objects with their 1-based lines, or null when the full reader must read it. Never pushes an issue:
 * every problem is left to the full reader, which names it.
 */
export function decodeYamlFast(text: string): DecodedDocument[] | null {
  if (/^%/m.test(text) || BINARY_INT.test(text)) return null;
  const lines = text.split(/\r?\n/);
  const documents = splitDocuments(lines);
  if (!documents) return null;
  // Anchors, aliases and tags are found by the parser itself (a `&` in a string is no anchor), and looked for only when
  // the text could hold one: each node starts with its properties or alias, so a node whose first character is `&`,
  // `*` or `!` has one (a plain scalar cannot start with these indicators).
  const watch = text.includes('&') || text.includes('*') || text.includes('!');
  const out: DecodedDocument[] = [];
  for (const doc of documents) {
    let special = false;
    let raw: unknown;
    try {
      raw = load(doc.text, {
        schema: CORE_SCHEMA,
        ...(watch
          ? {
              listener: (event, state) => {
                if (event !== 'open' || special) return;
                // The loader's state carries its input and position (not in js-yaml's published types).
                const { input, position } = state as unknown as { readonly input: string; readonly position: number };
                let at = position;
                for (;;) {
                  while (at < input.length && WHITESPACE.has(input.charCodeAt(at))) at++;
                  if (input.charCodeAt(at) !== 0x23) break;
                  // A comment before the node: its properties, if any, follow it.
                  while (at < input.length && input.charCodeAt(at) !== 0x0a) at++;
                }
                if (PROPERTIES.has(input.charCodeAt(at))) special = true;
              },
            }
          : {}),
        // js-yaml's own option (not in its published types): deeper nesting is refused.
        ...({ maxDepth: MAX_DEPTH } as object),
      });
    } catch {
      return null;
    }
    if (special || (text.includes('<<') && hasMergeKey(raw, 0))) return null;
    const first = doc.lines.findIndex((l) => !blankOrComment(l));
    // An empty document is placed at its `---`, as the full reader places it.
    const line = first < 0 ? doc.firstLine : doc.firstLine + first + 1;
    if (raw === undefined) raw = null;
    if (isRecord(raw) && typeof raw['kind'] === 'string' && raw['kind'].endsWith('List') && Array.isArray(raw['items'])) {
      const items = raw['items'] as unknown[];
      // Nested Lists, and Lists whose items are not a block sequence at the top level, are the full reader's.
      if (items.some((item) => isRecord(item) && typeof item['kind'] === 'string' && item['kind'].endsWith('List') && Array.isArray(item['items']))) return null;
      const at = itemLines(doc.lines);
      if (!at || at.length !== items.length) return null;
      const kind = raw['kind'];
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        const filled = isRecord(item) && itemKind && !item['kind'] ? { ...item, kind: itemKind, apiVersion: item['apiVersion'] ?? raw['apiVersion'] } : item;
        out.push({ raw: filled, line: doc.firstLine + at[i]! + 1 });
      }
      continue;
    }
    out.push({ raw, line });
  }
  return out;
}

/** Whether a `<<` key (a merge key, which the full reader applies) appears anywhere in the value. */
function hasMergeKey(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasMergeKey(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k === '<<' || hasMergeKey(v, depth + 1));
}
