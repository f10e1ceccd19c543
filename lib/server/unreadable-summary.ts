import 'server-only';
// The server log's one line per loaded snapshot about input it could not read (issue #15 item 7): the count and the
// kinds, never the objects' own text (the list is GET /api/v1/issues). A live source logs again only when the count
// changes, not on every watch event.
import { countIssuesByKind, unreadableSentence } from '@/lib/api/views/issues';
import { isIncompleteness, type MeshSnapshot } from '@/lib/snapshot/types';

const MAX_KINDS_LISTED = 6;

/** The line to log, or null when everything was read. */
export function unreadableSummary(snapshot: MeshSnapshot): string | null {
  const unread = snapshot.issues.filter(isIncompleteness);
  const total = unread.length;
  if (total === 0) return null;
  const kinds = countIssuesByKind(unread);
  const listed = kinds.slice(0, MAX_KINDS_LISTED).map(({ kind, count }) => `${kind.replace(/[^\x20-\x7e]/g, '?').slice(0, 60)} ${count}`);
  if (kinds.length > MAX_KINDS_LISTED) listed.push(`${kinds.length - MAX_KINDS_LISTED} more kinds`);
  return `mesh-posture: ${unreadableSentence(total)} (${listed.join(', ')}); they are in no verdict, see /issues`;
}

/** Logs a snapshot's summary when its count differs from the last one logged by this logger. */
export function unreadableLogger(log: (line: string) => void = (l) => console.warn(l)): (snapshot: MeshSnapshot) => void {
  let last = 0;
  return (snapshot) => {
    const count = snapshot.issues.filter(isIncompleteness).length;
    if (count === last) return;
    last = count;
    log(unreadableSummary(snapshot) ?? 'mesh-posture: every object and file is readable again');
  };
}
