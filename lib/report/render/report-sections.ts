// What the body of a rendered report shows and what goes to the appendix. At 20,000 workloads the plaintext,
// findings and certificate tables run to tens of thousands of rows: the body keeps the summary and the rows that
// matter most (BODY_ROWS of each, worst first) with a pointer to the appendix, which holds every row.
import type { CertificatePosture, Finding, PhaseCheck, Severity } from '@/lib/mesh/model';
import type { LocatedFinding, NamespaceBlockers, PlaintextPort, ReportModel } from '../report-model';

export const BODY_ROWS = 50;
export const CHART_NAMESPACES = 30;
/** Completeness gaps listed in the body (one per unreached proxy can run to thousands). */
export const GAP_ROWS = 15;

export interface Excerpt<T> {
  readonly rows: readonly T[];
  /** Rows left for the appendix. */
  readonly more: number;
}

export function excerpt<T>(rows: readonly T[], limit: number = BODY_ROWS): Excerpt<T> {
  return rows.length <= limit ? { rows, more: 0 } : { rows: rows.slice(0, limit), more: rows.length - limit };
}

type NamespaceRow = ReportModel['namespaces'][number];

const notStrict = (ns: NamespaceRow): number => ns.coverage.total - ns.coverage.strict;
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Namespaces for the chart and the body table: all of them by name when few, else the most exposed first. */
export function namespacesForBody(namespaces: ReportModel['namespaces'], limit: number): Excerpt<NamespaceRow> {
  const sorted = [...namespaces].sort((a, b) => byName(a.name, b.name));
  if (sorted.length <= limit) return { rows: sorted, more: 0 };
  return excerpt(
    sorted.sort((a, b) => notStrict(b) - notStrict(a) || byName(a.name, b.name)),
    limit,
  );
}

const MODE_RANK: Readonly<Record<PlaintextPort['mode'], number>> = { DISABLE: 0, NONE: 1, PERMISSIVE: 2, UNKNOWN: 3 };

/** Plaintext-only ports first (DISABLE), then no dataplane, PERMISSIVE, unknown; by namespace and pod within. */
export function plaintextWorstFirst(rows: readonly PlaintextPort[]): PlaintextPort[] {
  return [...rows].sort(
    (a, b) => MODE_RANK[a.mode] - MODE_RANK[b.mode] || byName(a.namespace, b.namespace) || byName(a.pod, b.pod) || (a.port ?? -1) - (b.port ?? -1),
  );
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export function findingsWorstFirst(rows: readonly LocatedFinding[]): LocatedFinding[] {
  return [...rows].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || byName(a.code, b.code) || byName(a.namespace ?? '', b.namespace ?? ''));
}

export interface FindingGroup {
  readonly code: string;
  readonly severity: Severity;
  readonly count: number;
  readonly namespaces: number;
  readonly example: Finding;
}

/** One row per finding code: how many, in how many namespaces, and one example message. */
export function findingsByCode(rows: readonly LocatedFinding[]): FindingGroup[] {
  const groups = new Map<string, { example: Finding; count: number; namespaces: Set<string> }>();
  for (const f of findingsWorstFirst(rows)) {
    const g = groups.get(f.code) ?? { example: f, count: 0, namespaces: new Set<string>() };
    g.count += 1;
    if (f.namespace) g.namespaces.add(f.namespace);
    groups.set(f.code, g);
  }
  return [...groups.values()].map((g) => ({ code: g.example.code, severity: g.example.severity, count: g.count, namespaces: g.namespaces.size, example: g.example }));
}

const CERT_RANK: Readonly<Record<CertificatePosture['status'], number>> = { expired: 0, expiring: 1, 'not-yet-valid': 2, healthy: 3, unknown: 4 };

/** Expired first, then the soonest to expire; unknown ones last. */
export function certificatesSoonestFirst(rows: readonly CertificatePosture[]): CertificatePosture[] {
  return [...rows].sort(
    (a, b) =>
      CERT_RANK[a.status] - CERT_RANK[b.status] ||
      (a.remainingSeconds ?? Infinity) - (b.remainingSeconds ?? Infinity) ||
      byName(a.namespace, b.namespace) ||
      byName(a.pod, b.pod),
  );
}

export interface BlockerRow {
  readonly namespace: string;
  readonly phase: number;
  readonly check: PhaseCheck;
}

/** One row per (namespace, blocking check); namespaces that block nothing are left out. */
export function blockerRows(blockers: readonly NamespaceBlockers[]): BlockerRow[] {
  return blockers.flatMap((b) => b.blocking.map((check) => ({ namespace: b.namespace, phase: b.phase, check })));
}

export interface BlockerGroup {
  readonly title: string;
  readonly phase: number;
  readonly namespaces: number;
}

/** How many namespaces each checklist item holds back: the migration's to-do list at a glance. */
export function blockersByCheck(blockers: readonly NamespaceBlockers[]): BlockerGroup[] {
  const groups = new Map<string, { title: string; phase: number; namespaces: number }>();
  for (const b of blockers) {
    for (const c of b.blocking) {
      const g = groups.get(c.id) ?? { title: c.title, phase: c.phase, namespaces: 0 };
      g.namespaces += 1;
      groups.set(c.id, g);
    }
  }
  return [...groups.values()].sort((a, b) => a.phase - b.phase || b.namespaces - a.namespaces || byName(a.title, b.title));
}

export function gapsByStatus(gaps: ReportModel['cover']['gaps']): { readonly status: string; readonly count: number }[] {
  const counts = new Map<string, number>();
  for (const g of gaps) counts.set(g.status, (counts.get(g.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => ({ status, count }));
}
