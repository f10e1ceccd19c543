// One complete list of a resource, page by page (`limit`/`continue`), into a fresh map: a half-done list is never
// visible. Objects are trimmed before they are kept: managedFields, the last-applied annotation and the status
// fields the engine does not read are dropped here for memory (buildSnapshot's parseMeta drops the annotation from
// what it outputs; the cache holds raw objects, so the raw copy must lose it too).
import { KubeApiError, type KubeClient, type Query } from './kube-client';
import { apiVersionOf, resourcePath, type KindSpec } from './kind-table';

export type RawObject = Record<string, unknown>;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const DEFAULT_PAGE_SIZE = 500;
/** A continue token may expire (410) during a long list: start over, a few times at most. */
const MAX_LIST_RESTARTS = 3;

function isRecord(v: unknown): v is RawObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Cache key; null when the object has no usable name (reported by buildSnapshot if it reaches it). */
export function objectKey(raw: unknown): string | null {
  if (!isRecord(raw) || !isRecord(raw['metadata'])) return null;
  const meta = raw['metadata'];
  const name = meta['name'];
  if (typeof name !== 'string') return null;
  const ns = typeof meta['namespace'] === 'string' ? meta['namespace'] : '';
  return `${ns}/${name}`;
}

export function resourceVersionOf(raw: unknown): string | null {
  if (!isRecord(raw) || !isRecord(raw['metadata'])) return null;
  const rv = raw['metadata']['resourceVersion'];
  return typeof rv === 'string' ? rv : null;
}

/**
 * The object as cached: apiVersion/kind filled in (the API server leaves them out of list items of built-in
 * kinds), without managedFields or the last-applied annotation. Returns null for objects the engine ignores.
 */
export function trimObject(spec: KindSpec, version: string, raw: unknown): unknown {
  if (!isRecord(raw)) return raw; // kept, so buildSnapshot reports it
  const meta = isRecord(raw['metadata']) ? raw['metadata'] : null;
  if (spec.keep && !(meta && typeof meta['name'] === 'string' && spec.keep(meta['name']))) return null;
  const out: RawObject = { ...raw, apiVersion: raw['apiVersion'] ?? apiVersionOf(spec, version), kind: raw['kind'] ?? spec.kind };
  const status = raw['status'];
  if (spec.statusFields && isRecord(status)) {
    // Kept as they are (even of the wrong type), so the parser still reports a malformed value.
    const kept = spec.statusFields.filter((f) => f in status).map((f) => [f, status[f]]);
    if (kept.length > 0) out['status'] = Object.fromEntries(kept);
    else delete out['status'];
  }
  if (meta) {
    const { managedFields: _dropped, ...rest } = meta;
    void _dropped;
    const annotations = isRecord(rest['annotations']) && LAST_APPLIED in rest['annotations'] ? { ...rest['annotations'] } : null;
    if (annotations) delete annotations[LAST_APPLIED];
    out['metadata'] = annotations ? { ...rest, annotations } : rest;
  }
  return out;
}

export interface ListResult {
  readonly objects: Map<string, unknown>;
  /** Objects without a name: kept aside so buildSnapshot reports them. */
  readonly unnamed: readonly unknown[];
  readonly resourceVersion: string;
  readonly requests: number;
}

export async function listKind(client: KubeClient, spec: KindSpec, version: string, opts: { pageSize?: number; namespace?: string } = {}): Promise<ListResult> {
  const path = resourcePath(spec, version, opts.namespace);
  let requests = 0;
  for (let attempt = 0; ; attempt++) {
    const objects = new Map<string, unknown>();
    const unnamed: unknown[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    try {
      do {
        const query: Query = { limit: opts.pageSize ?? DEFAULT_PAGE_SIZE, continue: token };
        requests++;
        const page = await client.getJson(path, query);
        if (!isRecord(page) || !Array.isArray(page['items'])) throw new KubeApiError(`GET ${path}: the answer is not a list`, 200);
        const meta = isRecord(page['metadata']) ? page['metadata'] : {};
        for (const item of page['items'] as unknown[]) {
          const trimmed = trimObject(spec, version, item);
          if (trimmed === null) continue;
          const key = objectKey(trimmed);
          if (key === null) unnamed.push(trimmed);
          else objects.set(key, trimmed);
        }
        resourceVersion = typeof meta['resourceVersion'] === 'string' ? meta['resourceVersion'] : resourceVersion;
        token = typeof meta['continue'] === 'string' && meta['continue'] !== '' ? meta['continue'] : undefined;
      } while (token);
      return { objects, unnamed, resourceVersion, requests };
    } catch (e) {
      // 410 on a continue token: the snapshot the pages came from was compacted; list again from the start.
      if (e instanceof KubeApiError && e.status === 410 && token !== undefined && attempt < MAX_LIST_RESTARTS) continue;
      throw e;
    }
  }
}
