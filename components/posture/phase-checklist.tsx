// A namespace's migration checklist: each item with its state in words (colour never carries it alone).
export interface ChecklistItem {
  readonly id: string;
  readonly phase: number;
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'unknown';
  readonly detail: string;
  readonly objects: readonly string[];
}

const STATE_TEXT = { passed: 'Passed', failed: 'Blocking', unknown: 'Unknown' } as const;

export function PhaseChecklist({ items }: { readonly items: readonly ChecklistItem[] }) {
  return (
    <table className="data-table" aria-label="Migration checklist">
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
            <td className={`state-${c.state}`}>{STATE_TEXT[c.state]}</td>
            <td>
              {c.detail}
              {c.objects.length > 0 && <span className="muted"> — {c.objects.slice(0, 5).join(', ')}{c.objects.length > 5 ? ` and ${c.objects.length - 5} more` : ''}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
