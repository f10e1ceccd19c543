// Ports that accept plaintext only (MP108) and DISABLE policies on ambient workloads, where ztunnel ignores them (MP109).
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { Finding, MtlsChainStep } from '../model';
import { makeFinding, type FindingCheck, type FindingContext } from './context';
import { commands, sh } from './shell';
import { capped, describeGroup, groupWorkloads, listForMessage, podId } from './workload-groups';

const paObject = (policy: string) => `PeerAuthentication/${policy}`;

/** MP108: a sidecar workload's port whose effective mode is DISABLE (a DISABLE workload with no declared port counts as all ports). */
function plaintextAcceptedOnPort(ctx: FindingContext): Finding[] {
  const hasDisable = (w: EvaluatedWorkload) => w.posture.mtls.mode === 'DISABLE' || Object.values(w.posture.mtls.ports).includes('DISABLE');
  const sidecars = ctx.workloads.filter((w) => w.dataplane === 'sidecar' && !w.isGateway && hasDisable(w));
  const out: Finding[] = [];
  for (const group of groupWorkloads(sidecars)) {
    const ports = new Set<string>();
    const policies = new Set<string>();
    const pods: EvaluatedWorkload[] = [];
    for (const w of group.workloads) {
      const { mtls } = w.posture;
      const disabled = Object.entries(mtls.ports).filter(([, m]) => m === 'DISABLE').map(([p]) => p);
      if (disabled.length === 0 && mtls.mode !== 'DISABLE') continue;
      pods.push(w);
      if (disabled.length === 0) ports.add('all ports');
      for (const p of disabled) ports.add(p);
      // The policy behind each DISABLE: the port-level entry that set it, else the one that set the workload mode.
      for (const p of disabled) {
        const step = mtls.chain.find((s) => s.level === 'port' && s.port === Number(p) && s.applied);
        const policy = step?.policy ?? mtls.policy;
        if (policy) policies.add(policy);
      }
      if (disabled.length === 0 && mtls.policy) policies.add(mtls.policy);
    }
    if (pods.length === 0) continue;
    const first = pods[0]!;
    const portList = [...ports].sort((a, b) => Number(a) - Number(b));
    out.push(
      makeFinding('MP108', {
        objects: [...capped(pods.map(podId)), ...[...policies].sort().map(paObject)],
        namespace: group.namespace,
        message: `${describeGroup(group)} accepts plaintext only (DISABLE) on ${portList.join(', ')}${policies.size > 0 ? `, set by PeerAuthentication ${listForMessage([...policies].sort())}` : ''}`,
        verify: commands(sh`istioctl x describe pod ${first.pod.meta.name} -n ${first.pod.meta.namespace}`, sh`kubectl get peerauthentication -n ${group.namespace} -o yaml`),
      }),
    );
  }
  return out;
}

function describeStep(step: MtlsChainStep): string {
  return step.level === 'port' ? `portLevelMtls ${step.port ?? '?'}: DISABLE in ${step.policy ?? '?'}` : `${step.level}-level ${step.policy ?? '?'} DISABLE`;
}

/** MP109 (A-2): an ambient workload whose chain holds a DISABLE winner at any level, or a DISABLE port-level entry. */
function ambientDisableIgnored(ctx: FindingContext): Finding[] {
  const ambient = ctx.workloads.filter((w) => w.dataplane === 'ambient');
  const out: Finding[] = [];
  for (const group of groupWorkloads(ambient)) {
    const steps = new Map<string, MtlsChainStep>();
    const pods: EvaluatedWorkload[] = [];
    for (const w of group.workloads) {
      const disable = w.posture.mtls.chain.filter((s) => s.mode === 'DISABLE' && s.policy !== null);
      if (disable.length === 0) continue;
      pods.push(w);
      for (const s of disable) steps.set(describeStep(s), s);
    }
    if (pods.length === 0) continue;
    const policies = [...new Set([...steps.values()].map((s) => s.policy!))].sort();
    const first = pods[0]!;
    out.push(
      makeFinding('MP109', {
        objects: [...capped(pods.map(podId)), ...policies.map(paObject)],
        namespace: group.namespace,
        message: `${describeGroup(group)} is ambient, where DISABLE is not supported: ${listForMessage([...steps.keys()].sort())} has no effect, ztunnel keeps HBONE mTLS and treats it as PERMISSIVE`,
        verify: commands(...policies.map((p) => {
          const [ns = '', name = ''] = p.split('/');
          return sh`kubectl get peerauthentication ${name} -n ${ns} -o yaml`;
        }), sh`istioctl x describe pod ${first.pod.meta.name} -n ${first.pod.meta.namespace}`),
      }),
    );
  }
  return out;
}

export const mtlsModeChecks: readonly FindingCheck[] = [
  { code: 'MP108', requires: ['PeerAuthentication', 'Pod', 'Namespace'], run: plaintextAcceptedOnPort },
  { code: 'MP109', requires: ['PeerAuthentication', 'Pod', 'Namespace'], run: ambientDisableIgnored },
];
