// The human-readable report: a summary, then namespaces, then findings. Plain text, aligned columns.
import type { CoverageCounts, PostureModel } from '@/lib/mesh/model';
import { countOf } from '@/lib/report/render/format-values';
import { isIncompleteness, type MeshSnapshot } from '@/lib/snapshot/types';
import { terminalSafe } from './terminal-text';


export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function percent(part: number, total: number): string {
  return total === 0 ? '-' : `${Math.round((1000 * part) / total) / 10}%`;
}

function coverageLine(c: CoverageCounts): string {
  return `${c.strict}/${c.total} STRICT (${percent(c.strict, c.total)}), ${c.permissive} PERMISSIVE, ${c.disable} DISABLE, ${c.none} no dataplane${c.unknown ? `, ${c.unknown} UNKNOWN` : ''}`;
}

export function formatPostureTable(model: PostureModel, snapshot: MeshSnapshot): string {
  const out: string[] = [];
  const sev = { error: 0, warning: 0, info: 0 };
  for (const f of model.findings) sev[f.severity] += 1;
  out.push(`Mesh posture of ${terminalSafe(model.source)} at ${model.now}`);
  out.push(`  mesh phase        ${model.mesh.phase}`);
  out.push(`  workloads         ${coverageLine(model.mesh.coverage)}`);
  out.push(`  ports             ${coverageLine(model.mesh.portCoverage)}`);
  out.push(`  findings          ${countOf(sev.error, 'error')}, ${countOf(sev.warning, 'warning')}, ${sev.info} info`);
  const unknown = Object.entries(snapshot.kinds).filter(([, k]) => k.status !== 'ok');
  if (unknown.length > 0) out.push(`  unknown           ${unknown.map(([kind, k]) => `${kind} (${k.status})`).join(', ')}`);
  out.push(...issueCountLines(snapshot));
  out.push('');
  out.push(
    renderTable(
      ['NAMESPACE', 'PHASE', 'DATAPLANE', 'WORKLOADS', 'STRICT', 'PERMISSIVE', 'DISABLE', 'NONE', 'UNKNOWN'],
      model.namespaces.map((ns) => [terminalSafe(ns.name), String(ns.phase), ns.dataplaneMode, String(ns.coverage.total), String(ns.coverage.strict),
        String(ns.coverage.permissive), String(ns.coverage.disable), String(ns.coverage.none), String(ns.coverage.unknown)]),
    ),
  );
  if (model.findings.length > 0) {
    out.push('');
    out.push(renderTable(['SEVERITY', 'CODE', 'MESSAGE'], model.findings.map((f) => [f.severity, f.code, terminalSafe(f.message)])));
  }
  return `${out.join('\n')}\n`;
}

/** How many objects or files could not be read, and how many were knowingly skipped (details on stderr). */
function issueCountLines(snapshot: MeshSnapshot): string[] {
  const unreadable = snapshot.issues.filter(isIncompleteness).length;
  const skipped = snapshot.issues.length - unreadable;
  return [
    ...(unreadable > 0 ? [`  unreadable        ${countOf(unreadable, 'object or file', 'objects or files')} (see stderr)`] : []),
    ...(skipped > 0 ? [`  skipped           ${countOf(skipped, 'object or field', 'objects or fields')} the engine does not read (see stderr)`] : []),
  ];
}
