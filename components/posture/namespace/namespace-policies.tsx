// The policies defined in a namespace, each with what it does in one line. A kind that could not be read is named,
// so a short list is never mistaken for a complete one.
import type { NamespaceView } from '@/lib/api/views/namespace';
import { EmptyState } from '@/components/ui/view-states';

export function NamespacePolicies({ policies, unreadable }: { readonly policies: NamespaceView['policies']; readonly unreadable: NamespaceView['unreadablePolicyKinds'] }) {
  return (
    <>
      {unreadable.length > 0 && (
        <p className="state-unknown" data-testid="policies-unreadable">
          Unknown: {unreadable.map((u) => `${u.kind} (${u.status})`).join(', ')} could not be read, so policies of {unreadable.length === 1 ? 'that kind' : 'those kinds'} are missing below.
        </p>
      )}
      {policies.length === 0 ? (
        <EmptyState>No policy is defined in this namespace.</EmptyState>
      ) : (
        <table className="data-table" aria-label="Policies in this namespace">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Name</th>
              <th scope="col">What it does</th>
            </tr>
          </thead>
          <tbody>
            {policies.map((p) => (
              <tr key={`${p.kind}/${p.name}`}>
                <td>{p.kind}</td>
                <th scope="row">{p.name}</th>
                <td>{p.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
