// The objects behind a verdict: pods and namespaces link to their pages, other objects (policies) are named only.
// Ids are cluster strings: React escapes them and objectHref URL-encodes every segment. Links do not prefetch: a
// checklist or board can hold hundreds of them.
import Link from 'next/link';
import { objectHref } from '@/lib/api/views/namespace';

/** 'Pod/shop/web-1' reads 'Pod/web-1' where the namespace is already on screen. */
function label(id: string, namespace: string | undefined): string {
  const [kind, ns, name, ...rest] = id.split('/');
  return namespace !== undefined && ns === namespace && name !== undefined && rest.length === 0 ? `${kind}/${name}` : id;
}

export function ObjectRefs({
  ids,
  omitted = 0,
  max = ids.length,
  namespace,
}: {
  readonly ids: readonly string[];
  readonly omitted?: number;
  readonly max?: number;
  /** The namespace the page or card is about: ids in it drop the namespace segment. */
  readonly namespace?: string;
}) {
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
            {href ? (
              <Link href={href} prefetch={false}>
                {label(id, namespace)}
              </Link>
            ) : (
              label(id, namespace)
            )}
          </span>
        );
      })}
      {/* No count: the engine caps the ids it names (the evidence text carries the true number). */}
      {more > 0 && ' and more'}
    </span>
  );
}
