'use client';
// The history of this pod's workload (its controller: pods come and go, the workload's ports keep their history):
// each recorded change of its ports' effective mode over the last 90 days, with the objects that caused it. Its own
// request, so the pod page never waits for the history database.
import { useQuery } from '@tanstack/react-query';
import { causeText } from '@/lib/api/views/history';
import { workloadHistoryQueryOptions } from '@/lib/api/views/history-context';
import { EmptyState } from '@/components/ui/view-states';
import styles from './pod.module.css';

export function PodHistorySection({ ns, pod }: { readonly ns: string; readonly pod: string }) {
  const query = useQuery(workloadHistoryQueryOptions(ns, pod));
  const data = query.data?.data;
  const body = (() => {
    if (query.isPending) return <p className="muted">Reading the history…</p>;
    if (query.isError || !data) return <p className="state-unknown">The history could not be loaded: {query.error?.message ?? 'no answer'}</p>;
    if (data.status.state === 'off') return <p className="muted">{data.status.reason}</p>;
    if (data.readError) return <p className="state-unknown">{data.readError}</p>;
    if (!data.workload) return <EmptyState>This pod is not in the posture: it has no history.</EmptyState>;
    if (data.changes.length === 0) return <EmptyState>No change of {data.workload.kind} {data.workload.name} recorded in the last {data.days} days.</EmptyState>;
    return (
      <ul className={styles.findings} data-testid="pod-history">
        {data.changes.map((c) => (
          <li key={`${c.at}-${c.source}-${c.port ?? 'workload'}`} className="card">
            <p>
              <time dateTime={c.at}>{c.at}</time> · {c.port === null ? 'workload' : `port ${c.port}`}: {c.from ?? 'absent'} → {c.to ?? 'gone'}
              {c.regression && <strong className="state-failed"> (regression from STRICT)</strong>}
            </p>
            <p className="muted">{c.causes.length === 0 ? 'No deciding object changed.' : `Caused by ${c.causes.map(causeText).join('; ')}`}</p>
          </li>
        ))}
      </ul>
    );
  })();
  return (
    <section aria-labelledby="workload-history-heading">
      <h2 id="workload-history-heading">Workload history{data?.workload ? `: ${data.workload.kind} ${data.workload.name}` : ''}</h2>
      {body}
    </section>
  );
}
