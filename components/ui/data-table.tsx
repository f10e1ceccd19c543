'use client';
// A sortable table whose body is virtualised once it is long (a page of up to 500 rows stays light in the DOM).
// Sorting is a button in the column header with aria-sort, so it works from the keyboard and screen readers.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import type { SortDirection } from '@/lib/api/paging';

export interface Column<Row> {
  readonly key: string;
  readonly header: string;
  /** Set when the column can sort the table (the server sorts; this is the sort key it understands). */
  readonly sortKey?: string;
  /** The first column names the row (rendered as a row header). */
  readonly rowHeader?: boolean;
  readonly className?: (row: Row) => string | undefined;
  readonly render: (row: Row) => ReactNode;
}

const VIRTUALISE_FROM = 60;
const ROW_HEIGHT = 37;
const VIEWPORT_HEIGHT = 600;

export function DataTable<Row>({
  label,
  rows,
  columns,
  rowKey,
  sort,
  onSort,
  testId,
}: {
  readonly label: string;
  readonly rows: readonly Row[];
  readonly columns: readonly Column<Row>[];
  readonly rowKey: (row: Row) => string;
  readonly sort?: { readonly key: string; readonly dir: SortDirection };
  readonly onSort?: (key: string) => void;
  readonly testId?: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = rows.length >= VIRTUALISE_FROM;
  // The project does not use the React Compiler; useVirtualizer's unmemoisable return value is fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // Rendered on the server with a nominal viewport, so the first rows are in the HTML before hydration.
    initialRect: { width: 1000, height: VIEWPORT_HEIGHT },
  });

  const items = virtual ? virtualizer.getVirtualItems() : null;
  const visible = items ? items.map((i) => ({ row: rows[i.index] as Row, index: i.index })) : rows.map((row, index) => ({ row, index }));
  const padTop = items && items.length > 0 ? (items[0]?.start ?? 0) : 0;
  const padBottom = items && items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;

  return (
    <div
      ref={scrollRef}
      className={virtual ? 'table-scroll' : undefined}
      style={virtual ? { maxHeight: VIEWPORT_HEIGHT, overflowY: 'auto' } : undefined}
      tabIndex={virtual ? 0 : undefined}
      role={virtual ? 'region' : undefined}
      aria-label={virtual ? `${label} (scrollable)` : undefined}
    >
      <table className="data-table" aria-label={label} aria-rowcount={rows.length + 1} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort && c.sortKey === sort.key;
              return (
                <th key={c.key} scope="col" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {c.sortKey && onSort ? (
                    <button type="button" className="sort-button" onClick={() => onSort(c.sortKey as string)}>
                      {c.header}
                      <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr aria-hidden="true" style={{ height: padTop }}>
              <td colSpan={columns.length} />
            </tr>
          )}
          {visible.map(({ row, index }) => (
            <tr key={rowKey(row)} aria-rowindex={index + 2} data-testid={testId ? `${testId}-row` : undefined}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th key={c.key} scope="row" className={c.className?.(row)}>
                    {c.render(row)}
                  </th>
                ) : (
                  <td key={c.key} className={c.className?.(row)}>
                    {c.render(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
          {padBottom > 0 && (
            <tr aria-hidden="true" style={{ height: padBottom }}>
              <td colSpan={columns.length} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Previous / next page controls for a server-paged table. */
export function Pager({ page, pageSize, total, onPage }: { readonly page: number; readonly pageSize: number; readonly total: number; readonly onPage: (page: number) => void }) {
  const last = Math.max(1, Math.ceil(total / pageSize));
  if (last === 1) return null;
  return (
    <nav aria-label="Pages" className="pager">
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        Previous
      </button>
      <span>
        Page {page} of {last} ({total} rows)
      </span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= last}>
        Next
      </button>
    </nav>
  );
}
