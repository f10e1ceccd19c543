import 'server-only';
// Builds the findings view from the current posture: the engine's findings, filtered, ordered worst first and
// paged here; code titles come from the finding catalogue. Rows are derived once per posture (and traffic: MP106
// carries its evidence, lib/mesh/traffic/evidence.ts).
import { findingKey } from '@/lib/mesh/workload-identity';
import {
  FINDING_SEVERITIES,
  parseFindingsFilters,
  type FindingCodeDto,
  type FindingObjectDto,
  type FindingRowDto,
  type FindingsFilters,
  type FindingsView,
  type FindingSeverityDto,
} from '@/lib/api/views/findings';
import { pageOf } from '@/lib/api/paging';
import type { PostureModel } from '@/lib/mesh/model';
import { FINDING_BY_CODE, FINDING_SPECS } from '@/lib/mesh/findings/catalogue';
import type { PostureState } from '../posture-store';
import { modelForViews } from './traffic-brief';

const SEVERITY_RANK: Readonly<Record<FindingSeverityDto, number>> = { error: 0, warning: 1, info: 2 };

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** 'Kind/namespace/name' or 'Kind/name' (cluster-scoped); anything else is kept whole as the name. */
export function parseObjectId(id: string): FindingObjectDto {
  const parts = id.split('/');
  if (parts.every((p) => p.length > 0)) {
    const [kind = '', a = '', b] = parts;
    if (parts.length === 3 && b !== undefined) return { id, kind, namespace: a, name: b };
    if (parts.length === 2) return { id, kind, namespace: null, name: a };
  }
  return { id, kind: '', namespace: null, name: id };
}

interface Derived {
  readonly rows: readonly FindingRowDto[];
  readonly counts: FindingsView['counts'];
  readonly codes: readonly FindingCodeDto[];
  readonly namespaces: readonly string[];
}

function derive(model: PostureModel): Derived {
  const rows: FindingRowDto[] = model.findings.map((f) => ({
    key: findingKey(f),
    code: f.code,
    title: FINDING_BY_CODE.get(f.code)?.title ?? f.code,
    severity: f.severity,
    namespace: f.namespace,
    message: f.message,
    why: f.why,
    verify: f.verify,
    objects: f.objects.map(parseObjectId),
  }));
  // Worst first, then by code and namespace (mesh-wide findings last), so a page is stable between polls.
  rows.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      byName(a.code, b.code) ||
      (a.namespace === null ? 1 : 0) - (b.namespace === null ? 1 : 0) ||
      byName(a.namespace ?? '', b.namespace ?? '') ||
      byName(a.message, b.message),
  );
  const counts = Object.fromEntries(FINDING_SEVERITIES.map((s) => [s, 0])) as Record<FindingSeverityDto, number>;
  const perCode = new Map<string, number>();
  for (const r of rows) {
    counts[r.severity] += 1;
    perCode.set(r.code, (perCode.get(r.code) ?? 0) + 1);
  }
  const codes = FINDING_SPECS.map((s) => ({ code: s.code, title: s.title, severity: s.severity, count: perCode.get(s.code) ?? 0 }));
  const namespaces = [...new Set(rows.flatMap((r) => (r.namespace === null ? [] : [r.namespace])))].sort(byName);
  return { rows, counts: { ...counts, total: rows.length }, codes, namespaces };
}

const derived = new WeakMap<PostureModel, Derived>();
function derivedOf(model: PostureModel): Derived {
  let d = derived.get(model);
  if (!d) {
    d = derive(model);
    derived.set(model, d);
  }
  return d;
}

function matches(filters: FindingsFilters): (r: FindingRowDto) => boolean {
  return (r) =>
    (!filters.severity || r.severity === filters.severity) &&
    (!filters.code || r.code === filters.code) &&
    (!filters.namespace || r.namespace === filters.namespace);
}

export function buildFindingsView(state: PostureState, params: URLSearchParams): FindingsView {
  const filters = parseFindingsFilters(params);
  const d = derivedOf(modelForViews(state));
  return {
    counts: d.counts,
    codes: d.codes,
    namespaces: d.namespaces,
    findings: pageOf(d.rows.filter(matches(filters)), filters.page, filters.pageSize),
  };
}
