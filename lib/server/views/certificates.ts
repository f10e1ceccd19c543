import 'server-only';
// Builds the certificates view from the current posture. The fleet (rows, roots, warnings) is derived once per
// computation and cached; each request only filters, sorts and slices one page, so 20,000 proxies stay cheap.
// Verdicts, notes and the different-root test are the engine's (lib/mesh/certs); nothing is re-judged here.
import {
  CERTIFICATE_STATUSES,
  parseCertificatesFilters,
  type CertificateRowDto,
  type CertificateSortKey,
  type CertificatesFilters,
  type CertificatesView,
  type CertificateStatusDto,
  type CertificateWarningDto,
  type RootOfTrustDto,
} from '@/lib/api/views/certificates';
import { pageOf } from '@/lib/api/paging';
import type { PostureComputation } from '@/lib/mesh/compute-posture';
import { assessRootCertificates } from '@/lib/mesh/certs/assess-root-certificates';
import { holdsDifferentRoot } from '@/lib/mesh/certs/root-trust';
import type { CertStatus } from '@/lib/mesh/model';
import { countOf } from '@/lib/report/render/format-values';
import type { PostureState } from '../posture-store';
import { expiryTimeline } from './certificates-timeline';

/** How many affected certificates each warning lists; the rest are one filter away in the table. */
export const WARNING_EXAMPLES = 5;
/** How many namespaces a root lists by name. */
const ROOT_SAMPLE_NAMESPACES = 5;

/** Worst first: the order of the status column and of the default view. */
const STATUS_RANK: Readonly<Record<CertificateStatusDto, number>> = { expired: 0, expiring: 1, 'not-yet-valid': 2, unknown: 3, healthy: 4 };

interface Fleet {
  readonly rows: readonly CertificateRowDto[];
  readonly roots: readonly RootOfTrustDto[];
  readonly warnings: readonly CertificateWarningDto[];
  readonly counts: CertificatesView['counts'];
  readonly namespaces: readonly string[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byPod = (a: CertificateRowDto, b: CertificateRowDto): number => byName(a.namespace, b.namespace) || byName(a.pod, b.pod);

function toRows(computation: PostureComputation): CertificateRowDto[] {
  const { model, index } = computation;
  return model.certificates.map((c) => ({
    namespace: c.namespace,
    pod: c.pod,
    status: c.status,
    spiffeId: c.spiffeId,
    trustDomain: c.trustDomain,
    serial: c.serial,
    notAfter: c.notAfter,
    remainingSeconds: c.remainingSeconds,
    origin: c.origin,
    asOf: c.asOf,
    trustDomainMismatch: c.trustDomainMismatch,
    differentRoot: holdsDifferentRoot(c, index),
    notes: c.notes,
  }));
}

/** Distinct roots (by serial): those istiod distributes, and those proxies hold without it distributing them. */
function rootsOfTrust(computation: PostureComputation): RootOfTrustDto[] {
  const { model, index } = computation;
  const roots = new Map<string, { serial: string; subject: string; notAfter: string; remainingSeconds: number | null; status: CertStatus; namespaces: Set<string>; proxies: number }>();
  for (const r of assessRootCertificates(index, model.now)) {
    const entry = roots.get(r.serial) ?? { ...r, namespaces: new Set<string>(), proxies: 0 };
    entry.namespaces.add(r.namespace);
    roots.set(r.serial, entry);
  }
  // The posture keeps a root's serial and expiry; its subject is in the proxy data it came from.
  const subjects = new Map(index.snapshot.proxyCertificates.flatMap((p) => p.roots.map((r) => [r.serial, r.subject] as const)));
  const nowMs = Date.parse(model.now);
  for (const c of model.certificates) {
    for (const r of c.roots) {
      let entry = roots.get(r.serial);
      if (!entry) {
        const remainingMs = Date.parse(r.notAfter) - nowMs;
        const remainingSeconds = Number.isNaN(remainingMs) ? null : Math.floor(remainingMs / 1000);
        entry = { serial: r.serial, subject: subjects.get(r.serial) ?? '', notAfter: r.notAfter, remainingSeconds, status: r.status, namespaces: new Set<string>(), proxies: 0 };
        roots.set(r.serial, entry);
      }
      entry.proxies += 1;
    }
  }
  return [...roots.values()]
    .map((r) => ({
      serial: r.serial,
      subject: r.subject,
      notAfter: r.notAfter,
      remainingSeconds: r.remainingSeconds,
      status: r.status,
      namespaces: r.namespaces.size,
      sampleNamespaces: [...r.namespaces].sort(byName).slice(0, ROOT_SAMPLE_NAMESPACES),
      proxies: r.proxies,
    }))
    .sort((a, b) => (a.remainingSeconds ?? Infinity) - (b.remainingSeconds ?? Infinity) || byName(a.serial, b.serial));
}

type Reason = (r: CertificateRowDto) => string;

/** The engine's first note: for a status warning it is the note about that status. */
const firstNote: Reason = (r) => r.notes[0] ?? 'no reason recorded';

function podWarning(kind: CertificateWarningDto['kind'], rows: readonly CertificateRowDto[], reason: Reason = firstNote): CertificateWarningDto {
  return {
    kind,
    count: rows.length,
    examples: rows.slice(0, WARNING_EXAMPLES).map((r) => ({ namespace: r.namespace, name: r.pod, reason: reason(r) })),
    reasons: [],
  };
}

/** Identity and trust warnings name the facts behind them rather than every note of the proxy. */
function identityReasons(computation: PostureComputation, roots: readonly RootOfTrustDto[]): { readonly mismatch: Reason; readonly differentRoot: Reason } {
  const { trustDomain, trustDomainAliases } = computation.index.snapshot.meshConfig;
  const accepted = [trustDomain, ...trustDomainAliases].join(', ');
  const rootName = new Map(roots.map((r) => [r.serial, r.subject || `serial ${r.serial}`]));
  const held = new Map(computation.model.certificates.map((c) => [`${c.namespace}/${c.pod}`, c.roots.map((r) => rootName.get(r.serial) ?? `serial ${r.serial}`)]));
  return {
    mismatch: (r) => `presents ${r.spiffeId ?? 'no SPIFFE ID'} (trust domain ${r.trustDomain ?? 'unknown'}); the mesh accepts ${accepted}`,
    differentRoot: (r) => `trusts ${(held.get(`${r.namespace}/${r.pod}`) ?? []).join(', ') || 'an unknown root'}, none of the roots in ${r.namespace}/istio-ca-root-cert`,
  };
}

/** Unknown verdicts grouped by the engine's first note (the reason the data is missing), most common first. */
function unknownWarning(rows: readonly CertificateRowDto[]): CertificateWarningDto {
  const reasons = new Map<string, number>();
  for (const r of rows) {
    const reason = r.notes[0] ?? 'no reason recorded';
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return {
    ...podWarning('unknown', rows),
    reasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || byName(a.reason, b.reason)).slice(0, WARNING_EXAMPLES),
  };
}

function rootWarning(roots: readonly RootOfTrustDto[]): CertificateWarningDto {
  const flagged = roots.filter((r) => r.status === 'expired' || r.status === 'expiring');
  return {
    kind: 'root-expiring',
    count: flagged.length,
    examples: flagged.slice(0, WARNING_EXAMPLES).map((r) => ({
      namespace: null,
      name: r.subject || `serial ${r.serial}`,
      reason: `${r.status === 'expired' ? 'expired' : 'expires'} at ${r.notAfter}; distributed to ${countOf(r.namespaces, 'namespace')}, held by ${countOf(r.proxies, 'proxy', 'proxies')}`,
    })),
    reasons: [],
  };
}

function warningsOf(computation: PostureComputation, rows: readonly CertificateRowDto[], roots: readonly RootOfTrustDto[]): CertificateWarningDto[] {
  const reasons = identityReasons(computation, roots);
  const soonestFirst = [...rows].sort((a, b) => (a.remainingSeconds ?? Infinity) - (b.remainingSeconds ?? Infinity) || byPod(a, b));
  const all = [
    podWarning('expired', soonestFirst.filter((r) => r.status === 'expired')),
    podWarning('expiring', soonestFirst.filter((r) => r.status === 'expiring')),
    podWarning('not-yet-valid', rows.filter((r) => r.status === 'not-yet-valid')),
    rootWarning(roots),
    podWarning('trust-domain-mismatch', rows.filter((r) => r.trustDomainMismatch), reasons.mismatch),
    podWarning('different-root', rows.filter((r) => r.differentRoot), reasons.differentRoot),
    unknownWarning(rows.filter((r) => r.status === 'unknown')),
  ];
  return all.filter((w) => w.count > 0);
}

function deriveFleet(computation: PostureComputation): Fleet {
  const rows = toRows(computation).sort(byPod);
  const roots = rootsOfTrust(computation);
  const counts = Object.fromEntries(CERTIFICATE_STATUSES.map((s) => [s, 0])) as Record<CertificateStatusDto, number>;
  for (const r of rows) counts[r.status] += 1;
  return { rows, roots, warnings: warningsOf(computation, rows, roots), counts: { ...counts, total: rows.length }, namespaces: [...new Set(rows.map((r) => r.namespace))] };
}

// One fleet per computation: a live source swaps in a new computation after each change, dropping the old entry.
const fleets = new WeakMap<PostureComputation, Fleet>();
function fleetOf(computation: PostureComputation): Fleet {
  let fleet = fleets.get(computation);
  if (!fleet) {
    fleet = deriveFleet(computation);
    fleets.set(computation, fleet);
  }
  return fleet;
}

/** Nulls (unknown) sort last in both directions. */
function nullsLast<T>(get: (r: CertificateRowDto) => T | null, compare: (a: T, b: T) => number) {
  return (a: CertificateRowDto, b: CertificateRowDto, sign: number): number => {
    const x = get(a);
    const y = get(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * compare(x, y);
  };
}

const COMPARE: Readonly<Record<CertificateSortKey, (a: CertificateRowDto, b: CertificateRowDto, sign: number) => number>> = {
  namespace: (a, b, sign) => sign * byPod(a, b),
  pod: (a, b, sign) => sign * (byName(a.pod, b.pod) || byName(a.namespace, b.namespace)),
  status: (a, b, sign) => sign * (STATUS_RANK[a.status] - STATUS_RANK[b.status]),
  spiffeId: nullsLast((r) => r.spiffeId, byName),
  serial: nullsLast((r) => r.serial, byName),
  notAfter: nullsLast((r) => r.notAfter, byName),
  remaining: nullsLast((r) => r.remainingSeconds, (a, b) => a - b),
  origin: nullsLast((r) => r.origin, byName),
};

function matches(filters: CertificatesFilters): (r: CertificateRowDto) => boolean {
  const needle = filters.q.toLowerCase();
  return (r) => {
    if (filters.namespace && r.namespace !== filters.namespace) return false;
    if (filters.status === 'trust-domain-mismatch' ? !r.trustDomainMismatch : filters.status === 'different-root' ? !r.differentRoot : filters.status && r.status !== filters.status) return false;
    if (!needle) return true;
    return [r.namespace, r.pod, r.spiffeId ?? '', r.serial ?? ''].some((s) => s.toLowerCase().includes(needle));
  };
}

export function buildCertificatesView(state: PostureState, params: URLSearchParams): CertificatesView {
  const filters = parseCertificatesFilters(params);
  const { model } = state.computation;
  const fleet = fleetOf(state.computation);
  const compare = COMPARE[filters.sort];
  const sign = filters.dir === 'asc' ? 1 : -1;
  const sorted = fleet.rows.filter(matches(filters)).sort((a, b) => compare(a, b, sign) || byPod(a, b));
  return {
    trustDomain: model.mesh.trustDomain,
    now: model.now,
    counts: fleet.counts,
    roots: fleet.roots,
    timeline: expiryTimeline(filters.span, model.now, fleet.rows, fleet.roots),
    warnings: fleet.warnings,
    namespaces: fleet.namespaces,
    certificates: pageOf(sorted, filters.page, filters.pageSize),
  };
}
