// Label and field selectors with the grammar of k8s.io/apimachinery/pkg/labels and /fields. A selector the real
// server would reject is rejected here too (400 BadRequest), so a client building a bad one finds out in tests.

export type Selector = (obj: SimObject) => boolean;

export interface SimObject {
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> } & Record<string, unknown>;
  readonly [key: string]: unknown;
}

export class SelectorError extends Error {
  override readonly name = 'SelectorError';
}

/** Splits on commas outside parentheses (`a in (x,y),b` has two requirements). */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const SET_REQUIREMENT = /^(?<key>[A-Za-z0-9._/-]+)\s+(?<op>in|notin)\s+\((?<list>[^)]*)\)$/;
const EQUALITY = /^(?<key>[A-Za-z0-9._/-]+)\s*(?<op>==|=|!=)\s*(?<value>[A-Za-z0-9._-]*)$/;
const EXISTS = /^(?<not>!?)(?<key>[A-Za-z0-9._/-]+)$/;

function labelRequirement(text: string): Selector {
  const labels = (o: SimObject) => o.metadata.labels ?? {};
  const set = SET_REQUIREMENT.exec(text)?.groups;
  if (set) {
    const { key = '', op, list = '' } = set;
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in' ? (o) => values.has(labels(o)[key] ?? '\0') : (o) => !values.has(labels(o)[key] ?? '\0');
  }
  const eq = EQUALITY.exec(text)?.groups;
  if (eq) {
    const { key = '', op, value = '' } = eq;
    return op === '!=' ? (o) => labels(o)[key] !== value : (o) => labels(o)[key] === value;
  }
  const exists = EXISTS.exec(text)?.groups;
  if (exists) {
    const { not, key = '' } = exists;
    return not ? (o) => !(key in labels(o)) : (o) => key in labels(o);
  }
  throw new SelectorError(`unable to parse requirement: ${JSON.stringify(text)}`);
}

export function parseLabelSelector(text: string | null): Selector {
  if (!text) return () => true;
  const requirements = splitRequirements(text).map(labelRequirement);
  return (o) => requirements.every((r) => r(o));
}

const FIELD = /^(?<field>[A-Za-z0-9.]+)\s*(?<op>==|=|!=)\s*(?<value>.*)$/;

function fieldValue(obj: SimObject, field: string): string {
  let cur: unknown = obj;
  for (const part of field.split('.')) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[part] : undefined;
  return typeof cur === 'string' ? cur : '';
}

/** Fields every resource supports, plus the extra ones the real server supports for pods. */
export function parseFieldSelector(text: string | null, plural: string): Selector {
  if (!text) return () => true;
  const allowed = ['metadata.name', 'metadata.namespace', ...(plural === 'pods' ? ['spec.nodeName', 'spec.serviceAccountName', 'status.phase'] : [])];
  const requirements = splitRequirements(text).map((req): Selector => {
    const m = FIELD.exec(req)?.groups;
    if (!m) throw new SelectorError(`invalid selector: '${req}'; can't understand '${req}'`);
    const { field = '', op, value = '' } = m;
    if (!allowed.includes(field)) throw new SelectorError(`field label not supported: ${field}`);
    return op === '!=' ? (o) => fieldValue(o, field) !== value : (o) => fieldValue(o, field) === value;
  });
  return (o) => requirements.every((r) => r(o));
}
