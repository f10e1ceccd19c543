// Waypoint findings (MP312–MP316): L7 policies that nothing enforces, destination policies that shut the waypoint
// out, targetRefs to missing objects, use-waypoint labels that bind no waypoint, and waypoint policies that sidecar
// clients skip (istio/istio#51445). Sources:
// istio.io latest/docs/ambient/usage/waypoint/, latest/docs/ambient/usage/l4-policy/ ("Authorization policy
// attachment"), istio/istio pilot/pkg/serviceregistry/kube/controller/ambient/waypoints.go.
// These read objects across namespaces (a waypoint serves other namespaces), so their scope is global.
import { nsName, objectId, type PolicyTargetRef } from '@/lib/snapshot/types';
import { evaluateAuthorization } from '../authz';
import type { Finding } from '../model';
import { containerPortFor } from '../ports';
import { findGateway, waypointForPod, waypointForService, waypointPrincipals, type WaypointBinding } from '../waypoint/resolve-waypoint';
import { waypointAuthorizationPolicies } from '../waypoint/waypoint-policies';
import { makeFinding, workloadsInNamespace, type FindingCheck, type FindingContext } from './context';
import { commands, sh } from './shell';
import { listForMessage, plural } from './workload-groups';

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
const isServiceRef = (ref: PolicyTargetRef): boolean => (ref.group === '' || ref.group === 'core') && ref.kind === 'Service';
const isGatewayRef = (ref: PolicyTargetRef): boolean => (ref.group === '' || ref.group === GATEWAY_API_GROUP) && ref.kind === 'Gateway';

function bindingText(b: WaypointBinding): string {
  switch (b.state) {
    case 'none':
      return 'neither it nor its namespace has an istio.io/use-waypoint label';
    case 'opted-out':
      return `${b.labelledOn} opts out (istio.io/use-waypoint: none)`;
    case 'unresolved':
      return b.reason;
    case 'bound':
      return `it uses waypoint ${b.waypoint.namespace}/${b.waypoint.name}`;
  }
}

/** MP312: a targetRef to an existing Service that no waypoint serves. */
function policyServiceNotServed(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const ap of ctx.index.snapshot.authorizationPolicies) {
    for (const ref of ap.targetRefs.filter(isServiceRef)) {
      const ns = ref.namespace ?? ap.meta.namespace;
      if (ns !== ap.meta.namespace) continue;
      const service = (ctx.index.servicesByNamespace.get(ns) ?? []).find((s) => s.meta.name === ref.name);
      if (!service) continue; // MP314
      const binding = waypointForService(service, ctx.index);
      if (binding.state === 'bound') continue;
      out.push(
        makeFinding('MP312', {
          objects: [objectId('AuthorizationPolicy', ap.meta), objectId('Service', service.meta)],
          namespace: ns,
          message: `AuthorizationPolicy ${nsName(ap.meta)} targets Service ${nsName(service.meta)}, but no waypoint serves it (${bindingText(binding)}): the policy has no effect`,
          verify: commands(sh`istioctl ztunnel-config service --service-namespace ${ns}`, sh`kubectl get service ${service.meta.name} -n ${ns} --show-labels`),
        }),
      );
    }
  }
  return out;
}

/** MP313: a Service bound to a waypoint whose ambient pods' destination (L4) policies deny the waypoint's identity. */
function destinationPolicyDeniesWaypoint(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  const td = ctx.index.snapshot.meshConfig.trustDomain;
  for (const [ns, services] of ctx.index.servicesByNamespace) {
    for (const service of services) {
      const binding = waypointForService(service, ctx.index);
      if (binding.state !== 'bound' || service.selector === null) continue;
      const principal = waypointPrincipals(binding.waypoint, td)[0] ?? null;
      const denied = new Map<string, Set<string>>();
      for (const w of workloadsInNamespace(ctx, ns)) {
        if (w.dataplane !== 'ambient' || !Object.entries(service.selector).every(([k, v]) => w.pod.meta.labels[k] === v)) continue;
        for (const sp of service.ports) {
          const port = containerPortFor(sp, w.pod);
          if (port === null) continue;
          const d = evaluateAuthorization({ pod: w.pod, dataplane: 'ambient', isGateway: false }, { protocol: 'tcp', port, mtls: true, sourcePrincipal: principal, headers: {}, jwt: { state: 'none' }, now: ctx.now }, ctx.index);
          if (d.outcome !== 'denied' || d.policies.length === 0) continue;
          const key = d.policies.join(',');
          const pods = denied.get(key) ?? new Set<string>();
          pods.add(w.pod.meta.name);
          denied.set(key, pods);
        }
      }
      for (const [key, pods] of denied) {
        const policies = key.split(',');
        out.push(
          makeFinding('MP313', {
            objects: [...policies.map((p) => `AuthorizationPolicy/${p}`), objectId('Service', service.meta)],
            namespace: ns,
            message:
              `Service ${nsName(service.meta)} uses waypoint ${binding.waypoint.namespace}/${binding.waypoint.name}, whose identity ${principal ?? '(none)'} is what ztunnel sees on ${plural(pods.size, 'pod')} ` +
              `(${listForMessage([...pods].sort())}); ${listForMessage(policies)} deny${policies.length === 1 ? 'ies' : ''} it, so every request through the waypoint fails. Allow the waypoint's identity, or move the rule to the waypoint (targetRefs)`,
            verify: commands(sh`istioctl ztunnel-config workload --workload-namespace ${ns}`, sh`kubectl get authorizationpolicy -n ${ns}`),
          }),
        );
      }
    }
  }
  return out;
}

/** MP314: targetRefs naming a Gateway or Service that is not in the snapshot. */
function targetRefMissing(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const ap of ctx.index.snapshot.authorizationPolicies) {
    const missing = ap.targetRefs.filter((ref) => {
      const ns = ref.namespace ?? ap.meta.namespace;
      if (isGatewayRef(ref)) return findGateway(ctx.index, ns, ref.name) === undefined;
      if (isServiceRef(ref)) return !(ctx.index.servicesByNamespace.get(ns) ?? []).some((s) => s.meta.name === ref.name);
      return false;
    });
    if (missing.length === 0) continue;
    out.push(
      makeFinding('MP314', {
        objects: [objectId('AuthorizationPolicy', ap.meta)],
        namespace: ap.meta.namespace,
        message: `AuthorizationPolicy ${nsName(ap.meta)} targets ${listForMessage(missing.map((r) => `${r.kind} ${r.namespace ?? ap.meta.namespace}/${r.name}`))}, which ${missing.length === 1 ? 'does' : 'do'} not exist: the policy is enforced nowhere for ${missing.length === 1 ? 'it' : 'them'}`,
        verify: commands(sh`kubectl get gateways.gateway.networking.k8s.io,services -n ${ap.meta.namespace}`),
      }),
    );
  }
  return out;
}

/** MP315: an istio.io/use-waypoint label (on a Service, its namespace, or a pod) that binds no waypoint. */
function useWaypointUnresolved(ctx: FindingContext): Finding[] {
  const byLabel = new Map<string, { ns: string; reason: string; affected: string[] }>();
  const note = (b: WaypointBinding, ns: string, affected: string) => {
    if (b.state !== 'unresolved') return;
    const entry = byLabel.get(b.labelledOn) ?? { ns, reason: b.reason, affected: [] };
    entry.affected.push(affected);
    byLabel.set(b.labelledOn, entry);
  };
  for (const [ns, services] of ctx.index.servicesByNamespace) for (const s of services) note(waypointForService(s, ctx.index), ns, objectId('Service', s.meta));
  // Workload traffic: only a pod's own label is reported (a namespace waypoint for services is the documented default).
  for (const [ns, pods] of ctx.index.podsByNamespace) {
    for (const p of pods) {
      if (p.meta.labels['istio.io/use-waypoint'] === undefined) continue;
      note(waypointForPod(p, ctx.index), ns, objectId('Pod', p.meta));
    }
  }
  return [...byLabel].map(([labelledOn, e]) =>
    makeFinding('MP315', {
      objects: [labelledOn, ...e.affected.filter((a) => a !== labelledOn)],
      namespace: e.ns,
      message: `${e.reason}; traffic to ${listForMessage(e.affected)} goes straight to the destination`,
      verify: commands(sh`kubectl get gateways.gateway.networking.k8s.io -A`, sh`istioctl ztunnel-config service --service-namespace ${e.ns}`),
    }),
  );
}

/**
 * MP316: a Service whose waypoint enforces policies while sidecar workloads are in the mesh. Sidecars send straight to
 * the destination's ztunnel and skip the waypoint (istio/istio#51445, the open sidecar → waypoint interop issue;
 * #57729 describes today's behaviour), so for them only the destination's L4 (selector) policies apply.
 */
function waypointSkippedBySidecars(ctx: FindingContext): Finding[] {
  const sidecars = ctx.workloads.filter((w) => w.dataplane === 'sidecar' && !w.isGateway);
  if (sidecars.length === 0) return [];
  const examples = listForMessage(sidecars.slice(0, 3).map((w) => nsName(w.pod.meta)));
  const out: Finding[] = [];
  for (const [ns, services] of ctx.index.servicesByNamespace) {
    for (const service of services) {
      const binding = waypointForService(service, ctx.index);
      if (binding.state !== 'bound') continue;
      const policies = waypointAuthorizationPolicies(binding.waypoint, service, ctx.index).filter((p) => !p.dryRun);
      if (policies.length === 0) continue;
      out.push(
        makeFinding('MP316', {
          objects: [objectId('Service', service.meta), ...policies.map((p) => objectId('AuthorizationPolicy', p.meta))],
          namespace: ns,
          message:
            `Service ${nsName(service.meta)} relies on waypoint ${binding.waypoint.namespace}/${binding.waypoint.name} to enforce ${listForMessage(policies.map((p) => nsName(p.meta)))}, ` +
            `but ${plural(sidecars.length, 'sidecar pod')} in the mesh (${examples}${sidecars.length > 3 ? ', …' : ''}) skip the waypoint: sidecars send straight to the destination, ` +
            'where only its L4 (selector) policies apply. Restrict them there, or move those clients to ambient',
          verify: commands(sh`istioctl ztunnel-config service --service-namespace ${ns}`, sh`kubectl get pods -A -l security.istio.io/tlsMode=istio -o name`),
        }),
      );
    }
  }
  return out;
}

const WAYPOINT_INPUTS = ['AuthorizationPolicy', 'Service', 'Namespace', 'Gateway'] as const;

export const waypointChecks: readonly FindingCheck[] = [
  { code: 'MP312', requires: [...WAYPOINT_INPUTS], run: policyServiceNotServed },
  { code: 'MP313', requires: [...WAYPOINT_INPUTS, 'Pod'], run: destinationPolicyDeniesWaypoint },
  { code: 'MP314', requires: ['AuthorizationPolicy', 'Service', 'Gateway'], run: targetRefMissing },
  { code: 'MP315', requires: ['Service', 'Namespace', 'Gateway', 'Pod'], run: useWaypointUnresolved },
  { code: 'MP316', requires: [...WAYPOINT_INPUTS, 'Pod'], run: waypointSkippedBySidecars },
];
