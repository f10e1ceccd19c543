// YAML documents as kubectl reads them (sigs.k8s.io/yaml over go-yaml): merge keys (`<<: *defaults`) are applied,
// aliases are bounded, a duplicate key makes its object invalid ("key \"x\" already set in map", as kubectl says), and
// every item of a `kind: List` keeps its own line, so warnings, report locations and SARIF point at the item.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import { describe } from '@/lib/snapshot/read-document';
import type { CollectionIssue } from '@/lib/snapshot/types';
import { jsonDuplicateKeys, lineAt, type JsonDuplicateKey } from './json-duplicate-keys';
import { jsonItemLines } from './json-item-lines';
import { errorLine } from './error-line';
import { decodeYamlFast } from './yaml-fast-path';

export interface DecodedDocument {
  readonly raw: unknown;
  readonly line: number;
}

/** Bound on alias expansion ("billion laughs") for a hostile file. */
const MAX_ALIAS_COUNT = 1000;
const MAX_LIST_DEPTH = 3;

interface DuplicateKey {
  readonly key: string;
  readonly offset: number;
  readonly line: number;
  readonly firstLine: number;
}

function keyText(node: unknown): string | null {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number' || typeof node.value === 'boolean') ? String(node.value) : null;
}

/** Duplicate keys of every map in the document (the merge key `<<` excepted: it may repeat). */
function duplicateKeys(doc: Document, lines: LineCounter): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        const key = keyText(pair.key);
        if (key === null || key === '<<') continue;
        const offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, offset);
        else out.push({ key, offset, line: lines.linePos(offset).line, firstLine: lines.linePos(first).line });
      }
    },
  });
  return out;
}

function duplicateReason(d: DuplicateKey): string {
  return `duplicate key ${JSON.stringify(d.key.slice(0, 80))} at line ${d.line} (first at line ${d.firstLine}): kubectl rejects this object (key already set in map); it is not read`;
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The `items` node of a `kind: List` (or `*List`) document, when its value is a list of objects. */
function listItemsNode(node: Node | null | undefined, raw: unknown): Node[] | null {
  if (!isMap(node) || !isRecord(raw) || typeof raw['kind'] !== 'string' || !raw['kind'].endsWith('List') || !Array.isArray(raw['items'])) return null;
  const items = node.items.find((p) => keyText(p.key) === 'items')?.value;
  return isSeq(items) && items.items.length === (raw['items'] as unknown[]).length ? (items.items as Node[]) : null;
}

/**
 * The objects of one document: the document itself, or each item of a List with its own line (the item's kind
 * filled in from a `<Kind>List`, as read-document's flatten does), minus objects holding a duplicate key.
 */
function documentObjects(node: Node | null | undefined, raw: unknown, line: number, duplicates: readonly DuplicateKey[], file: string, lines: LineCounter, issues: CollectionIssue[], depth = 0): DecodedDocument[] {
  const items = depth < MAX_LIST_DEPTH ? listItemsNode(node, raw) : null;
  if (items && isRecord(raw)) {
    const kind = raw['kind'] as string;
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    const outside = duplicates.filter((d) => !items.some((item) => item.range && d.offset >= item.range[0] && d.offset < item.range[1]));
    if (outside.length === 0) {
      return (raw['items'] as unknown[]).flatMap((item, i) => {
        const itemNode = items[i];
        const start = itemNode?.range?.[0];
        const inside = itemNode?.range ? duplicates.filter((d) => d.offset >= itemNode.range![0] && d.offset < itemNode.range![1]) : [];
        const filled = isRecord(item) && itemKind && !item['kind'] ? { ...item, kind: itemKind, apiVersion: item['apiVersion'] ?? raw['apiVersion'] } : item;
        return documentObjects(itemNode, filled, start === undefined ? line : lines.linePos(start).line, inside, file, lines, issues, depth + 1);
      });
    }
  }
  if (duplicates.length > 0) {
    issues.push({ file, line: duplicates[0]!.line, ...(isRecord(raw) ? { object: describe(raw) } : {}), reason: duplicateReason(duplicates[0]!) });
    return [];
  }
  return [{ raw, line }];
}

/**
 * Decodes a YAML file into objects with their 1-based line; problems become issues naming the file and line. Plain
 * files take the fast path (yaml-fast-path.ts); the rest, and every file with a problem, are read here in full.
 */
export function decodeYamlDocuments(text: string, file: string, issues: CollectionIssue[]): DecodedDocument[] {
  return decodeYamlFast(text) ?? decodeYamlDocumentsFully(text, file, issues);
}

/** The full reader: the `yaml` library's documents, with every check and line. */
export function decodeYamlDocumentsFully(text: string, file: string, issues: CollectionIssue[]): DecodedDocument[] {
  const lineCounter = new LineCounter();
  const out: DecodedDocument[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true })) {
    // The object's first line (its `---` separator excluded), where an annotation belongs.
    const start = doc.contents?.range?.[0] ?? doc.range[0];
    const line = lineCounter.linePos(start).line;
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      // prettyErrors is off, so the error carries its offset, not its line: compute it.
      const at = err.linePos?.[0]?.line ?? lineCounter.linePos(err.pos[0]).line;
      issues.push({ file, line: at, reason: `not valid YAML: ${errorLine(err)}` });
      continue;
    }
    let raw: unknown;
    try {
      raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
    } catch (e) {
      issues.push({ file, line, reason: `YAML document could not be decoded: ${errorLine(e)}` });
      continue;
    }
    out.push(...documentObjects(doc.contents as Node | null, raw, line, duplicateKeys(doc, lineCounter), file, lineCounter, issues));
  }
  return out;
}

/**
 * JSON texts up to this size are checked for repeated keys (the scan costs about one JSON.parse). Larger ones are
 * machine-written dumps (`kubectl get -o json`, whose serializer never repeats a key) and are not scanned; a note says so.
 */
export const MAX_JSON_DUPLICATE_SCAN = 32 * 1024 * 1024;
const DUMP_NOT_SCANNED = `over ${MAX_JSON_DUPLICATE_SCAN / 1024 / 1024} MiB: read as a machine-written dump, not checked for repeated keys (kubectl's own output never repeats one)`;

/**
 * A JSON document: a `kind: List` becomes its items, each with its own line (JSON.parse has no lines of its own). An
 * object holding a repeated key is refused as the API server refuses it (a List item alone, or the whole document),
 * with an issue naming the key, since JSON.parse would silently keep the last value.
 */
export function splitJsonList(raw: unknown, text: string, file: string, issues: CollectionIssue[]): DecodedDocument[] {
  const duplicates = text.length <= MAX_JSON_DUPLICATE_SCAN ? jsonDuplicateKeys(text) : [];
  if (text.length > MAX_JSON_DUPLICATE_SCAN) issues.push({ file, level: 'info', reason: DUMP_NOT_SCANNED });
  const reason = (d: JsonDuplicateKey) =>
    `duplicate key ${JSON.stringify(d.key.slice(0, 80))} at line ${lineAt(text, d.offset)} (first at line ${lineAt(text, d.firstOffset)}): the API server rejects this object (json: duplicate field); it is not read`;
  const whole = duplicates.find((d) => d.item === null);
  const isList = isRecord(raw) && typeof raw['kind'] === 'string' && raw['kind'].endsWith('List') && Array.isArray(raw['items']);
  if (whole || (!isList && duplicates.length > 0)) {
    issues.push({ file, line: lineAt(text, (whole ?? duplicates[0]!).offset), reason: reason(whole ?? duplicates[0]!) });
    return [];
  }
  if (!isList) return [{ raw, line: 1 }];
  const items = raw['items'] as unknown[];
  const lines = jsonItemLines(text);
  const refused = new Map<number, JsonDuplicateKey>();
  for (const d of duplicates) if (d.item !== null && !refused.has(d.item)) refused.set(d.item, d);
  for (const d of refused.values()) issues.push({ file, line: lineAt(text, d.offset), reason: reason(d) });
  if ((!lines || lines.length !== items.length) && refused.size === 0) return [{ raw, line: 1 }];
  const kind = raw['kind'] as string;
  const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
  return items.flatMap((item, i) =>
    refused.has(i) ? [] : [{ raw: isRecord(item) && itemKind && !item['kind'] ? { ...item, kind: itemKind, apiVersion: item['apiVersion'] ?? raw['apiVersion'] } : item, line: lines?.[i] ?? 1 }],
  );
}
