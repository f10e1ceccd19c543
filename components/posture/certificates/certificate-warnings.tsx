// The certificate warnings: one card per kind with its count, why it matters, the first affected pods or roots with
// the engine's reason, and a link that filters the table to all of them.
import Link from 'next/link';
import type { CertificateWarningDto } from '@/lib/api/views/certificates';
import { EmptyState } from '@/components/ui/view-states';
import { WARNING_PRESENTATION } from './presentation';
import styles from './certificates.module.css';

function podHref(namespace: string, pod: string): string {
  return `/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}`;
}

export function CertificateWarnings({ warnings, filterHref }: { readonly warnings: readonly CertificateWarningDto[]; readonly filterHref: (status: string) => string }) {
  if (warnings.length === 0) return <EmptyState>No certificate warnings: every certificate read is valid and not close to expiry.</EmptyState>;
  return (
    <ul className={styles.warnings} data-testid="certificate-warnings">
      {warnings.map((w) => {
        const p = WARNING_PRESENTATION[w.kind];
        return (
          <li key={w.kind} className={`card ${styles.warning}`} data-testid={`warning-${w.kind}`}>
            <h3>
              {p.title}: {w.count}
            </h3>
            <p className="muted">{p.why}</p>
            {w.reasons.length > 0 && (
              <>
                <p>Why the data is missing:</p>
                <ul>
                  {w.reasons.map((r) => (
                    <li key={r.reason}>
                      {r.reason} ({r.count})
                    </li>
                  ))}
                </ul>
              </>
            )}
            <ul className={styles.examples}>
              {w.examples.map((e) => (
                <li key={`${e.namespace ?? ''}/${e.name}`}>
                  {e.namespace === null ? <strong>{e.name}</strong> : <Link href={podHref(e.namespace, e.name)}>{`${e.namespace}/${e.name}`}</Link>}: {e.reason}
                </li>
              ))}
            </ul>
            {p.filter !== null && <Link href={filterHref(p.filter)}>{w.count === 1 ? 'Show it in the table' : `Show all ${w.count} in the table`}</Link>}
          </li>
        );
      })}
    </ul>
  );
}
