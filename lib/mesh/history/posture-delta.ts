// What changed between two consecutive postures of one source (issue #12): per workload and port the mode and
// dataplane, with the objects that decided the change; findings opened and closed; namespaces entering a phase;
// certificates rotated. Pure: both sides are PostureDigests, the earlier one usually read back from the store.
import { stableJson } from './fingerprint';
import type { CertificateRotation, ChangeCause, OpenFinding, PhaseTransition, PortState, PostureChange, PostureDelta, PostureDigest } from './history-types';

const portKey = (p: PortState) => JSON.stringify([p.namespace, p.workload, p.port]);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** 'Kind/ns/name' or 'Kind/name' → its parts. A name never holds '/', a namespace neither. */
function causeOf(id: string, change: ChangeCause['change']): ChangeCause {
  const [kind = '', ...rest] = id.split('/');
  return rest.length >= 2 ? { kind, namespace: rest[0] ?? '', name: rest.slice(1).join('/'), change } : { kind, namespace: '', name: rest[0] ?? '', change };
}

/** Of the objects that decided the workload's mode before or after, those added, modified or removed in between. */
function causesOf(before: PostureDigest, after: PostureDigest, workloadId: string): ChangeCause[] {
  const candidates = new Set([...(before.deciders[workloadId] ?? []), ...(after.deciders[workloadId] ?? [])]);
  const causes: ChangeCause[] = [];
  for (const id of [...candidates].sort(byText)) {
    const was = Object.hasOwn(before.objects, id) ? before.objects[id] : undefined;
    const is = Object.hasOwn(after.objects, id) ? after.objects[id] : undefined;
    if (was === is) continue;
    causes.push(causeOf(id, was === undefined ? 'added' : is === undefined ? 'removed' : 'modified'));
  }
  return causes;
}

function portChanges(before: PostureDigest, after: PostureDigest): PostureChange[] {
  const was = new Map(before.ports.map((p) => [portKey(p), p]));
  const is = new Map(after.ports.map((p) => [portKey(p), p]));
  const out: PostureChange[] = [];
  for (const key of [...new Set([...was.keys(), ...is.keys()])].sort(byText)) {
    const a = was.get(key);
    const b = is.get(key);
    if (a?.mode === b?.mode && a?.dataplane === b?.dataplane) continue;
    const ref = (a ?? b) as PortState;
    out.push({
      at: after.at,
      namespace: ref.namespace,
      workload: ref.workload,
      port: ref.port,
      from: a?.mode ?? null,
      to: b?.mode ?? null,
      dataplane: { from: a?.dataplane ?? null, to: b?.dataplane ?? null },
      regression: a?.mode === 'STRICT' && b?.mode !== 'STRICT',
      causes: causesOf(before, after, `${ref.namespace}/${ref.workload}`),
    });
  }
  return out;
}

function phaseTransitions(before: PostureDigest, after: PostureDigest): PhaseTransition[] {
  const was = new Map(before.summary.namespaces.map((n) => [n.name, n.phase]));
  const is = new Map(after.summary.namespaces.map((n) => [n.name, n.phase]));
  return [...new Set([...was.keys(), ...is.keys()])]
    .sort(byText)
    .flatMap((namespace) => (was.get(namespace) === is.get(namespace) ? [] : [{ namespace, from: was.get(namespace) ?? null, to: is.get(namespace) ?? null }]));
}

function rotations(before: PostureDigest, after: PostureDigest): CertificateRotation[] {
  const was = new Map(before.certificates.map((c) => [`${c.namespace}/${c.workload}`, c]));
  return after.certificates.flatMap((c) => {
    const prev = was.get(`${c.namespace}/${c.workload}`);
    return prev && prev.serial !== c.serial ? [{ namespace: c.namespace, workload: c.workload, previousSerial: prev.serial, serial: c.serial, notAfter: c.notAfter }] : [];
  });
}

const minus = (a: readonly OpenFinding[], b: readonly OpenFinding[]) => {
  const keys = new Set(b.map((f) => f.key));
  return a.filter((f) => !keys.has(f.key));
};

/**
 * The delta from `before` to `after`. With no `before` (the first posture of a source) nothing changed: the first
 * posture is the baseline, its findings open and its namespaces enter their phases then.
 */
export function diffPostures(before: PostureDigest | null, after: PostureDigest): PostureDelta {
  if (before === null) {
    return {
      at: after.at,
      changes: [],
      openedFindings: after.findings,
      closedFindings: [],
      phases: after.summary.namespaces.map((n) => ({ namespace: n.name, from: null, to: n.phase })),
      rotations: [],
      identical: false,
    };
  }
  const changes = portChanges(before, after);
  const openedFindings = minus(after.findings, before.findings);
  const closedFindings = minus(before.findings, after.findings);
  const phases = phaseTransitions(before, after);
  const rotated = rotations(before, after);
  const identical =
    changes.length + openedFindings.length + closedFindings.length + phases.length + rotated.length === 0 && stableJson(before.summary) === stableJson(after.summary);
  return { at: after.at, changes, openedFindings, closedFindings, phases, rotations: rotated, identical };
}
