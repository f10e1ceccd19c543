// Every port of a workload that accepts plaintext, and why, read from the engine's decision chain (§1.3).
import type { EffectiveMode, WorkloadPosture } from '@/lib/mesh/model';
import type { PlaintextPort } from './report-model';

function whyWorkloadMode(w: WorkloadPosture): string {
  const mtls = w.mtls;
  switch (mtls.mode) {
    case 'NONE':
      return 'no sidecar or ztunnel: nothing enforces mTLS, the pod accepts plaintext';
    case 'UNKNOWN':
      return `unknown: ${mtls.unknownReason ?? 'its PeerAuthentications could not be read'}`;
    case 'PERMISSIVE':
    case 'DISABLE':
    case 'STRICT': {
      const step = [...mtls.chain].reverse().find((s) => s.level !== 'port' && s.applied);
      if (!step || step.policy === null) return `${mtls.mode}: no PeerAuthentication sets a mode, Istio's default is PERMISSIVE`;
      const ambient = w.dataplane === 'ambient' && step.mode === 'DISABLE' ? ' (DISABLE is PERMISSIVE in ambient mode)' : '';
      return `${mtls.mode}: ${step.level}-level PeerAuthentication ${step.policy} sets ${step.mode}${ambient}`;
    }
  }
}

export function plaintextExposure(w: WorkloadPosture): PlaintextPort[] {
  const accepts = (m: EffectiveMode): m is Exclude<EffectiveMode, 'STRICT'> => m !== 'STRICT';
  const ports = Object.entries(w.mtls.ports);
  if (ports.length === 0) {
    return accepts(w.mtls.mode) ? [{ namespace: w.namespace, pod: w.pod, port: null, mode: w.mtls.mode, why: whyWorkloadMode(w) }] : [];
  }
  const out: PlaintextPort[] = [];
  for (const [key, mode] of ports) {
    if (!accepts(mode)) continue;
    const port = Number(key);
    const exception = w.mtls.chain.find((s) => s.level === 'port' && s.port === port && s.applied);
    const why =
      exception && mode === w.mtls.ports[key] && mode !== w.mtls.mode
        ? `port-level exception: ${exception.policy} sets port ${port} to ${exception.mode} while the workload is ${w.mtls.mode}`
        : whyWorkloadMode(w);
    out.push({ namespace: w.namespace, pod: w.pod, port, mode, why });
  }
  return out;
}
