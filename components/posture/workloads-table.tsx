// Workloads of a namespace: dataplane, effective mode, port exceptions, certificate and authorization coverage.
export interface WorkloadRow {
  readonly pod: string;
  readonly dataplane: string;
  readonly mode: string;
  readonly ports: Readonly<Record<string, string>>;
  readonly policy: string | null;
  readonly certificate: string;
  readonly authorization: string;
  readonly predicted: boolean;
}

export function WorkloadsTable({ rows }: { readonly rows: readonly WorkloadRow[] }) {
  return (
    <table className="data-table" aria-label="Workloads">
      <thead>
        <tr>
          <th scope="col">Workload</th>
          <th scope="col">Dataplane</th>
          <th scope="col">mTLS mode</th>
          <th scope="col">Port exceptions</th>
          <th scope="col">Decided by</th>
          <th scope="col">Certificate</th>
          <th scope="col">Authorization</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((w) => {
          const exceptions = Object.entries(w.ports).filter(([, m]) => m !== w.mode);
          return (
            <tr key={w.pod}>
              <th scope="row">
                {w.pod}
                {w.predicted && <span className="muted"> (predicted from its controller)</span>}
              </th>
              <td>{w.dataplane}</td>
              <td className={`mode-${w.mode.toLowerCase()}`}>{w.mode}</td>
              <td>{exceptions.length === 0 ? '—' : exceptions.map(([p, m]) => `${p}: ${m}`).join(', ')}</td>
              <td>{w.policy ?? 'Istio default'}</td>
              <td>{w.certificate}</td>
              <td>{w.authorization}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
