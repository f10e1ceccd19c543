import 'server-only';
// Observed traffic for the synchronous views (overview, namespace, migration board, pod, topology): the model the
// traffic store prepared for this posture, never waited for. Lookups by namespace and workload are built once per model.
import type { TrafficBriefDto, TrafficEvidenceDto } from '@/lib/api/views/traffic';
import type { PostureModel } from '@/lib/mesh/model';
import { applyTrafficEvidence, type NamespaceReadiness, type ObservedWorkload, type TrafficContradiction, type TrafficModel } from '@/lib/mesh/traffic';
import type { PostureState } from '../posture-store';
import { peekTrafficModel } from '../traffic-store';

export interface PreparedTrafficView {
  readonly brief: TrafficBriefDto;
  readonly model: TrafficModel;
  readonly namespaces: ReadonlyMap<string, NamespaceReadiness>;
  /** `ns/workload` (Istio's workload name) → what was observed into it. */
  readonly workloads: ReadonlyMap<string, ObservedWorkload>;
  /** Namespace → its observed workloads, in the model's order. */
  readonly workloadsByNamespace: ReadonlyMap<string, readonly ObservedWorkload[]>;
  /** `ns/workload` → the contradictions about it. */
  readonly contradictionsByWorkload: ReadonlyMap<string, readonly TrafficContradiction[]>;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

type Lookups = Pick<PreparedTrafficView, 'namespaces' | 'workloads' | 'workloadsByNamespace' | 'contradictionsByWorkload'>;
const LOOKUPS = new WeakMap<TrafficModel, Lookups>();

function lookupsOf(model: TrafficModel): Lookups {
  return {
    namespaces: new Map(model.namespaces.map((n) => [n.namespace, n])),
    workloads: new Map(model.workloads.map((w) => [`${w.namespace}/${w.workload}`, w])),
    workloadsByNamespace: groupBy(model.workloads, (w) => w.namespace),
    contradictionsByWorkload: groupBy(model.contradictions, (c) => `${c.namespace}/${c.workload}`),
  };
}

/** The prepared traffic of this posture (or, while it is being prepared, of the one before); null before the first. */
export function preparedTraffic(state: PostureState): PreparedTrafficView | null {
  const prepared = peekTrafficModel(state.computation);
  if (!prepared) return null;
  const { model } = prepared;
  let lookups = LOOKUPS.get(model);
  if (!lookups) LOOKUPS.set(model, (lookups = lookupsOf(model)));
  return {
    brief: { status: model.status, reason: model.reason, window: { start: model.window.start, end: model.window.end }, evidenceDays: model.evidenceDays, current: prepared.current },
    model,
    ...lookups,
  };
}

export function toEvidenceDto(n: NamespaceReadiness): TrafficEvidenceDto {
  return { namespace: n.namespace, strictReadiness: n.strictReadiness, reason: n.reason, plaintextFreeSince: n.plaintextFreeSince, blockingSources: n.blockingSources };
}

const WITH_EVIDENCE = new WeakMap<PostureModel, { readonly traffic: TrafficModel; readonly model: PostureModel }>();

/**
 * The posture model the views show: with prepared traffic, the engine's model with its evidence applied (the
 * `strict-evidence` item of phase 2 on the board and the namespace page, MP106 only where traffic agrees; the same
 * rule as `mesh-posture report --prometheus`), worked out once per posture and traffic model.
 */
export function modelForViews(state: PostureState): PostureModel {
  const model = state.computation.model;
  const traffic = preparedTraffic(state)?.model;
  if (!traffic) return model;
  const cached = WITH_EVIDENCE.get(model);
  if (cached && cached.traffic === traffic) return cached.model;
  const applied = applyTrafficEvidence(model, traffic);
  WITH_EVIDENCE.set(model, { traffic, model: applied });
  return applied;
}
