// The findings that name this pod, or a policy that applies to it, with why they matter and how to confirm them.
import type { PodFindingDto } from '@/lib/api/views/pod';
import { EmptyState } from '@/components/ui/view-states';
import styles from './pod.module.css';

const SEVERITY_CLASS: Readonly<Record<PodFindingDto['severity'], string>> = { error: 'state-failed', warning: 'mode-permissive', info: 'muted' };

export function PodFindingsSection({ findings }: { readonly findings: readonly PodFindingDto[] }) {
  return (
    <section aria-labelledby="findings-heading">
      <h2 id="findings-heading">Findings</h2>
      {findings.length === 0 ? (
        <EmptyState>No finding names this pod or a policy that applies to it.</EmptyState>
      ) : (
        <ul className={styles.findings} data-testid="pod-findings">
          {findings.map((f, i) => (
            <li key={`${f.code}-${i}`} className="card">
              <p>
                <strong className={SEVERITY_CLASS[f.severity]}>{f.severity}</strong> <code>{f.code}</code> {f.message}
              </p>
              <p className="muted">
                Why it matters: {f.why} <span>(through {f.via})</span>
              </p>
              {f.verify.length > 0 && (
                <details>
                  <summary>Confirm on a live cluster ({f.verify.length})</summary>
                  {f.verify.map((c) => (
                    <pre key={c}>
                      <code>{c}</code>
                    </pre>
                  ))}
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
