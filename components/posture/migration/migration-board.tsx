// The board: a column per phase 0–4. On the whole board each column shows its first cards (closest to advancing) and
// links "N more" to that column alone, which is paged; so 1,000 namespaces never means 1,000 cards in the DOM.
import Link from 'next/link';
import { migrationSearch, type MigrationColumnDto, type MigrationFilters } from '@/lib/api/views/migration';
import { phaseName } from '@/lib/api/views/namespace';
import { Pager } from '@/components/ui/data-table';
import { MigrationCard, type PhaseSince } from './migration-card';
import styles from './migration.module.css';

const columnHref = (filters: MigrationFilters, phase: number | null) => `/migration${migrationSearch({ ...filters, phase, page: 1 })}`;

function ColumnHeading({ column }: { readonly column: MigrationColumnDto }) {
  return (
    <h3 id={`phase-${column.phase}-heading`}>
      Phase {column.phase} · {phaseName(column.phase)} <span className={styles.columnCount}>({column.cards.total})</span>
    </h3>
  );
}

function Column({ column, filters, since }: { readonly column: MigrationColumnDto; readonly filters: MigrationFilters; readonly since: PhaseSince | undefined }) {
  const more = column.cards.total - column.cards.rows.length;
  return (
    <section className={styles.column} aria-labelledby={`phase-${column.phase}-heading`} data-testid={`phase-column-${column.phase}`}>
      <ColumnHeading column={column} />
      {column.cards.rows.length === 0 ? (
        <p className="muted">No namespace.</p>
      ) : (
        <ul className={styles.cards}>
          {column.cards.rows.map((card) => (
            <MigrationCard key={card.namespace} card={card} since={since} />
          ))}
        </ul>
      )}
      {more > 0 && (
        <p className={styles.more}>
          <Link href={columnHref(filters, column.phase)} aria-label={`${more} more namespaces in phase ${column.phase}`}>
            {more} more
          </Link>
        </p>
      )}
    </section>
  );
}

export function MigrationBoard({
  columns,
  filters,
  onPage,
  since,
}: {
  readonly since?: PhaseSince;
  readonly columns: readonly MigrationColumnDto[];
  readonly filters: MigrationFilters;
  readonly onPage: (page: number) => void;
}) {
  const focused = filters.phase === null ? null : columns.find((c) => c.phase === filters.phase);
  if (!focused) {
    return (
      <div className={styles.board}>
        {columns.map((c) => (
          <Column key={c.phase} column={c} filters={filters} since={since} />
        ))}
      </div>
    );
  }
  return (
    <>
      <nav aria-label="Phases">
        <ul className={styles.phaseLinks}>
          <li>
            <Link href={columnHref(filters, null)}>Every phase</Link>
          </li>
          {columns
            .filter((c) => c !== focused)
            .map((c) => (
              <li key={c.phase}>
                <Link href={columnHref(filters, c.phase)}>
                  Phase {c.phase} · {phaseName(c.phase)} ({c.cards.total})
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      <section className={`${styles.column} ${styles.focused}`} aria-labelledby={`phase-${focused.phase}-heading`} data-testid={`phase-column-${focused.phase}`}>
        <ColumnHeading column={focused} />
        {focused.cards.rows.length === 0 ? (
          <p className="muted">No namespace.</p>
        ) : (
          <ul className={styles.cards}>
            {focused.cards.rows.map((card) => (
              <MigrationCard key={card.namespace} card={card} since={since} />
            ))}
          </ul>
        )}
        <Pager page={focused.cards.page} pageSize={focused.cards.pageSize} total={focused.cards.total} onPage={onPage} />
      </section>
    </>
  );
}
