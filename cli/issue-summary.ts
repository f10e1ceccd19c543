// Collection issues on stderr, summarised: a file with many objects failing for the same reason (a cluster dump at an
// old apiVersion, a folder of another product's CRDs) gives one line, not one per object.
import { countOf } from '@/lib/report/render/format-values';
import type { CollectionIssue } from '@/lib/snapshot/types';
import { terminalSafe } from './terminal-text';

/** A file with more issues than this of one kind of problem gets one summary line for them. */
export const SUMMARY_THRESHOLD = 3;


export function formatIssue(issue: CollectionIssue): string {
  const where = issue.file ? `${issue.file}${issue.line ? `:${issue.line}` : ''}: ` : '';
  const what = issue.object ? `${issue.object}: ` : '';
  // File names and object names come from untrusted input.
  return terminalSafe(`${where}${what}${issue.reason}`);
}

/** The problem without the values that differ between objects (names in quotes, numbers), to group alike ones. */
function reasonShape(reason: string): string {
  return reason.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\d+/g, '#');
}

function levelOf(issue: CollectionIssue): 'warning' | 'info' {
  return issue.level ?? 'warning';
}

/** One line per issue, or per file and shape of problem when there are many: `warning: …` or `info: …`. */
export function summariseIssues(issues: readonly CollectionIssue[], threshold = SUMMARY_THRESHOLD): string[] {
  const groups = new Map<string, CollectionIssue[]>();
  for (const issue of issues) {
    const key = `${levelOf(issue)}\u0000${issue.file ?? ''}\u0000${issue.kind ?? ''}\u0000${reasonShape(issue.reason)}`;
    const group = groups.get(key);
    if (group) group.push(issue);
    else groups.set(key, [issue]);
  }
  const lines: string[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    if (group.length <= threshold || !first.file) {
      lines.push(...group.map((i) => `${levelOf(i)}: ${formatIssue(i)}`));
      continue;
    }
    const same = group.every((i) => i.reason === first.reason);
    const reason = same ? first.reason : `${first.reason} (and alike)`;
    const at = first.line ? ` (first at line ${first.line}${first.object ? `, ${first.object}` : ''})` : '';
    lines.push(terminalSafe(`${levelOf(first)}: ${countOf(group.length, 'object')} in ${first.file}: ${reason}${at}`));
  }
  return lines;
}
