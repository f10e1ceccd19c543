// Conformance with istio pilot/pkg/serviceregistry/ambient testdata (corpus EXPECTED.md section C, TestRBACConvert):
// allow-full, allow-groups and deny-groups are parsed with our parser; the ztunnel view must keep exactly the rules
// the golden `*.yaml` keeps as groups (Z-15), and concrete connections to an ambient pod get the decision ztunnel
// would give. Not applicable here: the `peer-authn-*` inputs (PeerAuthentication → ztunnel DENY conversion), which
// belong to the mTLS engine, not to authorization policies.
// Golden groups that hold only empty matches (`{}`) never fire at ztunnel; our view drops those rules, which is
// the same decision (authorization.go hasEffectiveRules).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateAuthorization, ztunnelView, type RequestAttributes } from '@/lib/mesh/authz';
import { buildMeshIndex } from '@/lib/mesh/mesh-index';
import { parseAuthorizationPolicy } from '@/lib/snapshot/parse/authorization-policy';
import type { AuthorizationPolicy, AuthzRule } from '@/lib/snapshot/types';
import { aPod, aSnapshot, NOW } from '@/test/builders';

const TESTDATA = path.resolve(import.meta.dirname, '../../../shared/corpus/istio/istio/pilot/pkg/serviceregistry/ambient/testdata');

function loadPolicy(file: string, namespace: string): AuthorizationPolicy {
  const raw = parseAllDocuments(readFileSync(path.join(TESTDATA, file), 'utf8'))[0]?.toJS() as Record<string, unknown>;
  const r = parseAuthorizationPolicy(raw, { defaultNamespace: namespace });
  if (!r.ok) throw new Error(`${file}: ${r.reason}`);
  return r.value;
}

function decide(policy: AuthorizationPolicy, dataplane: 'ambient' | 'sidecar', req: Partial<RequestAttributes>) {
  const pod = aPod({ name: 'a', namespace: policy.meta.namespace, labels: { app: 'a' }, dataplane: dataplane === 'ambient' ? 'ambient-label' : 'sidecar', ports: [80, 85, 91] });
  const index = buildMeshIndex(aSnapshot({ pods: [pod], authorizationPolicies: [policy] }));
  const request: RequestAttributes = {
    protocol: 'http',
    port: 85,
    mtls: true,
    sourcePrincipal: 'cluster.local/ns/client/sa/client',
    sourceIp: '9.9.9.9',
    destinationIp: '172.16.0.1',
    headers: {},
    jwt: { state: 'none' },
    now: NOW,
    ...req,
  };
  return evaluateAuthorization({ pod, dataplane, isGateway: false }, request, index).outcome;
}

interface ViewCase {
  readonly file: string;
  readonly namespace: string;
  /** Indices of the input rules the golden keeps (in order), and what remains of each (undefined: unchanged). */
  readonly kept: readonly (readonly [number, AuthzRule?])[];
}

const viewCases: ViewCase[] = [
  // allow-full.yaml: ten groups: principals, serviceAccounts, namespaces, ipBlocks, ports, source.ip,
  // source.namespace, source.principal, destination.ip, destination.port (rules 0,1,3,4,8,11,13,14,20,21).
  { file: 'allow-full-in.yaml', namespace: 'cfg', kept: [[0], [1], [3], [4], [8], [11], [13], [14], [20], [21]] },
  // allow-groups.yaml: the only-L4 rule and the L4-only when rule.
  { file: 'allow-groups-in.yaml', namespace: 'ns1', kept: [[2], [5]] },
  // deny-groups.yaml: L7 parts removed from rules 0 and 1 (broader), rules 2 and 5 unchanged; the groups of rules
  // 3, 4 and 6 hold empty matches and never fire.
  {
    file: 'deny-groups-in.yaml',
    namespace: 'ns1',
    kept: [
      [0, { from: [{ principals: ['from-mix-principal'], namespaces: ['from-mix-ns'] }], to: [{ ports: ['80'] }], when: null }],
      [1, { from: [{ principals: ['to-mix-principal'], namespaces: ['to-mix-ns'] }], to: [{ ports: ['80'] }], when: null }],
      [2],
      [5],
    ],
  },
];

interface DecisionCase {
  readonly file: string;
  readonly namespace: string;
  readonly name: string;
  readonly dataplane: 'ambient' | 'sidecar';
  readonly req: Partial<RequestAttributes>;
  readonly outcome: 'allowed' | 'denied';
}

const decisionCases: DecisionCase[] = [
  ...(
    [
      ['port 80 (ports group)', { port: 80 }, 'allowed'],
      ['destination.port 91', { port: 91 }, 'allowed'],
      ['source 5.6.1.2 (ipBlocks group)', { sourceIp: '5.6.1.2' }, 'allowed'],
      ['source.ip 192.168.10.9 (when group)', { sourceIp: '192.168.10.9' }, 'allowed'],
      ['destination.ip 192.168.10.7', { destinationIp: '192.168.10.7' }, 'allowed'],
      ['service account cfg/sa-only', { sourcePrincipal: 'cluster.local/ns/cfg/sa/sa-only' }, 'allowed'],
      ['method "method" only: the L7 rule is left out at ztunnel', { method: 'method' }, 'denied'],
      ['remote IP 1.2.3.4 only: remoteIpBlocks is unsupported', { remoteIp: '1.2.3.4' }, 'denied'],
      ['SNI exact.com only: connection.sni is L7 for ztunnel', { sni: 'exact.com' }, 'denied'],
    ] as const
  ).map(([name, req, outcome]): DecisionCase => ({ file: 'allow-full-in.yaml', namespace: 'cfg', name, dataplane: 'ambient', req, outcome })),
  { file: 'allow-full-in.yaml', namespace: 'cfg', name: 'remote IP 1.2.3.4 allowed on a sidecar (rule[5] on Envoy)', dataplane: 'sidecar', req: { remoteIp: '1.2.3.4' }, outcome: 'allowed' },
  { file: 'allow-groups-in.yaml', namespace: 'ns1', name: 'when-l4-ns from 10.10.10.10 allowed', dataplane: 'ambient', req: { sourcePrincipal: 'cluster.local/ns/when-l4-ns/sa/x', sourceIp: '10.10.10.10' }, outcome: 'allowed' },
  { file: 'allow-groups-in.yaml', namespace: 'ns1', name: 'when-l4-ns from another IP denied', dataplane: 'ambient', req: { sourcePrincipal: 'cluster.local/ns/when-l4-ns/sa/x' }, outcome: 'denied' },
  { file: 'allow-groups-in.yaml', namespace: 'ns1', name: 'when-l4-l7-ns with SNI: denied at ztunnel', dataplane: 'ambient', req: { sourcePrincipal: 'cluster.local/ns/when-l4-l7-ns/sa/x', sni: 'when-l4-l7-sni' }, outcome: 'denied' },
  { file: 'allow-groups-in.yaml', namespace: 'ns1', name: 'when-l4-l7-ns with SNI: allowed on a sidecar', dataplane: 'sidecar', req: { sourcePrincipal: 'cluster.local/ns/when-l4-l7-ns/sa/x', sni: 'when-l4-l7-sni' }, outcome: 'allowed' },
  { file: 'deny-groups-in.yaml', namespace: 'ns1', name: 'when-l4-ns from 10.10.10.10 denied', dataplane: 'ambient', req: { sourcePrincipal: 'cluster.local/ns/when-l4-ns/sa/x', sourceIp: '10.10.10.10' }, outcome: 'denied' },
  { file: 'deny-groups-in.yaml', namespace: 'ns1', name: 'when-l4-l7-ns with SNI: the DENY never fires at ztunnel', dataplane: 'ambient', req: { sourcePrincipal: 'cluster.local/ns/when-l4-l7-ns/sa/x', sni: 'when-l4-l7-sni' }, outcome: 'allowed' },
  { file: 'deny-groups-in.yaml', namespace: 'ns1', name: 'when-l4-l7-ns with SNI: denied on a sidecar', dataplane: 'sidecar', req: { sourcePrincipal: 'cluster.local/ns/when-l4-l7-ns/sa/x', sni: 'when-l4-l7-sni' }, outcome: 'denied' },
  { file: 'deny-groups-in.yaml', namespace: 'ns1', name: 'L7-only rule (/l7-foo, l7-method) never fires at ztunnel', dataplane: 'ambient', req: { method: 'l7-method', path: '/l7-foo' }, outcome: 'allowed' },
];

let passed = 0;
afterAll(() => {
  console.log(`ambient authz corpus: ${passed}/${viewCases.length + decisionCases.length} cases`);
});

describe('ambient authz corpus (EXPECTED.md C)', () => {
  it.each(viewCases.map((c) => [c.file, c] as const))('%s: ztunnel keeps the golden groups', (_, c) => {
    const policy = loadPolicy(c.file, c.namespace);
    const rules = policy.rules ?? [];
    expect(ztunnelView(policy)).toEqual({ policy, rules: c.kept.map(([i, changed]) => changed ?? rules[i]) });
    passed += 1;
  });

  it.each(decisionCases.map((c) => [`${c.file} (${c.dataplane}): ${c.name}`, c] as const))('%s', (_, c) => {
    expect(decide(loadPolicy(c.file, c.namespace), c.dataplane, c.req)).toBe(c.outcome);
    passed += 1;
  });
});
