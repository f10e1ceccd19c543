import 'server-only';
// Builds the overview view from the current posture: aggregation, sorting and paging happen here, so the browser
// receives one page of namespaces and a bounded chart whatever the size of the mesh.
import { parseOverviewFilters, type NamespaceCoverageRowDto, type NamespaceSortKey, type OverviewTrafficDto, type OverviewView } from '@/lib/api/views/overview';
import type { TrafficBriefDto } from '@/lib/api/views/traffic';
import type { StrictReadiness, TrafficModel } from '@/lib/mesh/traffic';
import { pageOf } from '@/lib/api/paging';
import { acceptsPlaintext } from '@/lib/mesh/coverage';
import { assessRootCertificates } from '@/lib/mesh/certs/assess-root-certificates';
import { certificateCounts } from '@/lib/report/report-model';
import type { PostureState } from '../posture-store';
import { preparedTraffic } from './traffic-brief';

/** The chart shows at most this many namespaces (the largest); the rest are counted as "N more". */
export const CHART_NAMESPACES = 25;

const COMPARE: Readonly<Record<NamespaceSortKey, (a: NamespaceCoverageRowDto, b: NamespaceCoverageRowDto) => number>> = {
  name: (a, b) => a.name.localeCompare(b.name),
  phase: (a, b) => a.phase - b.phase,
  total: (a, b) => a.total - b.total,
  strict: (a, b) => a.strict - b.strict,
  permissive: (a, b) => a.permissive - b.permissive,
  disable: (a, b) => a.disable - b.disable,
  none: (a, b) => a.none - b.none,
  unknown: (a, b) => a.unknown - b.unknown,
};

export function buildOverviewView(state: PostureState, params: URLSearchParams): OverviewView {
  const filters = parseOverviewFilters(params);
  const { model, index } = state.computation;
  const rows: NamespaceCoverageRowDto[] = model.namespaces.map((ns) => ({ name: ns.name, phase: ns.phase, dataplane: ns.dataplaneMode, ...ns.coverage }));
  const findings = { error: 0, warning: 0, info: 0 };
  for (const f of model.findings) findings[f.severity] += 1;

  const byTotal = [...rows].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const chartRows = byTotal.filter((r) => r.total > 0).slice(0, CHART_NAMESPACES);

  const needle = filters.q.toLowerCase();
  const matching = needle ? rows.filter((r) => r.name.toLowerCase().includes(needle)) : rows;
  const compare = COMPARE[filters.sort];
  const sign = filters.dir === 'asc' ? 1 : -1;
  const sorted = [...matching].sort((a, b) => sign * compare(a, b) || a.name.localeCompare(b.name));

  return {
    meshPhase: model.mesh.phase,
    trustDomain: model.mesh.trustDomain,
    workloads: model.mesh.coverage,
    ports: model.mesh.portCoverage,
    plaintextWorkloads: model.workloads.filter((w) => acceptsPlaintext(w.mtls)).length,
    findings,
    certificates: certificateCounts(model.certificates, assessRootCertificates(index, model.now)),
    chart: { rows: chartRows, omitted: rows.filter((r) => r.total > 0).length - chartRows.length },
    namespaces: pageOf(sorted, filters.page, filters.pageSize),
    traffic: trafficSummary(state),
  };
}

const SUMMARIES = new WeakMap<TrafficModel, Omit<OverviewTrafficDto, keyof TrafficBriefDto>>();

/** The overview's traffic figures, counted once per traffic model. */
function trafficSummary(state: PostureState): OverviewTrafficDto | null {
  const traffic = preparedTraffic(state);
  if (!traffic) return null;
  let summary = SUMMARIES.get(traffic.model);
  if (!summary) {
    const none = (): Record<StrictReadiness, number> => ({ ready: 0, blocked: 0, 'no-traffic': 0, unknown: 0 });
    const namespaces = none();
    const workloads = none();
    let mtls = 0;
    let plaintext = 0;
    let plaintextWorkloads = 0;
    for (const n of traffic.model.namespaces) namespaces[n.strictReadiness] += 1;
    for (const w of traffic.model.workloads) {
      workloads[w.strictReadiness] += 1;
      mtls += w.mtls;
      plaintext += w.plaintext;
      if (w.plaintext > 0 || w.lastPlaintextAt !== null) plaintextWorkloads += 1;
    }
    summary = { mtls, plaintext, plaintextWorkloads, namespaces, workloads, contradictions: traffic.model.contradictions.length };
    SUMMARIES.set(traffic.model, summary);
  }
  return { ...traffic.brief, ...summary };
}
