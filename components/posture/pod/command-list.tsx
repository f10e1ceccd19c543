// The commands that confirm one section's verdicts on a live cluster, folded by default. The server built them from
// validated, single-quoted names (lib/mesh/pod-verify-commands.ts); React prints them as text.
import type { PodCommandDto } from '@/lib/api/views/pod';
import styles from './pod.module.css';

export function CommandList({ commands, section }: { readonly commands: readonly PodCommandDto[]; readonly section: PodCommandDto['section'] }) {
  const list = commands.filter((c) => c.section === section);
  if (list.length === 0) return null;
  return (
    <details className={styles.commands} data-testid={`commands-${section}`}>
      <summary>Confirm on a live cluster ({list.length})</summary>
      <ul>
        {list.map((c) => (
          <li key={c.command}>
            <span className="muted">{c.purpose}</span>
            <pre>
              <code>{c.command}</code>
            </pre>
          </li>
        ))}
      </ul>
    </details>
  );
}
