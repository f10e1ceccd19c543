'use client';
// The expiry timeline: the lazily loaded chart, the same figures in a sentence, and a table alternative listing every
// non-empty bucket.
import dynamic from 'next/dynamic';
import type { ExpiryTimelineDto, TimelineSpan } from '@/lib/api/views/certificates';
import { EmptyState } from '@/components/ui/view-states';
import styles from './certificates.module.css';

const ExpiryTimeline = dynamic(() => import('@/components/charts/expiry-timeline').then((m) => m.ExpiryTimeline), {
  ssr: false,
  loading: () => <p className="muted">Drawing the timeline…</p>,
});

const SPAN_TEXT: Readonly<Record<TimelineSpan, { readonly option: string; readonly window: string; readonly bucket: string }>> = {
  '90d': { option: 'Next 90 days, per day', window: 'the next 90 days', bucket: 'Day starting' },
  '48h': { option: 'Next 48 hours, per hour', window: 'the next 48 hours', bucket: 'Hour starting' },
};

export function ExpiryTimelineSection({ timeline, onSpan }: { readonly timeline: ExpiryTimelineDto; readonly onSpan: (span: TimelineSpan) => void }) {
  const text = SPAN_TEXT[timeline.span];
  const upcoming = timeline.buckets.filter((b) => b.workloads + b.roots > 0);
  const workloads = upcoming.reduce((n, b) => n + b.workloads, 0);
  const roots = upcoming.reduce((n, b) => n + b.roots, 0);
  return (
    <>
      <div className="table-tools">
        <label htmlFor="timeline-span">Timeline</label>{' '}
        <select id="timeline-span" value={timeline.span} onChange={(e) => onSpan(e.target.value as TimelineSpan)}>
          {Object.entries(SPAN_TEXT).map(([span, t]) => (
            <option key={span} value={span}>
              {t.option}
            </option>
          ))}
        </select>
      </div>
      <p data-testid="timeline-summary">
        In {text.window}: {workloads} workload certificate(s) and {roots} root(s) expire. Already expired: {timeline.expired.workloads} workload
        certificate(s), {timeline.expired.roots} root(s). Later: {timeline.later.workloads} workload certificate(s), {timeline.later.roots} root(s).
        Expiry unknown: {timeline.unknown}.
      </p>
      {upcoming.length === 0 ? (
        <EmptyState>No certificate expires in {text.window}.</EmptyState>
      ) : (
        <figure className="chart">
          <ExpiryTimeline buckets={timeline.buckets} />
          <figcaption className="muted">Certificates expiring per {timeline.span === '90d' ? 'day' : 'hour'} from {timeline.from} (UTC).</figcaption>
        </figure>
      )}
      {upcoming.length > 0 && (
        <details className={styles.alternative}>
          <summary>Timeline as a table</summary>
          <table className="data-table" aria-label="Upcoming expiries" data-testid="timeline-table">
            <thead>
              <tr>
                <th scope="col">{text.bucket} (UTC)</th>
                <th scope="col">Workload certificates</th>
                <th scope="col">Roots of trust</th>
              </tr>
            </thead>
            <tbody>
              {upcoming.map((b) => (
                <tr key={b.start}>
                  <th scope="row">
                    <time dateTime={b.start}>{b.start}</time>
                  </th>
                  <td>{b.workloads}</td>
                  <td>{b.roots}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </>
  );
}
