// A namespace's findings, most severe first, each with the objects it names; severity is a word, not a colour.
import Link from 'next/link';
import type { NamespaceView } from '@/lib/api/views/namespace';
import { EmptyState } from '@/components/ui/view-states';
import { ObjectRefs } from './object-refs';

export function NamespaceFindings({ namespace, findings, omitted }: { readonly namespace: string; readonly findings: NamespaceView['findings']; readonly omitted: number }) {
  if (findings.length === 0) return <EmptyState>No findings in this namespace.</EmptyState>;
  return (
    <>
      <ul data-testid="namespace-findings">
        {findings.map((f, i) => (
          <li key={`${f.code}-${i}`}>
            <strong>{f.severity}</strong> {f.code}: {f.message}
            <ObjectRefs ids={f.objects} max={5} namespace={namespace} />
          </li>
        ))}
      </ul>
      {omitted > 0 && (
        <p className="muted">
          {omitted} more findings: see <Link href={`/findings?namespace=${encodeURIComponent(namespace)}`}>all findings of this namespace</Link>.
        </p>
      )}
    </>
  );
}
