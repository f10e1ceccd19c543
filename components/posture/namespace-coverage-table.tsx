// mTLS coverage per namespace. Verdicts are carried by text as well as colour (accessibility).
export interface NamespaceCoverageRow {
  readonly name: string;
  readonly phase: number;
  readonly dataplane: string;
  readonly total: number;
  readonly strict: number;
  readonly permissive: number;
  readonly disable: number;
  readonly none: number;
  readonly unknown: number;
}

function share(part: number, total: number): string {
  return total === 0 ? '–' : `${Math.round((100 * part) / total)}%`;
}

export function NamespaceCoverageTable({ rows }: { readonly rows: readonly NamespaceCoverageRow[] }) {
  return (
    <table className="data-table" aria-label="mTLS coverage per namespace">
      <thead>
        <tr>
          <th scope="col">Namespace</th>
          <th scope="col">Phase</th>
          <th scope="col">Dataplane</th>
          <th scope="col">Workloads</th>
          <th scope="col">STRICT</th>
          <th scope="col">PERMISSIVE</th>
          <th scope="col">DISABLE</th>
          <th scope="col">No dataplane</th>
          <th scope="col">Unknown</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name} data-testid={`namespace-row-${r.name}`}>
            <th scope="row">
              <a href={`/namespaces/${encodeURIComponent(r.name)}`}>{r.name}</a>
            </th>
            <td>{r.phase}</td>
            <td>{r.dataplane}</td>
            <td>{r.total}</td>
            <td className="mode-strict">
              {r.strict} ({share(r.strict, r.total)})
            </td>
            <td className="mode-permissive">{r.permissive}</td>
            <td className="mode-disable">{r.disable}</td>
            <td className="mode-none">{r.none}</td>
            <td className="mode-unknown">{r.unknown}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
