// GET of a collection (list, with selectors and limit/continue pagination) or of one object, shaped like
// kube-apiserver's responses. Pages of one list are consistent: they all show the state at the first page's
// resourceVersion, reconstructed from the event history; once that history is compacted the token expires (410).
import type { ServerResponse } from 'node:http';
import { groupVersion, type SimResource } from './resources';
import type { Selector, SimObject } from './selectors';
import { ExpiredError, type SimStore } from './store';
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

function sortKey(o: SimObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
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
  let all: SimObject[];
  try {
    all = store.listAt(resource, rv);
  } catch (e) {
    if (e instanceof ExpiredError) return writeStatus(res, continueExpired(inconsistentContinue(query.continueToken ?? '')));
    throw e;
  }
  const matching = all.filter(
    (o) => (query.namespace === null || o.metadata.namespace === query.namespace) && (start === '' || sortKey(o) > start) && query.selector(o),
  );
  const pageSize = limit === 0 ? matching.length : Math.min(limit, maxPageSize);
  const page = matching.slice(0, pageSize);
  const remaining = matching.length - page.length;
  const last = page[page.length - 1];
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (remaining > 0 && last) {
    metadata.continue = encodeContinue({ rv, start: sortKey(last) });
    if (!query.hasSelector) metadata.remainingItemCount = remaining;
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
