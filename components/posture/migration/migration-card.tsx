// One namespace on the board: its size and mTLS share, and what blocks its next phase (the engine's failed or
// unknown items of that phase, each with the objects behind it). States are words; colour only repeats them.
import Link from 'next/link';
import { formatShare } from '@/lib/api/coverage';
import type { MigrationCardDto } from '@/lib/api/views/migration';
import { phaseName } from '@/lib/api/views/namespace';
import { checkStateText } from '../namespace/check-state';
import { ObjectRefs } from '../namespace/object-refs';
import { EvidenceText } from '../traffic/traffic-evidence';
import styles from './migration.module.css';

/** When the namespace entered the phase it is in, as recorded in the history (undefined: not recorded). */
export type PhaseSince = ReadonlyMap<string, { readonly phase: number; readonly enteredAt: string }>;

export function MigrationCard({ card, since }: { readonly card: MigrationCardDto; readonly since?: PhaseSince }) {
  const entered = since?.get(card.namespace);
  return (
    <li className={styles.card} data-testid="migration-card" data-namespace={card.namespace}>
      <h4>
        {/* No prefetch: a board of many cards must not fire a request per card as it scrolls into view. */}
        <Link href={`/namespaces/${encodeURIComponent(card.namespace)}`} prefetch={false}>
          {card.namespace}
        </Link>
      </h4>
      <p className="muted">
        {card.workloads} workloads · {formatShare(card.strictWorkloads, card.workloads)} STRICT · {card.dataplane}
        {!card.countsTowardMeshPhase && ' · not counted in the mesh phase'}
      </p>
      {entered && entered.phase === card.phase && (
        <p className="muted" data-testid="phase-since">
          In phase {card.phase} since <time dateTime={entered.enteredAt}>{entered.enteredAt}</time>
        </p>
      )}
      {card.evidence && (
        <p className={styles.evidence}>
          <EvidenceText evidence={card.evidence} />
        </p>
      )}
      {card.nextPhase === null ? (
        <p className="state-passed">Every phase passed.</p>
      ) : (
        <>
          <p>
            Blocks phase {card.nextPhase} ({phaseName(card.nextPhase)}):
          </p>
          <ul className={styles.blockers}>
            {card.blockers.map((b) => (
              <li key={b.id} data-testid={`blocker-${b.id}`}>
                <span className={`state-${b.state}`}>{checkStateText(b)}</span>: {b.title}. <span className="muted">{b.detail}</span>
                <ObjectRefs ids={b.objects} omitted={b.objectsOmitted} namespace={card.namespace} />
              </li>
            ))}
          </ul>
        </>
      )}
    </li>
  );
}
