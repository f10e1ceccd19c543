import 'server-only';
// Upcoming certificate expiries bucketed server-side, so the chart gets at most 90 points whatever the fleet size.
// Workload leaves live about a day (Istio's default SECRET_TTL), roots years: the 48-hour span shows the rotation
// rhythm of the fleet, the 90-day span shows roots and stuck leaves.
import type { ExpiryBucketDto, ExpiryTimelineDto, TimelineSpan } from '@/lib/api/views/certificates';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';

const HOUR = 3600;
const DAY = 24 * HOUR;

const SPANS: Readonly<Record<TimelineSpan, { readonly bucketSeconds: number; readonly buckets: number }>> = {
  '90d': { bucketSeconds: DAY, buckets: 90 },
  '48h': { bucketSeconds: HOUR, buckets: 48 },
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function bucketLabel(span: TimelineSpan, index: number, startMs: number): string {
  if (span === '48h') return `+${index}h`;
  const d = new Date(startMs);
  return `${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCDate()}`;
}

interface Expiring {
  /** Seconds until expiry at `now`, null when unknown. */
  readonly remainingSeconds: number | null;
}

/** Counts workload and root certificates per bucket of `span` starting at `now` (RFC 3339). */
export function expiryTimeline(span: TimelineSpan, now: string, workloads: readonly Expiring[], roots: readonly Expiring[]): ExpiryTimelineDto {
  const { bucketSeconds, buckets: count } = SPANS[span];
  const nowMs = Date.parse(now);
  const workloadCounts = new Array<number>(count).fill(0);
  const rootCounts = new Array<number>(count).fill(0);
  const expired = { workloads: 0, roots: 0 };
  const later = { workloads: 0, roots: 0 };
  let unknown = 0;
  const place = (items: readonly Expiring[], perBucket: number[], key: 'workloads' | 'roots') => {
    for (const { remainingSeconds } of items) {
      if (remainingSeconds === null) unknown += 1;
      else if (remainingSeconds <= 0) expired[key] += 1;
      else {
        const i = Math.floor(remainingSeconds / bucketSeconds);
        if (i < count) perBucket[i] = (perBucket[i] ?? 0) + 1;
        else later[key] += 1;
      }
    }
  };
  place(workloads, workloadCounts, 'workloads');
  place(roots, rootCounts, 'roots');
  const buckets: ExpiryBucketDto[] = workloadCounts.map((w, i) => {
    const startMs = nowMs + i * bucketSeconds * 1000;
    return { start: toRfc3339Seconds(new Date(startMs)), label: bucketLabel(span, i, startMs), workloads: w, roots: rootCounts[i] ?? 0 };
  });
  return { span, bucketSeconds, from: now, buckets, expired, later, unknown };
}
