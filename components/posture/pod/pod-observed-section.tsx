// What was observed into the pod's workload over the traffic window: its STRICT readiness on evidence, each client with
// mTLS and plaintext counts and its last plaintext, the senders inferred from configuration for `unknown` plaintext,
// the contradictions with policy, and the least-privilege ALLOW policy suggested from the principals seen over mTLS
// (read-only YAML to copy; the product never applies it). Prometheus strings are rendered as text only.
import type { PodView } from '@/lib/api/views/pod';
import { DataTable, type Column } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/view-states';
import { TrafficBriefNote } from '../traffic/traffic-evidence';
import styles from './pod.module.css';

type Observed = NonNullable<PodView['observed']>;
type ClientRow = NonNullable<Observed['traffic']>['clients'][number];

const READINESS: Readonly<Record<string, string>> = { ready: 'ready for STRICT', blocked: 'blocked by plaintext', 'no-traffic': 'no traffic: no evidence either way', unknown: 'unknown' };
const count = (n: number): string => n.toLocaleString('en-US');

const CLIENT_COLUMNS: readonly Column<ClientRow>[] = [
  { key: 'source', header: 'Client (source workload)', rowHeader: true, render: (c) => (c.source === 'unknown' ? 'unknown (no peer metadata: no proxy)' : c.source) },
  { key: 'mtls', header: 'mTLS', render: (c) => count(c.mtls) },
  { key: 'plaintext', header: 'Plaintext', className: (c) => (c.plaintext > 0 ? 'state-failed' : undefined), render: (c) => count(c.plaintext) },
  { key: 'unclassified', header: 'Unclassified', render: (c) => count(c.unclassified) },
  { key: 'last', header: 'Last plaintext', render: (c) => c.lastPlaintextAt ?? '' },
];

export function PodObservedSection({ observed }: { readonly observed: Observed }) {
  const t = observed.traffic;
  return (
    <section aria-labelledby="observed-heading">
      <h2 id="observed-heading">Observed traffic into {observed.workload}</h2>
      <TrafficBriefNote brief={observed} />
      {!t ? (
        <EmptyState>Telemetry names no traffic into this workload in the window.</EmptyState>
      ) : (
        <>
          <p data-testid="pod-observed-readiness">
            <strong>{READINESS[t.strictReadiness] ?? t.strictReadiness}</strong>: {t.readinessReason}. {count(t.mtls)} mTLS and {count(t.plaintext)} plaintext requests or connections in the
            window.
          </p>
          <DataTable label={`Clients observed into ${observed.workload}`} rows={t.clients} columns={CLIENT_COLUMNS} rowKey={(c) => c.source} testId="pod-observed-clients" />
          {t.clientsOmitted > 0 && <p className="muted">{t.clientsOmitted} more clients are in the report.</p>}
          {t.likelySources.length > 0 && (
            <>
              <h3>Likely senders of the unknown plaintext (inferred from configuration)</h3>
              <ul data-testid="pod-likely-senders">
                {t.likelySources.map((s) => (
                  <li key={s.workload}>
                    {s.workload}: <span className="muted">{s.reason}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {t.suggestion && (
            <details className={styles.suggestion} data-testid="pod-suggestion">
              <summary>Least-privilege ALLOW policy from the principals observed ({t.suggestion.principals.length})</summary>
              <p className="muted">Read-only: copy it, review it, apply it yourself. Simulated by the engine against the clients observed:</p>
              <pre>
                <code>{t.suggestion.yaml}</code>
              </pre>
              <p>Keeps: {t.suggestion.keeps.join(', ') || 'none'}</p>
              {t.suggestion.denies.length > 0 && (
                <ul>
                  {t.suggestion.denies.map((d) => (
                    <li key={`${d.source}:${d.reason}`}>
                      Would deny {d.source}: <span className="muted">{d.reason}</span>
                    </li>
                  ))}
                </ul>
              )}
            </details>
          )}
        </>
      )}
      {observed.contradictions.length > 0 && (
        <ul data-testid="pod-traffic-contradictions">
          {observed.contradictions.map((c) => (
            <li key={`${c.code}:${c.message}`}>
              <strong>{c.code}</strong> {c.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
