// The checklist of each migration phase for one namespace (ARCHITECTURE §3), from evidence the engine can see.
// Each item is passed, failed or unknown (its input could not be read); unknown never counts as passed.
import { nsName, objectId, workloadObjectId, type AuthorizationPolicy } from '@/lib/snapshot/types';
import { applicableAuthorizationPolicies } from '../authz';
import { isNamespaceEnrolled } from '../dataplane';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { MeshIndex } from '../mesh-index';
import type { PhaseCheck } from '../model';
import { namespaceLevels } from '../mtls/peer-authentication-levels';

const ENROLMENT_LABELS = ['istio-injection', 'istio.io/rev'] as const;

type Input = { readonly namespace: string; readonly workloads: readonly EvaluatedWorkload[]; readonly index: MeshIndex };

const podId = (w: EvaluatedWorkload) => workloadObjectId(w.pod);
const check = (c: PhaseCheck): PhaseCheck => c;

function kindState(index: MeshIndex, kind: 'AuthorizationPolicy' | 'PeerAuthentication' | 'Telemetry' | 'MeshConfig' | 'Pod'): 'ok' | string {
  const k = index.snapshot.kinds[kind];
  return k.status === 'ok' || (kind === 'MeshConfig' && k.status === 'absent') ? 'ok' : `${kind} could not be read (${k.status})`;
}

/** "1 of 3 workloads", "2 of 2 workloads", "1 of 1 workload": the noun agrees with the total. */
function ofWorkloads(part: number, total: number): string {
  return `${part} of ${total} ${total === 1 ? 'workload' : 'workloads'}`;
}

export function isEnrolled(namespace: string, index: MeshIndex): boolean {
  return isNamespaceEnrolled(index.namespaces.get(namespace));
}

/** The mesh-level PeerAuthentication in force is STRICT (root namespace, no selector, oldest wins). */
export function meshWideStrict(index: MeshIndex): { readonly state: boolean; readonly policy: string | null } {
  const mesh = namespaceLevels(index.rootNamespace, index).mesh.winner;
  return { state: mesh?.mode === 'STRICT', policy: mesh ? nsName(mesh.meta) : null };
}

export function accessLoggingOn(namespace: string, index: MeshIndex): { readonly on: boolean; readonly evidence: string[] } {
  const mc = index.snapshot.meshConfig;
  const evidence: string[] = [];
  if (mc.accessLogFile) evidence.push(`meshConfig.accessLogFile=${mc.accessLogFile}`);
  if (mc.defaultAccessLogProviders.length > 0) evidence.push(`meshConfig.defaultProviders.accessLogging=${mc.defaultAccessLogProviders.join(',')}`);
  for (const ns of new Set([index.rootNamespace, namespace])) {
    for (const t of index.telemetriesByNamespace.get(ns) ?? []) {
      // A namespace-wide Telemetry (no selector) turns logging on for every workload it covers.
      if (t.selector !== null) continue;
      const on = t.accessLogging.some((a) => !a.disabled && (a.providers.length > 0 || mc.defaultAccessLogProviders.length > 0));
      if (on) evidence.push(objectId('Telemetry', t.meta));
    }
  }
  return { on: evidence.length > 0, evidence };
}

/** An ALLOW rule is fine-grained when it names who may call: principals, namespaces or service accounts. */
function ruleNamesSource(rule: NonNullable<AuthorizationPolicy['rules']>[number]): boolean {
  return (rule.from ?? []).some((f) => (f.principals?.length ?? 0) > 0 || (f.namespaces?.length ?? 0) > 0 || (f.serviceAccounts?.length ?? 0) > 0);
}

/** The workload presents a SPIRE identity (label, injection template, or a trust domain istiod does not issue). */
export function isSpireIdentity(w: EvaluatedWorkload, index: MeshIndex): boolean {
  const { labels, annotations } = w.pod.meta;
  if (labels['spiffe.io/spire-managed-identity'] === 'true') return true;
  if ((annotations['inject.istio.io/templates'] ?? '').split(',').includes('spire')) return true;
  // istiod only issues identities in the mesh trust domain: another trust domain comes from an external CA such as SPIRE.
  const td = w.posture.certificate?.trustDomain;
  return td !== null && td !== undefined && td !== index.snapshot.meshConfig.trustDomain;
}

export function namespaceChecks({ namespace, workloads, index }: Input): PhaseCheck[] {
  const nsObj = `Namespace/${namespace}`;
  const enrolled = isEnrolled(namespace, index);
  const withoutDataplane = workloads.filter((w) => w.dataplane === 'none');
  // Items judged over every workload are unknown when the pods could not be read: no workloads would pass them vacuously.
  const pods = kindState(index, 'Pod');
  const overWorkloads = (state: string) => (pods === 'ok' ? state : pods);
  const modes = kindState(index, 'PeerAuthentication');
  const workloadModes = overWorkloads(modes);
  const notStrict = workloads.filter((w) => w.posture.mtls.mode !== 'STRICT');
  const portExceptions = workloads.flatMap((w) =>
    Object.entries(w.posture.mtls.ports).filter(([, m]) => m !== 'STRICT' && w.posture.mtls.mode === 'STRICT').map(([p, m]) => `${w.pod.meta.name}:${p} ${m}`),
  );
  const mesh = meshWideStrict(index);
  const authzState = overWorkloads(kindState(index, 'AuthorizationPolicy'));
  const uncovered = workloads.filter((w) => !w.posture.authz.policies.some((p) => p.action === 'ALLOW' && !p.dryRun));
  const logging = accessLoggingOn(namespace, index);
  const loggingState = kindState(index, 'Telemetry');
  const coarse: string[] = [];
  let usesCustom = false;
  for (const w of workloads) {
    const target = { pod: w.pod, dataplane: w.dataplane, isGateway: w.isGateway };
    for (const p of applicableAuthorizationPolicies(target, index)) {
      if (p.dryRun) continue;
      if (p.action === 'CUSTOM') usesCustom = true;
      if (p.action === 'ALLOW' && (p.rules ?? []).some((r) => !ruleNamesSource(r))) coarse.push(objectId('AuthorizationPolicy', p.meta));
    }
  }
  const spire = workloads.filter((w) => isSpireIdentity(w, index));
  const unknownOr = (state: string, passed: boolean) => (state === 'ok' ? (passed ? 'passed' : 'failed') : 'unknown');
  const list = (ws: readonly EvaluatedWorkload[]) => ws.slice(0, 50).map(podId);

  return [
    check({ id: 'enrolled', phase: 1, title: 'Namespace enrolled in the mesh (injection or ambient label)', state: enrolled ? 'passed' : 'failed',
      detail: enrolled ? 'istio-injection, istio.io/rev or istio.io/dataplane-mode=ambient is set' : `none of ${[...ENROLMENT_LABELS, 'istio.io/dataplane-mode=ambient'].join(', ')} is set`, objects: [nsObj] }),
    check({ id: 'dataplane-everywhere', phase: 1, title: 'Every workload has a sidecar or ztunnel', state: workloads.length > 0 && withoutDataplane.length === 0 ? 'passed' : 'failed',
      detail: workloads.length === 0 ? 'the namespace has no workloads' : `${ofWorkloads(withoutDataplane.length, workloads.length)} ${withoutDataplane.length === 1 ? 'has' : 'have'} no dataplane`, objects: list(withoutDataplane) }),
    check({ id: 'workloads-strict', phase: 2, title: 'Every workload enforces STRICT mTLS', state: unknownOr(workloadModes, notStrict.length === 0),
      detail: workloadModes === 'ok' ? `${ofWorkloads(notStrict.length, workloads.length)} ${notStrict.length === 1 ? 'is' : 'are'} not STRICT` : workloadModes, objects: list(notStrict) }),
    check({ id: 'port-exceptions', phase: 2, title: 'Port-level exceptions are known (allowed in phase 2, reported)', state: workloadModes === 'ok' ? 'passed' : 'unknown',
      detail: portExceptions.length === 0 ? 'no port accepts plaintext on a STRICT workload' : `ports accepting plaintext: ${portExceptions.slice(0, 20).join(', ')}`, objects: [] }),
    check({ id: 'mesh-strict', phase: 3, title: 'Mesh-wide STRICT PeerAuthentication in the root namespace', state: unknownOr(modes, mesh.state),
      detail: mesh.policy ? `${mesh.policy} is ${mesh.state ? 'STRICT' : 'not STRICT'}` : `no mesh-level PeerAuthentication in ${index.rootNamespace}`,
      objects: mesh.policy ? [`PeerAuthentication/${mesh.policy}`] : [] }),
    check({ id: 'authz-coverage', phase: 3, title: 'Every workload is selected by an ALLOW AuthorizationPolicy', state: unknownOr(authzState, workloads.length > 0 && uncovered.length === 0),
      detail: authzState === 'ok' ? `${ofWorkloads(uncovered.length, workloads.length)} ${uncovered.length === 1 ? 'has' : 'have'} no ALLOW policy (default allow)` : authzState, objects: list(uncovered) }),
    check({ id: 'access-logging', phase: 3, title: 'Access logging is on', state: unknownOr(loggingState, logging.on),
      detail: logging.on ? `enabled by ${logging.evidence.join(', ')}` : 'neither meshConfig nor a Telemetry resource enables access logs', objects: logging.evidence.filter((e) => e.startsWith('Telemetry/')) }),
    check({ id: 'fine-grained-authz', phase: 4, title: 'Every ALLOW rule names its callers (principals, namespaces or service accounts)', state: unknownOr(authzState, coarse.length === 0 && uncovered.length === 0),
      detail: coarse.length === 0 ? 'every ALLOW rule names source identities' : `${new Set(coarse).size === 1 ? '1 ALLOW policy has' : `${new Set(coarse).size} ALLOW policies have`} rules open to any caller`, objects: [...new Set(coarse)] }),
    check({ id: 'advanced-identity', phase: 4, title: 'External authorization (CUSTOM) or SPIRE identities in use', state: unknownOr(authzState, usesCustom || spire.length > 0),
      detail: usesCustom ? 'a CUSTOM (ext_authz) policy applies' : spire.length > 0 ? `${spire.length === 1 ? '1 workload presents' : `${spire.length} workloads present`} SPIRE identities` : 'no CUSTOM policy applies and no SPIRE identity is seen', objects: list(spire) }),
  ];
}
