// Which inputs each finding check's output depends on, so that only the findings of dirty namespaces are recomputed.
// Read from the checks in ../findings (keep this table in step when a check is added: an unlisted code is global,
// which is always right, only slower).
import type { FindingCode } from '../findings';

/**
 * - 'workload': driven by the workloads (or namespace postures) of one namespace; a finding in namespace N depends
 *   on N's objects, the root namespace and the mesh config only. The plaintext-client checks (MP105, MP106) also
 *   read pods elsewhere whose env names N's Services: the caller widens the dirty set and adds those clients.
 * - 'policy': driven by each policy; a finding of a policy in N ≠ root depends on N (+ root, mesh config), but a
 *   root-namespace policy applies to every namespace (PA-1, Z-1, J-1), so its findings depend on every pod.
 * - 'destination-rule': a rule in force for a Service (MP201–MP203) depends on the rules, the Service's namespace and
 *   the sidecar clients that witness it, looked for in a fixed order of namespaces (./destination-rule-reach).
 * - 'global': depends on objects of any namespace (roots held mesh-wide).
 */
export type FindingScope = 'workload' | 'policy' | 'destination-rule' | 'global';

const SCOPES: Readonly<Partial<Record<FindingCode, FindingScope>>> = {
  MP101: 'workload',
  MP102: 'policy',
  MP103: 'policy',
  MP104: 'policy',
  MP105: 'workload',
  MP106: 'workload',
  MP107: 'workload',
  MP108: 'workload',
  MP109: 'workload',
  MP110: 'policy',
  MP201: 'destination-rule',
  MP202: 'destination-rule',
  MP203: 'destination-rule',
  MP204: 'policy',
  MP301: 'policy',
  MP302: 'policy',
  MP303: 'policy',
  MP304: 'policy',
  MP305: 'policy',
  MP306: 'policy',
  MP307: 'workload',
  MP308: 'workload',
  MP309: 'policy',
  MP310: 'policy',
  MP311: 'policy',
  MP401: 'policy',
  MP402: 'policy',
  MP501: 'workload',
  MP502: 'workload',
  MP503: 'global',
  MP504: 'workload',
  MP505: 'workload',
};

/** A Map: looked up for every finding of every event. */
const BY_CODE: ReadonlyMap<string, FindingScope> = new Map(Object.entries(SCOPES).flatMap(([code, scope]) => (scope ? [[code, scope] as const] : [])));

export function findingScope(code: FindingCode): FindingScope {
  return BY_CODE.get(code) ?? 'global';
}
