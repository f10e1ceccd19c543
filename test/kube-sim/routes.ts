// Maps a request path onto what kube-apiserver would serve there: discovery, a resource collection or object
// (cluster-wide or in a namespace), or a pod subresource. Path segments are percent-decoded once, like Go's mux.
import { findResourceByPath, type SimResource } from './resources';

export type Route =
  | { type: 'version' }
  | { type: 'api' }
  | { type: 'apis' }
  | { type: 'group'; group: string }
  | { type: 'groupVersion'; group: string; version: string }
  | { type: 'resource'; group: string; version: string; resource: SimResource; namespace: string | null; name: string | null }
  | { type: 'podProxy'; namespace: string; pod: string; port: number | null; path: string }
  | { type: 'podPortForward'; namespace: string; pod: string }
  | { type: 'notFound'; group: string | null };

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** `{name}`, `{name}:{port}` or `{scheme}:{name}:{port}` as in the pods/proxy path. */
function proxyName(segment: string): { pod: string; port: number | null } | null {
  const parts = segment.split(':');
  const [pod, port] = parts.length === 3 ? [parts[1], parts[2]] : [parts[0], parts[1]];
  if (!pod || parts.length > 3) return null;
  if (port === undefined || port === '') return { pod, port: null };
  return /^\d{1,5}$/.test(port) ? { pod, port: Number(port) } : null;
}

function resourceRoute(group: string, version: string, rest: string[], rawRest: string[]): Route {
  const notFound: Route = { type: 'notFound', group };
  const [first, second, third, fourth, fifth] = rest;
  if (first === undefined) return notFound;
  if (first === 'namespaces' && second !== undefined && third !== undefined) {
    const resource = findResourceByPath(group, version, third);
    if (!resource || !resource.namespaced) return notFound;
    if (fourth === undefined) return { type: 'resource', group, version, resource, namespace: second, name: null };
    if (fifth === undefined) return { type: 'resource', group, version, resource, namespace: second, name: fourth };
    if (resource.plural !== 'pods' || group !== '') return notFound;
    if (fifth === 'portforward' && rest.length === 5) return { type: 'podPortForward', namespace: second, pod: fourth };
    const target = fifth === 'proxy' ? proxyName(fourth) : null;
    if (!target) return notFound;
    const tail = rawRest.slice(5).join('/');
    return { type: 'podProxy', namespace: second, pod: target.pod, port: target.port, path: `/${tail}` };
  }
  const resource = findResourceByPath(group, version, first);
  if (!resource || third !== undefined) return notFound;
  if (second === undefined) return { type: 'resource', group, version, resource, namespace: null, name: null };
  return resource.namespaced ? notFound : { type: 'resource', group, version, resource, namespace: null, name: second };
}

export function route(pathname: string): Route {
  const rawSegments = pathname.split('/').filter((s) => s !== '');
  const segments = rawSegments.map(decode);
  if (segments.some((s) => s === null)) return { type: 'notFound', group: null };
  const seg = segments as string[];
  const [root, a, b] = seg;
  if (root === 'version' && seg.length === 1) return { type: 'version' };
  if (root === 'api') {
    if (a === undefined) return { type: 'api' };
    if (a !== 'v1') return { type: 'notFound', group: '' };
    if (b === undefined) return { type: 'groupVersion', group: '', version: 'v1' };
    return resourceRoute('', 'v1', seg.slice(2), rawSegments.slice(2));
  }
  if (root === 'apis') {
    if (a === undefined) return { type: 'apis' };
    if (b === undefined) return { type: 'group', group: a };
    if (seg.length === 3) return { type: 'groupVersion', group: a, version: b };
    return resourceRoute(a, b, seg.slice(3), rawSegments.slice(3));
  }
  return { type: 'notFound', group: null };
}
