// The roots of trust: each distinct root, its expiry, the namespaces istiod distributes it to, and how many proxies
// hold it. A root proxies hold but istiod does not distribute is what "holding a different root" means.
import { formatRemaining, type RootOfTrustDto } from '@/lib/api/views/certificates';
import { EmptyState } from '@/components/ui/view-states';
import { STATUS_PRESENTATION } from './presentation';
import styles from './certificates.module.css';

function distribution(r: RootOfTrustDto): string {
  if (r.namespaces === 0) return 'not distributed by istiod';
  const more = r.namespaces - r.sampleNamespaces.length;
  return `${r.namespaces} namespace(s): ${r.sampleNamespaces.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

export function RootsTable({ roots }: { readonly roots: readonly RootOfTrustDto[] }) {
  if (roots.length === 0) return <EmptyState>No root of trust was read (no istio-ca-root-cert ConfigMap and no proxy chain).</EmptyState>;
  return (
    <div className={styles.scrollX}>
      <table className="data-table" aria-label="Roots of trust" data-testid="roots-table">
        <thead>
          <tr>
            <th scope="col">Root</th>
            <th scope="col">Status</th>
            <th scope="col">Not after</th>
            <th scope="col">Remaining</th>
            <th scope="col">Distributed to</th>
            <th scope="col">Held by proxies</th>
          </tr>
        </thead>
        <tbody>
          {roots.map((r) => {
            const s = STATUS_PRESENTATION[r.status];
            return (
              <tr key={r.serial}>
                <th scope="row">
                  {r.subject || 'subject not read'}
                  <br />
                  <code className={styles.serial}>serial {r.serial}</code>
                </th>
                <td className={s.className}>{s.label}</td>
                <td>
                  <time dateTime={r.notAfter}>{r.notAfter}</time>
                </td>
                <td>{formatRemaining(r.remainingSeconds)}</td>
                <td>{distribution(r)}</td>
                <td>{r.proxies}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
