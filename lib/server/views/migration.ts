import 'server-only';
// Builds the migration board from the engine's phases (lib/mesh/phases): each namespace's card carries the failed or
// unknown items of its next phase; columns are capped, or one column is paged, so the response stays small at
// 1,000 namespaces. Nothing here decides a phase: it groups and orders the engine's verdicts.
import { pageOf } from '@/lib/api/paging';
import { CARDS_PER_COLUMN, COLUMN_PAGE_SIZE, parseMigrationFilters, type BlockerCountDto, type MigrationCardDto, type MigrationView } from '@/lib/api/views/migration';
import { PHASES } from '@/lib/mesh/model';
import { isApplicationNamespace } from '@/lib/mesh/phases/assess-phases';
import type { PostureState } from '../posture-store';
import { toPhaseCheckDto } from './namespace';
import { modelForViews, preparedTraffic, toEvidenceDto, type PreparedTrafficView } from './traffic-brief';

/** Objects listed per blocker on a card; the namespace page lists up to the engine's own cap. */
const OBJECTS_PER_BLOCKER = 5;
const OBJECTS_PER_MESH_CHECK = 20;

/** Closest to advancing first (fewest blockers), then the namespaces with most workloads, then by name. */
function byReadiness(a: MigrationCardDto, b: MigrationCardDto): number {
  return a.blockers.length - b.blockers.length || b.workloads - a.workloads || a.namespace.localeCompare(b.namespace);
}

export function buildMigrationView(state: PostureState, params: URLSearchParams): MigrationView {
  const filters = parseMigrationFilters(params);
  const { index } = state.computation;
  // With observed traffic, phase 2's checklist holds `strict-evidence` (lib/mesh/traffic/evidence.ts).
  const model = modelForViews(state);
  const traffic = preparedTraffic(state);
  const needle = filters.namespace.toLowerCase();

  const cards: MigrationCardDto[] = model.namespaces
    .filter((ns) => !needle || ns.name.toLowerCase().includes(needle))
    .map((ns) => {
      const nextPhase = ns.phase < 4 ? ns.phase + 1 : null;
      return {
        namespace: ns.name,
        phase: ns.phase,
        workloads: ns.coverage.total,
        strictWorkloads: ns.coverage.strict,
        dataplane: ns.dataplaneMode,
        countsTowardMeshPhase: isApplicationNamespace(ns, index),
        nextPhase,
        blockers: nextPhase === null ? [] : ns.checks.filter((c) => c.phase === nextPhase && c.state !== 'passed').map((c) => toPhaseCheckDto(c, nextPhase, OBJECTS_PER_BLOCKER)),
        evidence: evidenceOf(traffic, ns.name),
      };
    });

  const counts = new Map<string, BlockerCountDto>();
  for (const card of cards) {
    for (const b of card.blockers) {
      const prev = counts.get(b.id);
      counts.set(b.id, { id: b.id, phase: b.phase, title: b.title, namespaces: (prev?.namespaces ?? 0) + 1 });
    }
  }
  const blockerCounts = [...counts.values()].sort((a, b) => b.namespaces - a.namespaces || a.phase - b.phase || a.id.localeCompare(b.id));

  const matching = filters.blocker ? cards.filter((c) => c.blockers.some((b) => b.id === filters.blocker)) : cards;
  const columns = PHASES.map((phase) => {
    const inPhase = matching.filter((c) => c.phase === phase).sort(byReadiness);
    if (filters.phase === null) return { phase, cards: pageOf(inPhase, 1, CARDS_PER_COLUMN) };
    if (filters.phase === phase) return { phase, cards: pageOf(inPhase, filters.page, COLUMN_PAGE_SIZE) };
    // Another column is focused: this one only reports its count.
    return { phase, cards: { rows: [], total: inPhase.length, page: 1, pageSize: COLUMN_PAGE_SIZE } };
  });

  const meshNext = model.mesh.phase + 1;
  return {
    meshPhase: model.mesh.phase,
    meshChecks: model.mesh.checks.map((c) => toPhaseCheckDto(c, meshNext, OBJECTS_PER_MESH_CHECK)),
    columns,
    blockerCounts,
    matching: matching.length,
    namespacesTotal: model.namespaces.length,
    traffic: traffic?.brief ?? null,
  };
}

function evidenceOf(traffic: PreparedTrafficView | null, namespace: string): MigrationCardDto['evidence'] {
  const readiness = traffic?.namespaces.get(namespace);
  return readiness ? toEvidenceDto(readiness) : null;
}
