// The coverage report as CSV (RFC 4180: CRLF, quoted where needed, written by csv-stringify): one table of a row per
// workload and port, one of findings, one of certificates (workload leaves and roots of trust), and with observed
// traffic one of its workloads and one of its contradictions. Spreadsheets run a
// cell that starts with = + - @ TAB CR or LF as a formula, and every string from the cluster is hostile
// (ARCHITECTURE §5), so such a text cell is prefixed with a single quote (OWASP CSV injection). Numeric columns only
// ever hold numbers, written as such and never prefixed (a negative remaining time stays a number).
import { toCsv, type CsvCell } from './csv-cell';
import { CSV_HISTORY_SECTIONS, historyCsvTables, type CsvHistorySection } from './csv-history';
import type { WorkloadPosture } from '@/lib/mesh/model';
import type { TrafficModel } from '@/lib/mesh/traffic';
import type { ReportModel } from '../report-model';

export const CSV_SECTIONS = ['workloads', 'findings', 'certificates'] as const;
/** With observed traffic: a row per workload the traffic names, and one per contradiction between policy and traffic. */
export const CSV_TRAFFIC_SECTIONS = ['traffic', 'contradictions'] as const;
export type CsvSection = (typeof CSV_SECTIONS)[number] | (typeof CSV_TRAFFIC_SECTIONS)[number] | CsvHistorySection;
export type CsvTables = Readonly<Record<(typeof CSV_SECTIONS)[number], string>> &
  Partial<Readonly<Record<(typeof CSV_TRAFFIC_SECTIONS)[number] | CsvHistorySection, string>>>;
/** Every section in the order a stream lists them: with a history database (--db) its trend tables come last. */
export const CSV_ALL_SECTIONS: readonly CsvSection[] = [...CSV_SECTIONS, ...CSV_TRAFFIC_SECTIONS, ...CSV_HISTORY_SECTIONS];

export { neutraliseCell, toCsv, type CsvCell } from './csv-cell';
export { CSV_HISTORY_SECTIONS } from './csv-history';

const WORKLOAD_HEADER = ['namespace', 'pod', 'port', 'mode', 'accepts_plaintext', 'why', 'workload_mode', 'mtls_policy', 'dataplane', 'gateway', 'service_account', 'authz_coverage', 'cert_status', 'cert_not_after'];
const FINDING_HEADER = ['severity', 'code', 'namespace', 'objects', 'message', 'why', 'verify', 'locations'];
const TRAFFIC_HEADER = ['namespace', 'workload', 'strict_readiness', 'readiness_reason', 'requests', 'mtls', 'plaintext', 'unclassified', 'plaintext_sources', 'likely_sources_inferred', 'first_plaintext_at', 'last_plaintext_at', 'window_start', 'window_end', 'traffic_status'];
const CONTRADICTION_HEADER = ['code', 'severity', 'namespace', 'workload', 'policy', 'observed', 'message'];
const CERTIFICATE_HEADER = ['kind', 'namespace', 'name', 'status', 'spiffe_id', 'subject', 'serial', 'not_before', 'not_after', 'remaining_seconds', 'origin', 'as_of'];

function workloadRows(m: ReportModel, workloads: readonly WorkloadPosture[]): CsvCell[][] {
  const why = new Map(m.plaintext.map((p) => [JSON.stringify([p.namespace, p.pod, p.port]), p.why]));
  return workloads.flatMap((w) => {
    const ports: [number | null, string][] = Object.keys(w.mtls.ports).length === 0 ? [[null, w.mtls.mode]] : Object.entries(w.mtls.ports).map(([p, mode]) => [Number(p), mode]);
    return ports.map(([port, mode]): CsvCell[] => [
      w.namespace, w.pod, port, mode, mode === 'PERMISSIVE' || mode === 'DISABLE' || mode === 'NONE',
      why.get(JSON.stringify([w.namespace, w.pod, port])) ?? null, w.mtls.mode, w.mtls.policy, w.dataplane, w.isGateway,
      w.serviceAccount, w.authz.coverage, w.certificate?.status ?? null, w.certificate?.notAfter ?? null,
    ]);
  });
}

function trafficTables(t: TrafficModel): Record<(typeof CSV_TRAFFIC_SECTIONS)[number], string> {
  return {
    traffic: toCsv(
      TRAFFIC_HEADER,
      t.workloads.map((w): CsvCell[] => [w.namespace, w.workload, w.strictReadiness, w.readinessReason, w.requests, w.mtls, w.plaintext, w.unclassified,
        w.plaintextSources.join('\n'), w.likelySources.map((s) => s.workload).join('\n'), w.firstPlaintextAt, w.lastPlaintextAt, t.window.start, t.window.end, t.status]),
    ),
    contradictions: toCsv(CONTRADICTION_HEADER, t.contradictions.map((c): CsvCell[] => [c.code, c.severity, c.namespace, c.workload, c.policy, c.observed, c.message])),
  };
}

/**
 * The tables (three; two more with observed traffic; with a history database the trend and the daily STRICT share,
 * and with --since the changes), each a complete RFC 4180 document with a header row.
 */
export function renderCsvTables(m: ReportModel, workloads: readonly WorkloadPosture[]): CsvTables {
  return {
    ...(m.traffic ? trafficTables(m.traffic) : {}),
    ...(m.history ? historyCsvTables(m.history) : {}),
    workloads: toCsv(WORKLOAD_HEADER, workloadRows(m, workloads)),
    findings: toCsv(
      FINDING_HEADER,
      m.findings.map((f) => [f.severity, f.code, f.namespace, f.objects.join('\n'), f.message, f.why, f.verify.join('\n'),
        f.locations.map((l) => `${l.file}${l.line ? `:${l.line}` : ''}`).join('\n')]),
    ),
    certificates: toCsv(CERTIFICATE_HEADER, [
      ...m.certificates.map((c): CsvCell[] => ['workload', c.namespace, c.pod, c.status, c.spiffeId, null, c.serial, c.notBefore, c.notAfter, c.remainingSeconds, c.origin, c.asOf]),
      ...m.roots.map((r): CsvCell[] => ['root', r.namespace, r.configmap, r.status, null, r.subject, r.serial, r.notBefore, r.notAfter, r.remainingSeconds, 'configmap', null]),
    ]),
  };
}

/**
 * The tables in one stream (for stdout): each preceded by a `# <section>` line, separated by a blank line.
 * Split on those lines to get one RFC 4180 document a table.
 */
export function renderCsvStream(tables: CsvTables): string {
  return CSV_ALL_SECTIONS.flatMap((s) => (tables[s] === undefined ? [] : [`# ${s}\r\n${tables[s]}`])).join('\r\n');
}
