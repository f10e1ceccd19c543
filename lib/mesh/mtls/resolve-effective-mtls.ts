// The effective inbound mTLS mode of a workload and of each of its ports (istio-semantics §1.3, §1.4, §2.3).
import type { MtlsMode, Pod } from '@/lib/snapshot/types';
import { nsName } from '@/lib/snapshot/types';
import type { MeshIndex } from '../mesh-index';
import type { Dataplane, EffectiveMode, MtlsChainStep, WorkloadMtls } from '../model';
import { ignoredPeerAuthentications, namespaceLevels, peerAuthenticationLevels } from './peer-authentication-levels';

const PROXY_CONTAINER = 'istio-proxy';

/** Declared container ports of the application containers (the proxy's own ports are not workload ports). */
export function workloadPorts(pod: Pod): number[] {
  const ports = new Set<number>();
  for (const c of [...pod.containers, ...pod.initContainers]) {
    if (c.name === PROXY_CONTAINER) continue;
    for (const p of c.ports) ports.add(p.containerPort);
  }
  return [...ports].sort((a, b) => a - b);
}

/** A-2: ambient does not support DISABLE; ztunnel treats it as PERMISSIVE (mesh traffic stays HBONE). */
function forDataplane(mode: MtlsMode, dataplane: Dataplane): EffectiveMode {
  if (dataplane === 'none') return 'NONE';
  if (mode === 'UNSET') return 'PERMISSIVE';
  if (dataplane === 'ambient' && mode === 'DISABLE') return 'PERMISSIVE';
  return mode;
}

export function resolveEffectiveMtls(pod: Pod, dataplane: Dataplane, index: MeshIndex): WorkloadMtls {
  const levels = peerAuthenticationLevels(pod, index);
  const chain: MtlsChainStep[] = [{ level: 'default', policy: null, mode: 'PERMISSIVE', applied: true }];
  // §1.3 steps 1-4: start PERMISSIVE; each level with a mode other than UNSET replaces it.
  let mode: MtlsMode = 'PERMISSIVE';
  let policy: string | null = null;
  for (const level of ['mesh', 'namespace', 'workload'] as const) {
    const winner = levels[level].winner;
    if (!winner) continue;
    const applied = winner.mode !== 'UNSET';
    chain.push({ level, policy: nsName(winner.meta), mode: winner.mode, applied });
    if (applied) {
      mode = winner.mode;
      policy = nsName(winner.meta);
    }
  }
  // §1.3 step 5 / PA-8: only the winning workload policy's portLevelMtls counts; keys are container ports.
  const portModes = new Map<number, MtlsMode>();
  for (const port of workloadPorts(pod)) portModes.set(port, mode);
  const portLevel = levels.workload.winner?.portLevelMtls ?? null;
  const portPolicy = levels.workload.winner ? nsName(levels.workload.winner.meta) : null;
  if (portLevel) {
    for (const [key, portMode] of Object.entries(portLevel)) {
      const port = Number(key);
      const applied = portMode !== 'UNSET';
      chain.push({ level: 'port', policy: portPolicy, mode: portMode, port, applied });
      portModes.set(port, applied ? portMode : mode);
    }
  }
  // Ports named by other (shadowed) workload policies are listed with the mode they really get.
  for (const pa of levels.workload.shadowed) {
    for (const key of Object.keys(pa.portLevelMtls ?? {})) if (!portModes.has(Number(key))) portModes.set(Number(key), mode);
  }

  const status = index.snapshot.kinds.PeerAuthentication;
  const unknown = status.status !== 'ok' && dataplane !== 'none';
  const ports: Record<string, EffectiveMode> = {};
  for (const [port, m] of [...portModes].sort((a, b) => a[0] - b[0])) ports[String(port)] = unknown ? 'UNKNOWN' : forDataplane(m, dataplane);
  return {
    mode: unknown ? 'UNKNOWN' : forDataplane(mode, dataplane),
    ports,
    // Without a proxy no PeerAuthentication is enforced on this pod, whatever would select it.
    policy: dataplane === 'none' ? null : policy,
    chain,
    ignored: ignoredPeerAuthentications(levels),
    ...(unknown ? { unknownReason: `PeerAuthentication could not be read (${status.status}${status.reason ? `: ${status.reason}` : ''})` } : {}),
  };
}

/**
 * The namespace-level mode istiod uses to infer what clients send (§1.3 last bullet, C-2): the namespace policy,
 * UNSET inheriting the mesh policy; a mesh policy UNSET counts as PERMISSIVE; with neither, UNKNOWN.
 */
export function namespaceMtlsMode(namespace: string, index: MeshIndex): MtlsMode | 'UNKNOWN' {
  const { mesh, namespace: ns } = namespaceLevels(namespace, index);
  const meshMode: MtlsMode | 'UNKNOWN' = mesh.winner ? (mesh.winner.mode === 'UNSET' ? 'PERMISSIVE' : mesh.winner.mode) : 'UNKNOWN';
  if (ns.winner && ns.winner.mode !== 'UNSET') return ns.winner.mode;
  if (ns.winner) return meshMode === 'UNKNOWN' ? 'PERMISSIVE' : meshMode;
  return meshMode;
}
