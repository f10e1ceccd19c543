// The HTTP boundary's check of a request target, before Next.js sees it. Next answers 500 (and logs a stack) for a
// target it cannot parse: the asterisk-form `*` (`OPTIONS * HTTP/1.1`) and a path segment whose percent-encoding is
// malformed (`/namespaces/%E0%A4%A`), which fails inside Next's route matching before any route of ours runs. Both
// are the request's fault: 400, a short message, one log line.

/**
 * Why a request target cannot be served, or null when it can.
 * @param {string | undefined} target the raw request target (`req.url`)
 * @returns {string | null}
 */
export function requestTargetProblem(target) {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return 'the request target must be a path (origin-form, RFC 9112 §3.2.1)';
  const end = target.search(/[?#]/);
  const path = end === -1 ? target : target.slice(0, end);
  for (const segment of path.split('/')) {
    try {
      decodeURIComponent(segment);
    } catch {
      return 'the path has a malformed percent-encoding';
    }
  }
  return null;
}

/** The target as it may appear in a log line: printable ASCII only, bounded. */
export function loggableTarget(target) {
  const printable = String(target ?? '').replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 200 ? `${printable.slice(0, 200)}…` : printable;
}
