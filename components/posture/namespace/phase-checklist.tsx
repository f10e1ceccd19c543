// A migration checklist (a namespace's or the mesh's): each item with its state in words, the evidence and the
// objects behind it. Items of the next phase that did not pass are what blocks it.
import type { PhaseCheckDto } from '@/lib/api/views/namespace';
import { checkStateText } from './check-state';
import { ObjectRefs } from './object-refs';

export function PhaseChecklist({
  items,
  label,
  maxObjects = 10,
  namespace,
}: {
  readonly items: readonly PhaseCheckDto[];
  readonly label: string;
  readonly maxObjects?: number;
  /** The namespace the checklist belongs to (object ids in it are shown without it); none for the mesh. */
  readonly namespace?: string;
}) {
  return (
    <table className="data-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Phase</th>
          <th scope="col">Item</th>
          <th scope="col">State</th>
          <th scope="col">Evidence</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.id} data-testid={`check-${c.id}`}>
            <td>{c.phase}</td>
            <th scope="row">{c.title}</th>
            <td className={`state-${c.state}`}>{checkStateText(c)}</td>
            <td>
              {c.detail}
              <ObjectRefs ids={c.objects} omitted={c.objectsOmitted} max={maxObjects} {...(namespace === undefined ? {} : { namespace })} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
