// What every check reads, how a check is declared, and how a Finding is made from the catalogue.
import type { SnapshotKind } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { MeshIndex } from '../mesh-index';
import type { Finding, NamespacePosture, Severity } from '../model';
import { FINDING_BY_CODE, type FindingCode } from './catalogue';

export interface FindingContext {
  readonly index: MeshIndex;
  readonly workloads: readonly EvaluatedWorkload[];
  readonly namespaces: readonly NamespacePosture[];
  /** RFC 3339. */
  readonly now: string;
}

/**
 * One check of the catalogue. `requires` lists the snapshot kinds the verdict depends on: when any of them could
 * not be read (status other than 'ok') the check is skipped, because missing data must never be turned into a
 * verdict (ARCHITECTURE §1); the report's completeness section shows the unknown kinds instead.
 */
export interface FindingCheck {
  readonly code: FindingCode;
  readonly requires: readonly SnapshotKind[];
  readonly run: (ctx: FindingContext) => Finding[];
}

export interface FindingInput {
  readonly objects: readonly string[];
  readonly namespace: string | null;
  readonly message: string;
  readonly verify: readonly string[];
}

/** A Finding with the catalogue's severity and "why" for its code. */
export function makeFinding(code: FindingCode, input: FindingInput): Finding {
  const spec = FINDING_BY_CODE.get(code);
  if (!spec) throw new Error(`finding code ${code} is not in the catalogue`);
  return { code, severity: spec.severity, why: spec.why, ...input };
}

export function kindsReadable(ctx: FindingContext, kinds: readonly SnapshotKind[]): boolean {
  return kinds.every((k) => ctx.index.snapshot.kinds[k].status === 'ok');
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Severity (error, warning, info), then code, then first object, then message (a stable total order). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareText(a.code, b.code) ||
    compareText(a.objects[0] ?? '', b.objects[0] ?? '') ||
    compareText(a.message, b.message)
  );
}

const byNamespaceCache = new WeakMap<FindingContext, ReadonlyMap<string, readonly EvaluatedWorkload[]>>();

/** Lets a caller that keeps the workloads per namespace already (the incremental engine) hand them to `ctx`'s checks. */
export function provideWorkloadsByNamespace(ctx: FindingContext, byNamespace: ReadonlyMap<string, readonly EvaluatedWorkload[]>): void {
  byNamespaceCache.set(ctx, byNamespace);
}

const contexts = new WeakMap<readonly EvaluatedWorkload[], FindingContext>();

/**
 * The context of one computation, the same object for every reader of it: the checks' caches keyed by context (likely
 * clients, served ports, workloads by namespace) are built by the findings and reused by the traffic reconciliation.
 */
export function computationContext(index: MeshIndex, workloads: readonly EvaluatedWorkload[], namespaces: readonly NamespacePosture[], now: string): FindingContext {
  const known = contexts.get(workloads);
  if (known && known.index === index && known.namespaces === namespaces && known.now === now) return known;
  const ctx: FindingContext = { index, workloads, namespaces, now };
  contexts.set(workloads, ctx);
  return ctx;
}

/** The workloads of one namespace, from an index built once per computation (checks must not scan every pod per item). */
export function workloadsInNamespace(ctx: FindingContext, namespace: string): readonly EvaluatedWorkload[] {
  let map = byNamespaceCache.get(ctx);
  if (!map) {
    const built = new Map<string, EvaluatedWorkload[]>();
    for (const w of ctx.workloads) {
      const list = built.get(w.pod.meta.namespace);
      if (list) list.push(w);
      else built.set(w.pod.meta.namespace, [w]);
    }
    byNamespaceCache.set(ctx, (map = built));
  }
  return map.get(namespace) ?? [];
}
