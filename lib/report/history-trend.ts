// The history section of a report (`report --db DB`, and `--since DATE`): the STRICT share of workload ports over the
// last 30 and 90 days (where it stood at the start of each window, where it stands now, by how much it moved), one
// point a day, and with --since the changes recorded since then with their causes. Pure: the CLI reads the history.
import type { PostureHistory, RecordedChange, RecordedPosture } from '@/lib/mesh/history/history-types';

export const TREND_WINDOWS = [30, 90] as const;

export interface SharePoint {
  readonly at: string;
  readonly strictPorts: number;
  readonly ports: number;
  /** 0–100 with one decimal; null when there are no ports. */
  readonly share: number | null;
}

export interface TrendWindow {
  readonly days: (typeof TREND_WINDOWS)[number];
  readonly since: string;
  /** The first posture recorded in the window, and the last (null: none recorded). */
  readonly first: SharePoint | null;
  readonly last: SharePoint | null;
  /** last.share − first.share, percentage points (null when either is unknown). */
  readonly change: number | null;
  readonly postures: number;
}

export interface ReportHistory {
  /** The database, as it may be shown (a folder, or a URL without its password). */
  readonly database: string;
  readonly source: string;
  readonly windows: readonly TrendWindow[];
  /** The last posture of each UTC day over the longest window. */
  readonly daily: readonly SharePoint[];
  /** --since: the time asked for and the changes recorded since (null without --since). */
  readonly since: string | null;
  readonly changes: readonly RecordedChange[] | null;
}

const DAY_MS = 86_400_000;

function pointOf(r: RecordedPosture): SharePoint {
  const { strict, total } = r.summary.mesh.ports;
  return { at: r.at, strictPorts: strict, ports: total, share: total === 0 ? null : Math.round((1000 * strict) / total) / 10 };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** `trend`: the records of the last 90 days (oldest first); `since`: the changes since --since, when given. */
export function buildReportHistory(
  input: { readonly database: string; readonly source: string; readonly now: Date; readonly trend: PostureHistory['records']; readonly since?: { readonly at: string; readonly changes: readonly RecordedChange[] } },
): ReportHistory {
  const windows = TREND_WINDOWS.map((days): TrendWindow => {
    const since = new Date(input.now.getTime() - days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const inside = input.trend.filter((r) => r.at >= since);
    const first = inside[0] ? pointOf(inside[0]) : null;
    const last = inside.at(-1) ? pointOf(inside.at(-1) as RecordedPosture) : null;
    const change = first?.share != null && last?.share != null ? round1(last.share - first.share) : null;
    return { days, since, first, last, change, postures: inside.length };
  });
  const byDay = new Map<string, SharePoint>();
  for (const r of input.trend) byDay.set(r.at.slice(0, 10), pointOf(r));
  return {
    database: input.database,
    source: input.source,
    windows,
    daily: [...byDay.values()],
    since: input.since?.at ?? null,
    changes: input.since ? input.since.changes : null,
  };
}
