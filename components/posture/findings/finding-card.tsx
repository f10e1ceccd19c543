// One finding: severity in words, code and catalogue title, the engine's message, the objects it names (linked to
// their namespace or pod page where the dashboard has one), why it matters and the commands that confirm it.
import Link from 'next/link';
import { findingObjectHref, type FindingObjectDto, type FindingRowDto, type FindingSeverityDto } from '@/lib/api/views/findings';
import styles from './findings.module.css';

export const SEVERITY_PRESENTATION: Readonly<Record<FindingSeverityDto, { readonly label: string; readonly plural: string; readonly className: string }>> = {
  error: { label: 'Error', plural: 'Errors', className: 'state-failed' },
  warning: { label: 'Warning', plural: 'Warnings', className: 'mode-permissive' },
  info: { label: 'Info', plural: 'Info', className: 'muted' },
};

function FindingObject({ object }: { readonly object: FindingObjectDto }) {
  const href = findingObjectHref(object);
  return href ? <Link href={href}>{object.id}</Link> : <code className={styles.objectId}>{object.id}</code>;
}

/** openSince: when the history first recorded this finding open (undefined: not recorded, or no history). */
export function FindingCard({ finding, openSince }: { readonly finding: FindingRowDto; readonly openSince?: string | undefined }) {
  const severity = SEVERITY_PRESENTATION[finding.severity];
  return (
    <article className={`card ${styles.finding}`} data-testid="finding" data-code={finding.code}>
      <h3 className={styles.title}>
        <span className={`${styles.severity} ${severity.className}`}>{severity.label}</span> {finding.code}: {finding.title}
      </h3>
      <p className={styles.message}>{finding.message}</p>
      {openSince && (
        <p className="muted" data-testid="finding-open-since">
          Open since <time dateTime={openSince}>{openSince}</time>
        </p>
      )}
      {finding.objects.length > 0 && (
        <div>
          <h4>Objects</h4>
          <ul className={styles.objects}>
            {finding.objects.map((o) => (
              <li key={o.id}>
                <FindingObject object={o} />
              </li>
            ))}
          </ul>
        </div>
      )}
      <h4>Why it matters</h4>
      <p>{finding.why}</p>
      {finding.verify.length > 0 && (
        <>
          <h4>How to confirm</h4>
          <ul className={styles.commands}>
            {finding.verify.map((command) => (
              <li key={command}>
                <code>{command}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
