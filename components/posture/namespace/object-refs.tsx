// The objects behind a verdict: pods and namespaces link to their pages, other objects (policies) are named only.
// Ids are cluster strings: React escapes them and objectHref URL-encodes every segment.
import Link from 'next/link';
import { objectHref } from '@/lib/api/views/namespace';

export function ObjectRefs({ ids, omitted = 0, max = ids.length }: { readonly ids: readonly string[]; readonly omitted?: number; readonly max?: number }) {
  if (ids.length === 0) return null;
  const shown = ids.slice(0, max);
  const more = ids.length - shown.length + omitted;
  return (
    <span className="muted">
      {' — '}
      {shown.map((id, i) => {
        const href = objectHref(id);
        return (
          <span key={id}>
            {i > 0 && ', '}
            {href ? <Link href={href}>{id}</Link> : id}
          </span>
        );
      })}
      {more > 0 && ` and ${more} more`}
    </span>
  );
}
