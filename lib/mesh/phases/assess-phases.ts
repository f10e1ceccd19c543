// Places each namespace, and the mesh, in a migration phase 0–4: the highest phase whose items, and all
// earlier phases' items, passed. An unknown item blocks like a failed one: a phase is never claimed on missing data.
import { addCoverage, countModes, emptyCoverage } from '../coverage';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { MeshIndex } from '../mesh-index';
import type { Dataplane, MeshPosture, NamespacePosture, Phase, PhaseCheck } from '../model';
import { namespaceMtlsMode } from '../mtls/resolve-effective-mtls';
import { meshWideStrict, namespaceChecks } from './namespace-checks';

/** Namespaces of the platform itself, left out of the mesh phase. */
export const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

export function phaseFromChecks(checks: readonly PhaseCheck[]): Phase {
  let phase: Phase = 0;
  for (const p of [1, 2, 3, 4] as const) {
    if (checks.filter((c) => c.phase === p).every((c) => c.state === 'passed')) phase = p;
    else break;
  }
  return phase;
}

function dataplaneMode(workloads: readonly EvaluatedWorkload[]): Dataplane | 'mixed' | 'empty' {
  if (workloads.length === 0) return 'empty';
  const kinds = new Set(workloads.map((w) => w.dataplane));
  return kinds.size === 1 ? [...kinds][0]! : 'mixed';
}

export function assessNamespace(namespace: string, workloads: readonly EvaluatedWorkload[], index: MeshIndex): NamespacePosture {
  const checks = namespaceChecks({ namespace, workloads, index });
  return {
    name: namespace,
    coverage: countModes(workloads.map((w) => w.posture.mtls.mode)),
    portCoverage: countModes(workloads.flatMap((w) => Object.values(w.posture.mtls.ports))),
    phase: phaseFromChecks(checks),
    checks,
    namespaceMode: namespaceMtlsMode(namespace, index),
    dataplaneMode: dataplaneMode(workloads),
  };
}

/** Whether a namespace counts towards the mesh phase: it has workloads and is not the platform's or Istio's own. */
export function isApplicationNamespace(ns: NamespacePosture, index: MeshIndex): boolean {
  return ns.coverage.total > 0 && ns.name !== index.rootNamespace && !SYSTEM_NAMESPACES.has(ns.name);
}

/** The mesh's phase and coverage; every workload is in exactly one namespace posture, so its coverage is their sum. */
export function assessMesh(namespaces: readonly NamespacePosture[], index: MeshIndex): MeshPosture {
  const apps = namespaces.filter((ns) => isApplicationNamespace(ns, index));
  const below = (p: Phase) => apps.filter((ns) => ns.phase < p).map((ns) => `Namespace/${ns.name}`);
  const titles: Record<1 | 2 | 3 | 4, string> = {
    1: 'Every application namespace observed in the mesh (phase ≥ 1)',
    2: 'Every application namespace enforces STRICT (phase ≥ 2)',
    3: 'Every application namespace enforced: authorization and access logs (phase ≥ 3)',
    4: 'Every application namespace continuously refined (phase 4)',
  };
  const mesh = meshWideStrict(index);
  const checks: PhaseCheck[] = [];
  for (const p of [1, 2, 3, 4] as const) {
    const lagging = below(p);
    // A namespace held back only by unknown items makes the mesh item unknown, not failed.
    const unknown = apps.some((ns) => ns.phase < p && ns.checks.some((c) => c.phase <= p && c.state === 'unknown'));
    checks.push({
      id: `namespaces-phase-${p}`,
      phase: p,
      title: titles[p],
      state: lagging.length === 0 && apps.length > 0 ? 'passed' : unknown ? 'unknown' : 'failed',
      detail: apps.length === 0 ? 'no application namespace has workloads' : `${lagging.length} of ${apps.length} application namespaces are below phase ${p}`,
      objects: lagging.slice(0, 100),
    });
    if (p === 3) {
      checks.push({
        id: 'mesh-strict', phase: 3, title: 'Mesh-wide STRICT PeerAuthentication in the root namespace',
        state: index.snapshot.kinds.PeerAuthentication.status === 'ok' ? (mesh.state ? 'passed' : 'failed') : 'unknown',
        detail: mesh.policy ? `${mesh.policy} is ${mesh.state ? 'STRICT' : 'not STRICT'}` : `no mesh-level PeerAuthentication in ${index.rootNamespace}`,
        objects: mesh.policy ? [`PeerAuthentication/${mesh.policy}`] : [],
      });
    }
  }
  return {
    phase: phaseFromChecks(checks),
    checks,
    coverage: namespaces.reduce((sum, ns) => addCoverage(sum, ns.coverage), emptyCoverage()),
    portCoverage: namespaces.reduce((sum, ns) => addCoverage(sum, ns.portCoverage), emptyCoverage()),
    rootNamespace: index.rootNamespace,
    trustDomain: index.snapshot.meshConfig.trustDomain,
  };
}
