// The last posture of each source, kept in parts (schema version 4): the head — time, source, the mesh totals and
// findings counts, the order of the namespaces, and what belongs to no namespace — in posture_state.digest, and one row
// per namespace in posture_state_parts (its summary, ports, deciders, findings, certificates and objects). A record
// rewrites only the parts whose text changed: at 20,000 pods the whole posture is ~6 MB of JSON, and a day's hundred
// changed workloads touch a few dozen namespaces. Reassembled, the parts are checked as one digest (parseDigest).
import type { NamespaceSummary, OpenFinding, PortState, PostureDigest, WorkloadCertificate } from '@/lib/mesh/history/history-types';
import { parseDigest, StoredDataError } from './history-rows';

/** A digest as stored: the head's text, and each namespace's part text by namespace name. */
export interface DigestParts {
  readonly head: string;
  readonly parts: ReadonlyMap<string, string>;
}

interface Part {
  summary: Omit<NamespaceSummary, 'name'> | null;
  ports: PortState[];
  deciders: Record<string, readonly string[]>;
  findings: OpenFinding[];
  certificates: WorkloadCertificate[];
  objects: Record<string, string>;
}

interface Head {
  readonly at: string;
  readonly source: string;
  readonly summary: Omit<PostureDigest['summary'], 'namespaces'>;
  /** The order of summary.namespaces (the diff compares summaries as they are listed). */
  readonly namespaces: readonly string[];
  /** Findings with no namespace, cluster-scoped objects. */
  readonly rest: Part;
}

const emptyPart = (): Part => ({ summary: null, ports: [], deciders: {}, findings: [], certificates: [], objects: {} });

/** 'Kind/ns/name' → ns; 'Kind/name' (cluster-scoped) → null. */
const objectNamespace = (id: string): string | null => {
  const parts = id.split('/');
  return parts.length >= 3 ? (parts[1] ?? null) : null;
};

export function splitDigest(digest: PostureDigest): DigestParts {
  const parts = new Map<string, Part>();
  const rest = emptyPart();
  const partOf = (namespace: string | null): Part => {
    if (namespace === null) return rest;
    let p = parts.get(namespace);
    if (!p) parts.set(namespace, (p = emptyPart()));
    return p;
  };
  for (const n of digest.summary.namespaces) partOf(n.name).summary = { phase: n.phase, workloads: n.workloads, ports: n.ports };
  for (const p of digest.ports) partOf(p.namespace).ports.push(p);
  for (const [workload, ids] of Object.entries(digest.deciders)) {
    const slash = workload.indexOf('/');
    partOf(slash > 0 ? workload.slice(0, slash) : null).deciders[workload] = ids;
  }
  for (const f of digest.findings) partOf(f.namespace).findings.push(f);
  for (const c of digest.certificates) partOf(c.namespace).certificates.push(c);
  for (const [id, fingerprint] of Object.entries(digest.objects)) partOf(objectNamespace(id)).objects[id] = fingerprint;
  const head: Head = {
    at: digest.at,
    source: digest.source,
    summary: { mesh: digest.summary.mesh, findings: digest.summary.findings },
    namespaces: digest.summary.namespaces.map((n) => n.name),
    rest,
  };
  return { head: JSON.stringify(head), parts: new Map([...parts].map(([ns, p]) => [ns, JSON.stringify(p)])) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parsed(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StoredDataError(`${what}: not JSON`);
  }
  if (!isRecord(value)) throw new StoredDataError(`${what}: expected an object`);
  return value;
}

const arrayOf = (v: unknown, field: string, what: string): unknown[] => {
  if (!Array.isArray(v)) throw new StoredDataError(`${what}: ${field}: expected an array`);
  return v;
};
const recordOf = (v: unknown, field: string, what: string): Record<string, unknown> => {
  if (!isRecord(v)) throw new StoredDataError(`${what}: ${field}: expected an object`);
  return v;
};

/** Own properties only, defined (never assigned): a stored key "__proto__" stays a key, as JSON.parse leaves it. */
function copyInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The stored head and parts back into one digest, checked field by field (parseDigest). */
export function joinDigest(stored: DigestParts, what: string): PostureDigest {
  const head = parsed(stored.head, what);
  const summary = recordOf(head['summary'], 'summary', what);
  const namespaces: unknown[] = [];
  const ports: unknown[] = [];
  const findings: unknown[] = [];
  const certificates: unknown[] = [];
  const deciders: Record<string, unknown> = {};
  const objects: Record<string, unknown> = {};
  const add = (p: Record<string, unknown>, where: string) => {
    ports.push(...arrayOf(p['ports'], `${where}.ports`, what));
    findings.push(...arrayOf(p['findings'], `${where}.findings`, what));
    certificates.push(...arrayOf(p['certificates'], `${where}.certificates`, what));
    copyInto(deciders, recordOf(p['deciders'], `${where}.deciders`, what));
    copyInto(objects, recordOf(p['objects'], `${where}.objects`, what));
  };
  add(recordOf(head['rest'], 'rest', what), 'rest');
  const summaries = new Map<string, unknown>();
  for (const [namespace, text] of stored.parts) {
    const part = parsed(text, `${what}, namespace ${JSON.stringify(namespace.slice(0, 80))}`);
    add(part, `parts.${namespace}`);
    if (part['summary'] !== null) summaries.set(namespace, part['summary']);
  }
  for (const name of arrayOf(head['namespaces'], 'namespaces', what)) {
    const s = typeof name === 'string' ? summaries.get(name) : undefined;
    if (!isRecord(s)) throw new StoredDataError(`${what}: namespaces: no summary stored for ${JSON.stringify(String(name).slice(0, 80))}`);
    namespaces.push({ name, ...s });
  }
  return parseDigest({ at: head['at'], source: head['source'], summary: { ...summary, namespaces }, ports, deciders, findings, certificates, objects }, what);
}

/** What a record writes: the parts whose text differs from `before`'s (or all, without one), and those gone. */
export function changedParts(before: DigestParts | null, after: DigestParts): { readonly write: [string, string][]; readonly remove: string[] } {
  const write = [...after.parts].filter(([ns, text]) => before?.parts.get(ns) !== text);
  const remove = before ? [...before.parts.keys()].filter((ns) => !after.parts.has(ns)) : [];
  return { write, remove };
}
