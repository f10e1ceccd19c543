// Matching of `paths` / `notPaths` (istio-semantics Z-7, Z-8). Envoy's `urlPath` matcher sees the path without
// its query string. A path with `{*}` or `{**}` is an Envoy URI template: `{*}` is exactly one segment, `{**}`
// is zero or more characters of path segments (slashes included), and nothing else may share a segment.
import { escapeRegExp, matchesIstioString } from './string-match';

/** Characters Envoy's uri_template allows inside a path segment. */
const SEGMENT_CHARS = "[a-zA-Z0-9\\-._~%!$&'()+,;:@=]";

/** `{*}` or `{**}` in a path (istio pkg/config/security ContainsPathTemplate). */
export function containsPathTemplate(path: string): boolean {
  return path.includes('{*}') || path.includes('{**}');
}

/** Whether a path template is valid (Z-8): operators alone in their segment, `{**}` the last operator. */
export function isValidPathTemplate(path: string): boolean {
  const segments = path.split('/');
  let sawGlob = false;
  for (const seg of segments) {
    const hasOp = seg.includes('{') || seg.includes('}');
    if (!hasOp) continue;
    if (seg !== '{*}' && seg !== '{**}') return false;
    if (sawGlob) return false;
    if (seg === '{**}') sawGlob = true;
  }
  return true;
}

function templateRegExp(template: string): RegExp {
  const source = template
    .split('/')
    .map((seg) => {
      switch (seg) {
        case '{*}':
          return `${SEGMENT_CHARS}+`;
        case '{**}':
          return `(?:${SEGMENT_CHARS}|/)*`;
        default:
          return escapeRegExp(seg);
      }
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

/** The path Envoy's `urlPath` matcher compares: without query or fragment. */
export function urlPathOf(path: string): string {
  const cut = path.search(/[?#]/);
  return cut >= 0 ? path.slice(0, cut) : path;
}

/** Whether the request path matches one `paths` value. */
export function matchesPathPattern(pattern: string, path: string | undefined): boolean {
  if (path === undefined) return false;
  const urlPath = urlPathOf(path);
  if (containsPathTemplate(pattern)) return templateRegExp(pattern).test(urlPath);
  return matchesIstioString(pattern, urlPath, { presence: 'non-empty' });
}
