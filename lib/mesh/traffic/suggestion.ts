// The least-privilege suggestion for one workload: an ALLOW AuthorizationPolicy listing the principals observed over
// mTLS (read-only YAML to copy, never applied), then simulated by the engine's own authorization evaluator
// (istio-semantics Z-4) against every observed client: which it keeps, and which it would deny. Plaintext senders
// present no principal, so an ALLOW on principals denies them (istio.io concepts/security "Authorization policies":
// `principals` need mTLS). Principals come from Prometheus labels (hostile): only well-formed SPIFFE identities are
// written into the YAML; the others are listed as denied.
import type { AuthorizationPolicy } from '@/lib/snapshot/types';
import { authorizationEvaluatorWithPolicies, type AuthzDecision } from '../authz';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { MeshIndex } from '../mesh-index';
import type { ObservedClient, SuggestedPolicy } from './traffic-model';

const PRINCIPAL = /^[A-Za-z0-9]([-A-Za-z0-9.]{0,251}[A-Za-z0-9])?\/ns\/[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\/sa\/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** Labels a controller sets per revision or per pod: a selector on them would miss the next rollout. */
const VOLATILE_LABELS = new Set(['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'security.istio.io/tlsMode', 'service.istio.io/canonical-revision']);

const PLAIN_SCALAR = /^[A-Za-z][A-Za-z0-9._/-]*$/;
const YAML_WORDS = /^(true|false|yes|no|on|off|y|n|null)$/i;

/** A YAML scalar: plain when unambiguous, else double-quoted (a JSON string is a valid YAML double-quoted scalar). */
function scalar(value: string): string {
  return PLAIN_SCALAR.test(value) && !YAML_WORDS.test(value) ? value : JSON.stringify(value);
}

/** The policy as YAML, written here rather than by a YAML library: 7,000 suggestions must not cost seconds. */
function policyYaml(name: string, namespace: string, selector: Readonly<Record<string, string>>, principals: readonly string[]): string {
  return [
    'apiVersion: security.istio.io/v1',
    'kind: AuthorizationPolicy',
    'metadata:',
    `  name: ${scalar(name)}`,
    `  namespace: ${scalar(namespace)}`,
    'spec:',
    '  selector:',
    '    matchLabels:',
    ...Object.entries(selector).map(([k, v]) => `      ${scalar(k)}: ${scalar(v)}`),
    '  action: ALLOW',
    '  rules:',
    '    - from:',
    '        - source:',
    '            principals:',
    ...principals.map((p) => `              - ${scalar(p)}`),
    '',
  ].join('\n');
}

/** `spiffe://td/ns/x/sa/y` → `td/ns/x/sa/y` (the form AuthorizationPolicy `principals` take), or null when malformed. */
export function policyPrincipal(sourcePrincipal: string): string | null {
  const bare = sourcePrincipal.startsWith('spiffe://') ? sourcePrincipal.slice('spiffe://'.length) : sourcePrincipal;
  return PRINCIPAL.test(bare) ? bare : null;
}

/** The labels every pod of the workload carries, without the volatile ones: `app` alone when they share it. */
export function stableSelector(pods: readonly EvaluatedWorkload[]): Record<string, string> | null {
  const first = pods[0];
  if (!first) return null;
  const common = Object.entries(first.pod.meta.labels).filter(([k, v]) => !VOLATILE_LABELS.has(k) && pods.every((p) => p.pod.meta.labels[k] === v));
  const app = common.find(([k]) => k === 'app');
  if (app) return { app: app[1] };
  return common.length > 0 ? Object.fromEntries(common) : null;
}

export function suggestAllowPolicy(pods: readonly EvaluatedWorkload[], workload: string, clients: readonly ObservedClient[], index: MeshIndex, now: string): SuggestedPolicy | null {
  const target = pods[0];
  const selector = stableSelector(pods);
  const observed = clients.flatMap((c) => c.principals.map((p) => ({ client: c, raw: p, principal: policyPrincipal(p) })));
  const principals = [...new Set(observed.map((o) => o.principal).filter((p): p is string => p !== null))].sort();
  if (!target || !selector || principals.length === 0) return null;
  const namespace = target.pod.meta.namespace;
  const name = `${workload}-observed-allow`.slice(0, 253);
  const policy: AuthorizationPolicy = {
    meta: { name, namespace, creationTimestamp: null, labels: {}, annotations: {} },
    selector,
    targetRefs: [],
    action: 'ALLOW',
    rules: [{ from: [{ principals }], to: null, when: null }],
    dryRun: false,
  };
  const yaml = policyYaml(name, namespace, selector, principals);

  const keeps: string[] = [];
  const denies: { source: string; reason: string }[] = [];
  const decisions = new Map<string, AuthzDecision>();
  // TCP: no JWT is checked, so no RequestAuthentication takes part.
  const evaluate = authorizationEvaluatorWithPolicies({ pod: target.pod, dataplane: target.dataplane, isGateway: target.isGateway }, 'tcp', index, { policies: [policy], requestAuthentications: [] }, 'the workload');
  for (const o of observed) {
    if (o.principal === null) {
      denies.push({ source: o.client.source, reason: `principal ${JSON.stringify(o.raw.slice(0, 120))} is not a SPIFFE identity the policy can name` });
      continue;
    }
    let decision = decisions.get(o.principal);
    if (!decision) {
      decision = evaluate({ protocol: 'tcp', port: 0, mtls: true, sourcePrincipal: o.principal, headers: {}, jwt: { state: 'none' }, now });
      decisions.set(o.principal, decision);
    }
    if (decision.outcome === 'allowed') keeps.push(`${o.client.source} (${o.principal})`);
    else denies.push({ source: o.client.source, reason: decision.reason });
  }
  for (const c of clients) {
    if (c.plaintext > 0 || c.lastPlaintextAt !== null) denies.push({ source: c.source, reason: 'sends plaintext: no peer principal for the policy to match' });
  }
  return { yaml, principals, keeps: keeps.sort(), denies };
}
