// The engine's entry point: a pure function from one snapshot and a `now` to the whole PostureModel.
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { evaluateWorkloads, type EvaluatedWorkload } from './evaluate-workloads';
import { computeFindings } from './findings';
import { computationContext } from './findings/context';
import { buildMeshIndex, type MeshIndex } from './mesh-index';
import type { CertificatePosture, Finding, NamespacePosture, PostureModel } from './model';
import { assessMesh, assessNamespace } from './phases/assess-phases';

export interface ComputeOptions {
  /** RFC 3339; certificates and JWTs are judged against it. */
  readonly now: string;
}

/** The intermediate results, for callers (can-i, the server) that need the pods behind the verdicts. */
export interface PostureComputation {
  readonly index: MeshIndex;
  readonly workloads: readonly EvaluatedWorkload[];
  readonly model: PostureModel;
}

export function computePostureDetailed(snapshot: MeshSnapshot, options: ComputeOptions): PostureComputation {
  const index = buildMeshIndex(snapshot);
  const workloads = evaluateWorkloads(index, options.now);
  const byNamespace = new Map<string, EvaluatedWorkload[]>(index.namespaceNames.map((ns) => [ns, []]));
  for (const w of workloads) byNamespace.get(w.pod.meta.namespace)?.push(w);
  const namespaces = [...byNamespace].map(([ns, ws]) => assessNamespace(ns, ws, index));
  const findings = computeFindings(computationContext(index, workloads, namespaces, options.now));
  return { index, workloads, model: postureModel(index, workloads, namespaces, findings, options.now) };
}

/** The PostureModel of evaluated workloads, their namespaces' postures and the findings (both computation paths). */
export function postureModel(index: MeshIndex, workloads: readonly EvaluatedWorkload[], namespaces: NamespacePosture[], findings: Finding[], now: string): PostureModel {
  const certificates: CertificatePosture[] = [];
  for (const w of workloads) if (w.posture.certificate) certificates.push(w.posture.certificate);
  return {
    source: index.snapshot.source,
    now,
    mesh: assessMesh(namespaces, index),
    namespaces,
    workloads: workloads.map((w) => w.posture),
    findings,
    certificates,
  };
}

export function computePosture(snapshot: MeshSnapshot, options: ComputeOptions): PostureModel {
  return computePostureDetailed(snapshot, options).model;
}
