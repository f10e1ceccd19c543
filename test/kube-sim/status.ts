// metav1.Status failures as kube-apiserver writes them (staging/src/k8s.io/apimachinery/pkg/api/errors).
import type { ServerResponse } from 'node:http';

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  /** ListMeta: carries the inconsistent-continue token of an expired continue. */
  metadata: { continue?: string };
  status: 'Failure';
  message: string;
  reason: string;
  details?: Record<string, unknown>;
  code: number;
}

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

export interface ForbiddenScope {
  readonly verb: string;
  /** Plural, or `pods/proxy`-style subresource. */
  readonly resource: string;
  readonly group: string;
  readonly namespace: string | null;
  readonly name?: string | null;
}

export function forbidden(scope: ForbiddenScope, user: string): StatusBody {
  const where = scope.namespace === null ? 'at the cluster scope' : `in the namespace "${scope.namespace}"`;
  const kind = scope.resource.split('/')[0] ?? scope.resource;
  const subject = scope.name ? `${kind} "${scope.name}"` : kind;
  const message = `${subject} is forbidden: User "${user}" cannot ${scope.verb} resource "${scope.resource}" in API group "${scope.group}" ${where}`;
  return status(403, 'Forbidden', message, { ...(scope.name ? { name: scope.name } : {}), ...(scope.group ? { group: scope.group } : {}), kind });
}

export function notFound(plural: string, group: string, name: string): StatusBody {
  const qualified = group ? `${plural}.${group}` : plural;
  return status(404, 'NotFound', `${qualified} "${name}" not found`, { name, kind: plural, ...(group ? { group } : {}) });
}

/** What the server answers for a path it does not serve (an absent CRD group, an unknown resource). */
export function pathNotFound(): StatusBody {
  return status(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function tooOldResourceVersion(requested: string, oldest: number): StatusBody {
  return status(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

/** @param inconsistentContinue token that continues from the latest state instead (the real server offers one). */
export function continueExpired(inconsistentContinue?: string): StatusBody {
  const body = status(
    410,
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  );
  return inconsistentContinue ? { ...body, metadata: { continue: inconsistentContinue } } : body;
}

export function tooManyRequests(retryAfterSeconds: number): StatusBody {
  return status(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });
}

export function unauthorized(): StatusBody {
  return status(401, 'Unauthorized', 'Unauthorized');
}

export function internalError(message: string): StatusBody {
  return status(500, 'InternalError', `Internal error occurred: ${message}`);
}

export function badRequest(message: string): StatusBody {
  return status(400, 'BadRequest', message);
}

export function writeJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function writeStatus(res: ServerResponse, body: StatusBody, headers: Record<string, string> = {}): void {
  writeJson(res, body.code, body, headers);
}
