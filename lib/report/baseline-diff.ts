// What changed since a previous JSON report (`--baseline previous.json`). Pods are ephemeral: a Deployment's pods get
// new names on every rollout, so workloads are keyed by the pod name without its ReplicaSet suffix and a restart is
// not a change. The baseline is untrusted input (it may come from another version, or be hand-edited): it is
// validated with a narrow schema that reads only the fields compared, and errors name the field.
import { z } from 'zod';
import { EFFECTIVE_MODES, SEVERITIES, type EffectiveMode } from '@/lib/mesh/model';
import { findingKey, MODE_RANK, PLAINTEXT_MODES, workloadKey } from '@/lib/mesh/workload-identity';
import type { BaselineChanges, CertificateRenewal, FindingChange, PhaseChange, PortChange } from './baseline-changes';
import { REPORT_SCHEMA_VERSION, type JsonReport } from './json-report';

export { normaliseObjectId, workloadKey } from '@/lib/mesh/workload-identity';

export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

const workloadSchema = z.object({
  namespace: z.string(),
  pod: z.string(),
  mtls: z.object({ mode: z.enum(EFFECTIVE_MODES), ports: z.record(z.string().regex(/^[1-9][0-9]{0,4}$/), z.enum(EFFECTIVE_MODES)) }),
});
const baselineSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  generatedAt: z.string(),
  source: z.string(),
  now: z.string(),
  namespaces: z.array(z.object({ name: z.string(), phase: z.number().int().min(0).max(4) })),
  workloads: z.array(workloadSchema),
  findings: z.array(z.object({ code: z.string(), severity: z.enum(SEVERITIES), objects: z.array(z.string()), message: z.string() })),
  certificates: z.array(z.object({ namespace: z.string(), pod: z.string(), serial: z.string().nullable(), notAfter: z.string().nullable() })),
});
type Baseline = z.infer<typeof baselineSchema>;

/** The fields compared, as both the current report and a parsed baseline hold them. */
interface Comparable {
  readonly workloads: readonly { readonly namespace: string; readonly pod: string; readonly mtls: { readonly mode: EffectiveMode; readonly ports: Readonly<Record<string, EffectiveMode>> } }[];
  readonly findings: readonly FindingChange[];
  readonly certificates: readonly { readonly namespace: string; readonly pod: string; readonly serial: string | null; readonly notAfter: string | null }[];
}

/** (namespace, workload, port) → the weakest mode among the workload's pods. A pod without ports counts as port null. */
function portModes(workloads: Comparable['workloads']): Map<string, PortChange> {
  const out = new Map<string, PortChange>();
  for (const w of workloads) {
    const workload = workloadKey(w.pod);
    const entries: [number | null, EffectiveMode][] = Object.keys(w.mtls.ports).length === 0 ? [[null, w.mtls.mode]] : Object.entries(w.mtls.ports).map(([p, m]) => [Number(p), m]);
    for (const [port, mode] of entries) {
      const key = JSON.stringify([w.namespace, workload, port]);
      const seen = out.get(key);
      if (!seen || MODE_RANK[mode] < MODE_RANK[seen.mode]) out.set(key, { namespace: w.namespace, workload, port, mode });
    }
  }
  return out;
}

function findingIndex(findings: Comparable['findings']): Map<string, FindingChange> {
  const out = new Map<string, FindingChange>();
  for (const f of findings) {
    const key = findingKey(f);
    if (!out.has(key)) out.set(key, { code: f.code, severity: f.severity, objects: f.objects, message: f.message });
  }
  return out;
}

/** (namespace, workload) → the newest certificate (latest notAfter) of its pods. */
function newestCertificates(certs: Comparable['certificates']): Map<string, { namespace: string; workload: string; serial: string; notAfter: string | null }> {
  const out = new Map<string, { namespace: string; workload: string; serial: string; notAfter: string | null }>();
  for (const c of certs) {
    if (c.serial === null) continue;
    const workload = workloadKey(c.pod);
    const key = JSON.stringify([c.namespace, workload]);
    const seen = out.get(key);
    if (!seen || (c.notAfter ?? '') > (seen.notAfter ?? '') || ((c.notAfter ?? '') === (seen.notAfter ?? '') && c.serial > seen.serial)) {
      out.set(key, { namespace: c.namespace, workload, serial: c.serial, notAfter: c.notAfter });
    }
  }
  return out;
}

const byPort = (a: PortChange, b: PortChange) => compare([a.namespace, a.workload, a.port ?? 0], [b.namespace, b.workload, b.port ?? 0]);
const byFinding = (a: FindingChange, b: FindingChange) => compare([a.code, a.objects.join(',')], [b.code, b.objects.join(',')]);
function compare(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function parseBaseline(baseline: unknown): Baseline {
  if (typeof baseline !== 'object' || baseline === null || Array.isArray(baseline)) throw new BaselineError('baseline: expected a JSON report object');
  const version = (baseline as { schemaVersion?: unknown }).schemaVersion;
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new BaselineError(`baseline: schemaVersion: expected ${REPORT_SCHEMA_VERSION} (a report written by 'mesh-posture report --format json'), got ${JSON.stringify(version ?? null)?.slice(0, 40)}`);
  }
  const parsed = baselineSchema.safeParse(baseline);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = (issue?.path ?? []).map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(root)';
    throw new BaselineError(`baseline: ${field}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function diffAgainstBaseline(current: JsonReport, baseline: unknown): BaselineChanges {
  const before = parseBaseline(baseline);
  const portsBefore = portModes(before.workloads);
  const portsNow = portModes(current.workloads);
  const isPlaintext = (p: PortChange | undefined) => p !== undefined && PLAINTEXT_MODES.has(p.mode);
  const newPlaintextPorts = [...portsNow].filter(([k, p]) => isPlaintext(p) && !isPlaintext(portsBefore.get(k))).map(([, p]) => p);
  const closedPlaintextPorts = [...portsBefore].filter(([k, p]) => isPlaintext(p) && portsNow.get(k)?.mode === 'STRICT').map(([k]) => portsNow.get(k) as PortChange);

  const phaseBefore = new Map(before.namespaces.map((n) => [n.name, n.phase]));
  const phaseChanges: PhaseChange[] = current.namespaces.flatMap((n) => {
    const from = phaseBefore.get(n.name);
    return from === undefined || from === n.phase ? [] : [{ namespace: n.name, from, to: n.phase }];
  });

  const findingsBefore = findingIndex(before.findings);
  const findingsNow = findingIndex(current.findings);
  const certsBefore = newestCertificates(before.certificates);
  const renewedCertificates: CertificateRenewal[] = [...newestCertificates(current.certificates)].flatMap(([k, c]) => {
    const prev = certsBefore.get(k);
    return prev && prev.serial !== c.serial ? [{ namespace: c.namespace, workload: c.workload, previousSerial: prev.serial, serial: c.serial, notAfter: c.notAfter }] : [];
  });

  return {
    baseline: { generatedAt: before.generatedAt, source: before.source, now: before.now },
    newPlaintextPorts: newPlaintextPorts.sort(byPort),
    closedPlaintextPorts: closedPlaintextPorts.sort(byPort),
    phaseRegressions: phaseChanges.filter((c) => c.to < c.from).sort((a, b) => compare([a.namespace], [b.namespace])),
    phaseAdvances: phaseChanges.filter((c) => c.to > c.from).sort((a, b) => compare([a.namespace], [b.namespace])),
    newFindings: [...findingsNow].filter(([k]) => !findingsBefore.has(k)).map(([, f]) => f).sort(byFinding),
    resolvedFindings: [...findingsBefore].filter(([k]) => !findingsNow.has(k)).map(([, f]) => f).sort(byFinding),
    renewedCertificates: renewedCertificates.sort((a, b) => compare([a.namespace, a.workload], [b.namespace, b.workload])),
  };
}
