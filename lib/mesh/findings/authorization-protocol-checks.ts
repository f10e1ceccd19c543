// Policies whose HTTP-only attributes cannot be evaluated where they are enforced: a sidecar TCP port (Z-11:
// MP302 DENY wider, MP303 ALLOW emptied) and ztunnel for an ambient workload without a waypoint (Z-15: MP310).
import { nsName, objectId, type AuthorizationPolicy, type AuthzRule } from '@/lib/snapshot/types';
import { HTTP_ONLY_OPERATION_FIELDS, HTTP_ONLY_SOURCE_FIELDS, isHttpOnlyConditionKey, ruleUsesHttpOnlyFields, ruleUsesZtunnelUnsupportedFields } from '../authz';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { Finding } from '../model';
import { portProtocol, servicesSelectingPod } from '../ports';
import { makeFinding, type FindingCheck, type FindingContext } from './context';
import { servedPorts } from './membership';
import { policiesOn, workloadsUnder } from './policy-attachment';
import { waypointForPod, waypointForService } from '../waypoint/resolve-waypoint';
import { commands, sh } from './shell';
import { capped, listForMessage, plural, podId } from './workload-groups';

const apId = (ap: AuthorizationPolicy) => objectId('AuthorizationPolicy', ap.meta);
const getAp = (ap: AuthorizationPolicy) => sh`kubectl get authorizationpolicy ${ap.meta.name} -n ${ap.meta.namespace} -o yaml`;

/** The HTTP-only attribute names a rule uses (Z-11), for messages. */
export function httpOnlyAttributes(rule: AuthzRule): string[] {
  const out = new Set<string>();
  for (const s of rule.from ?? []) for (const f of HTTP_ONLY_SOURCE_FIELDS) if ((s[f]?.length ?? 0) > 0) out.add(f);
  for (const o of rule.to ?? []) for (const f of HTTP_ONLY_OPERATION_FIELDS) if ((o[f]?.length ?? 0) > 0) out.add(f);
  for (const c of rule.when ?? []) if (isHttpOnlyConditionKey(c.key)) out.add(c.key);
  return [...out];
}

/**
 * Whether a rule could match connections to a container port, judging only by its port attributes (`ports`,
 * `notPorts`, `destination.port`), which are workload ports (Z-12) and survive on TCP. Used so that a rule written for
 * another port is not counted against this one.
 */
export function ruleCanMatchPort(rule: AuthzRule, port: number): boolean {
  const p = String(port);
  const toOk = rule.to === null || rule.to.some((o) => ((o.ports?.length ?? 0) === 0 || o.ports!.includes(p)) && !(o.notPorts ?? []).includes(p));
  const whenOk = (rule.when ?? []).every(
    (c) => c.key !== 'destination.port' || (((c.values?.length ?? 0) === 0 || c.values!.includes(p)) && !(c.notValues ?? []).includes(p)),
  );
  return toOk && whenOk;
}

interface TcpHit {
  readonly w: EvaluatedWorkload;
  readonly ports: number[];
}

/** Sidecar workloads (gateways aside) the policy applies to, with their TCP ports some of `rules` could match. */
function tcpPortsUnder(ctx: FindingContext, policy: AuthorizationPolicy, rules: readonly AuthzRule[]): TcpHit[] {
  const hits: TcpHit[] = [];
  for (const w of workloadsUnder(ctx, policy)) {
    if (w.dataplane !== 'sidecar' || w.isGateway) continue;
    const ports = servedPorts(ctx, w).filter((p) => portProtocol(w.pod, p, ctx.index) === 'tcp' && rules.some((r) => ruleCanMatchPort(r, p)));
    if (ports.length > 0) hits.push({ w, ports });
  }
  return hits;
}

function describeHits(hits: readonly TcpHit[]): string {
  const ports = [...new Set(hits.flatMap((h) => h.ports))].sort((a, b) => a - b);
  return `TCP port${ports.length === 1 ? '' : 's'} ${ports.join(', ')} of ${plural(hits.length, 'pod')} (${listForMessage(hits.map((h) => nsName(h.w.pod.meta)))})`;
}

function verifyTcp(ap: AuthorizationPolicy, hit: TcpHit): string[] {
  const port = hit.ports[0]!;
  return commands(getAp(ap), sh`istioctl x authz check ${hit.w.pod.meta.name} -n ${hit.w.pod.meta.namespace}`, sh`istioctl proxy-config listener ${hit.w.pod.meta.name} -n ${hit.w.pod.meta.namespace} --port ${port} -o json`);
}

/** MP302: an enforced DENY with HTTP-only attributes that applies to a TCP port its rules could match. */
function denyHttpFieldsOnTcp(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const ap of ctx.index.snapshot.authorizationPolicies) {
    if (ap.action !== 'DENY' || ap.dryRun) continue;
    const httpRules = (ap.rules ?? []).filter(ruleUsesHttpOnlyFields);
    if (httpRules.length === 0) continue;
    const hits = tcpPortsUnder(ctx, ap, httpRules);
    if (hits.length === 0) continue;
    const attrs = [...new Set(httpRules.flatMap(httpOnlyAttributes))].sort();
    out.push(
      makeFinding('MP302', {
        objects: [apId(ap), ...capped(hits.map((h) => podId(h.w)))],
        namespace: ap.meta.namespace,
        message: `DENY policy ${nsName(ap.meta)} uses HTTP-only attributes (${attrs.join(', ')}) and applies to ${describeHits(hits)}: on TCP those conditions are dropped and the rest of each rule kept, so it denies more than written`,
        verify: verifyTcp(ap, hits[0]!),
      }),
    );
  }
  return out;
}

/** MP303: an enforced ALLOW all of whose rules use HTTP-only attributes, applying to a TCP port one of them could match. */
function allowDroppedOnTcp(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const ap of ctx.index.snapshot.authorizationPolicies) {
    if (ap.action !== 'ALLOW' || ap.dryRun || !ap.rules || ap.rules.length === 0 || !ap.rules.every(ruleUsesHttpOnlyFields)) continue;
    const hits = tcpPortsUnder(ctx, ap, ap.rules);
    if (hits.length === 0) continue;
    // Other ALLOW policies on the same pod whose L4 rules survive on that port still let some connections in.
    const rescued = hits.some((h) =>
      policiesOn(ctx, h.w).some((o) => o !== ap && o.action === 'ALLOW' && !o.dryRun && (o.rules ?? []).some((r) => !ruleUsesHttpOnlyFields(r) && h.ports.some((p) => ruleCanMatchPort(r, p)))),
    );
    const attrs = [...new Set(ap.rules.flatMap(httpOnlyAttributes))].sort();
    out.push(
      makeFinding('MP303', {
        objects: [apId(ap), ...capped(hits.map((h) => podId(h.w)))],
        namespace: ap.meta.namespace,
        message:
          `ALLOW policy ${nsName(ap.meta)} uses HTTP-only attributes (${attrs.join(', ')}) in every rule and applies to ${describeHits(hits)}: on TCP every rule is dropped, ` +
          (rescued ? 'so it allows nothing there and only the L4 rules of other ALLOW policies let connections in' : 'so all TCP connections to those ports are denied'),
        verify: verifyTcp(ap, hits[0]!),
      }),
    );
  }
  return out;
}

/** Whether traffic into the pod passes a waypoint: its own binding (pod IP) or one of its Services'. */
function behindWaypoint(ctx: FindingContext, w: EvaluatedWorkload): boolean {
  return waypointForPod(w.pod, ctx.index).state === 'bound' || servicesSelectingPod(w.pod, ctx.index).some((s) => waypointForService(s, ctx.index).state === 'bound');
}

/**
 * MP310 (Z-15): an enforced ALLOW attached by selector, with an L7 attribute, applying to ambient workloads. ztunnel
 * enforces it and leaves those rules out; a waypoint does not help, since waypoints ignore selector policies (Z-3):
 * the policy must attach to the waypoint with targetRefs.
 */
function l7AllowWithoutWaypoint(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const ap of ctx.index.snapshot.authorizationPolicies) {
    if (ap.action !== 'ALLOW' || ap.dryRun || !(ap.rules ?? []).some(ruleUsesZtunnelUnsupportedFields)) continue;
    const pods = workloadsUnder(ctx, ap).filter((w) => w.dataplane === 'ambient');
    if (pods.length === 0) continue;
    const l7 = (ap.rules ?? []).filter(ruleUsesZtunnelUnsupportedFields).length;
    const first = pods[0]!;
    const withWaypoint = pods.filter((w) => behindWaypoint(ctx, w)).length;
    const gateways = ctx.index.snapshot.kinds.Gateway.status;
    const waypointNote =
      withWaypoint > 0
        ? `(${withWaypoint === pods.length ? 'all' : `${withWaypoint} of them`} behind a waypoint, which ignores policies attached by selector: attach it to the waypoint with targetRefs)`
        : gateways === 'ok' || gateways === 'absent'
          ? 'without a waypoint'
          : '(Gateways could not be read; a waypoint, if any, ignores policies attached by selector)';
    out.push(
      makeFinding('MP310', {
        objects: [apId(ap), ...capped(pods.map(podId))],
        namespace: ap.meta.namespace,
        message:
          `ALLOW policy ${nsName(ap.meta)} has ${plural(l7, 'rule')} with L7 attributes and applies by selector to ${plural(pods.length, 'ambient pod')} ${waypointNote} ` +
          `(${listForMessage(pods.map((w) => nsName(w.pod.meta)))}): ztunnel leaves those rules out, so the traffic they allow is denied`,
        verify: commands(getAp(ap), sh`istioctl ztunnel-config workloads`, sh`kubectl get pod ${first.pod.meta.name} -n ${first.pod.meta.namespace} --show-labels`),
      }),
    );
  }
  return out;
}

export const authorizationProtocolChecks: readonly FindingCheck[] = [
  { code: 'MP302', requires: ['AuthorizationPolicy', 'Pod', 'Namespace', 'Service'], run: denyHttpFieldsOnTcp },
  { code: 'MP303', requires: ['AuthorizationPolicy', 'Pod', 'Namespace', 'Service'], run: allowDroppedOnTcp },
  { code: 'MP310', requires: ['AuthorizationPolicy', 'Pod', 'Namespace', 'Service'], run: l7AllowWithoutWaypoint },
];
