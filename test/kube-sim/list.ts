// GET of a collection (list, with selectors and limit/continue pagination) or of one object, shaped like
// kube-apiserver's responses. Pages of one list are consistent: they all show the state at the first page's
// resourceVersion, reconstructed from the event history; once that history is compacted the token expires (410).
import type { ServerResponse } from 'node:http';
import { groupVersion, type SimResource } from './resources';
import type { Selector, SimObject } from './selectors';
import { ExpiredError, type SimStore, type SortedObjects } from './store';
import { badRequest, continueExpired, notFound, writeJson, writeStatus } from './status';

export interface ListQuery {
  readonly namespace: string | null;
  readonly selector: Selector;
  /** Whether label or field selectors were given (the real server then omits remainingItemCount). */
  readonly hasSelector: boolean;
  readonly limit: string | null;
  readonly continueToken: string | null;
}

interface ContinueKey {
  /** The list's resourceVersion; -1: the latest state (the inconsistent continuation offered with a 410). */
  rv: number;
  start: string;
}

function encodeContinue(key: ContinueKey): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: key.rv, start: key.start })).toString('base64url');
}

export function decodeContinue(token: string): ContinueKey | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { v, rv, start } = parsed as Record<string, unknown>;
    if (v !== 'meta.k8s.io/v1' || typeof rv !== 'number' || !Number.isInteger(rv) || rv < -1 || typeof start !== 'string') return null;
    return { rv, start };
  } catch {
    return null;
  }
}

/** The token offered with a 410 for an expired continue: same position, latest state. */
export function inconsistentContinue(token: string): string | undefined {
  const key = decodeContinue(token);
  return key ? encodeContinue({ rv: -1, start: key.start }) : undefined;
}

/** An object as served at the requested version of its resource. */
export function asServed(obj: SimObject, resource: SimResource, version: string): SimObject {
  const apiVersion = groupVersion(resource.group, version);
  return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
}

/** First index whose key is >= k. */
function lowerBound(keys: readonly string[], k: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose key is > k. */
function upperBound(keys: readonly string[], k: string): number {
  const i = lowerBound(keys, k);
  return keys[i] === k ? i + 1 : i;
}

export function serveList(
  res: ServerResponse,
  store: SimStore,
  resource: SimResource,
  version: string,
  query: ListQuery,
  maxPageSize: number,
): void {
  let rv = store.resourceVersion;
  let start = '';
  if (query.continueToken) {
    const key = decodeContinue(query.continueToken);
    if (!key) return writeStatus(res, badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'));
    if (key.rv >= 0) rv = key.rv;
    start = key.start;
  }
  const limit = query.limit === null || query.limit === '' ? 0 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 0) return writeStatus(res, badRequest(`limit: Invalid value: "${query.limit}"`));
  let all: SortedObjects;
  try {
    all = store.listAt(resource, rv);
  } catch (e) {
    if (e instanceof ExpiredError) return writeStatus(res, continueExpired(inconsistentContinue(query.continueToken ?? '')));
    throw e;
  }
  // Keys are `<namespace>/<name>`: one namespace is the contiguous range [`ns/`, `ns0`) ('0' follows '/').
  let lo = query.namespace === null ? 0 : lowerBound(all.keys, `${query.namespace}/`);
  const hi = query.namespace === null ? all.keys.length : lowerBound(all.keys, `${query.namespace}0`);
  if (start !== '') lo = Math.max(lo, upperBound(all.keys, start));
  const pageSize = limit === 0 ? Infinity : Math.min(limit, maxPageSize);
  const page: SimObject[] = [];
  let lastKey = '';
  let more = false;
  let remaining: number | null = null;
  if (!query.hasSelector) {
    const end = Math.min(hi, lo + pageSize);
    page.push(...all.items.slice(lo, end));
    lastKey = all.keys[end - 1] ?? '';
    remaining = hi - end;
    more = remaining > 0;
  } else {
    for (let i = lo; i < hi; i++) {
      const obj = all.items[i]!;
      if (!query.selector(obj)) continue;
      if (page.length === pageSize) {
        more = true;
        break;
      }
      page.push(obj);
      lastKey = all.keys[i]!;
    }
  }
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (more) {
    metadata.continue = encodeContinue({ rv, start: lastKey });
    if (remaining !== null) metadata.remainingItemCount = remaining;
  }
  writeJson(res, 200, {
    kind: `${resource.kind}List`,
    apiVersion: groupVersion(resource.group, version),
    metadata,
    items: page.map((o) => asServed(o, resource, version)),
  });
}

export function serveGet(res: ServerResponse, store: SimStore, resource: SimResource, version: string, namespace: string | null, name: string): void {
  const obj = store.get(resource, namespace ?? '', name);
  if (!obj) return writeStatus(res, notFound(resource.plural, resource.group, name));
  writeJson(res, 200, asServed(obj, resource, version));
}
