import { describe, expect, it } from 'vitest';
import type { AuthzRule } from '@/lib/snapshot/types';
import { aGateway, aNamespace, anAuthorizationPolicy, aPod, aRequestAuthentication, aService } from '@/test/builders';
import { summaries, type SnapshotInput } from './testing';

const CODES = ['MP301', 'MP302', 'MP303', 'MP307', 'MP309', 'MP310', 'MP311'];
const rule = (r: Partial<AuthzRule>): AuthzRule => ({ from: null, to: null, when: null, ...r });
const fromNs = (ns: string) => rule({ from: [{ namespaces: [ns] }] });
const onlyMethods = (...methods: string[]) => rule({ to: [{ methods }] });

const pricing = aPod({ name: 'pricing-1', namespace: 'catalog', labels: { app: 'pricing' } });
const images = aPod({ name: 'images-1', namespace: 'catalog', labels: { app: 'images' } });
const redis = aPod({ name: 'redis-0', namespace: 'data', labels: { app: 'redis' }, ports: [6379] });
const redisSvc = aService({ name: 'redis', namespace: 'data', ports: [{ name: 'tcp-redis', port: 6379, targetPort: 6379, protocol: 'TCP' }] });
const web = aPod({ name: 'web-1', namespace: 'data', labels: { app: 'web' }, ports: [8080] });
const webSvc = aService({ name: 'web', namespace: 'data', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] });
const ambientNs = aNamespace('search', { 'istio.io/dataplane-mode': 'ambient' });
const searchApi = aPod({ name: 'search-api-1', namespace: 'search', labels: { app: 'search-api' }, dataplane: 'none' });

describe('AuthorizationPolicy checks', () => {
  const cases: { name: string; input: SnapshotInput; expected: ReturnType<typeof summaries> }[] = [
    {
      name: 'MP301: a selector typo matches no pod of the namespace',
      input: { pods: [pricing], authorizationPolicies: [anAuthorizationPolicy({ name: 'p', namespace: 'catalog', selector: { app: 'pricing-service' }, rules: [fromNs('shop')] })] },
      expected: [{ code: 'MP301', severity: 'warning', objects: ['AuthorizationPolicy/catalog/p'] }],
    },
    {
      name: 'MP301: a root-namespace selector that matches no pod in any namespace',
      input: { pods: [pricing], authorizationPolicies: [anAuthorizationPolicy({ name: 'mesh-x', namespace: 'istio-system', selector: { app: 'x' }, rules: [fromNs('shop')] })] },
      expected: [{ code: 'MP301', severity: 'warning', objects: ['AuthorizationPolicy/istio-system/mesh-x'] }],
    },
    {
      name: 'no MP301: a root-namespace selector matches a pod in another namespace (Z-2)',
      input: { pods: [pricing], authorizationPolicies: [anAuthorizationPolicy({ name: 'mesh-p', namespace: 'istio-system', selector: { app: 'pricing' }, rules: [fromNs('shop')] })] },
      expected: [],
    },
    {
      name: 'MP301: a namespace-wide policy in a namespace without pods (IST0127); not for the root namespace',
      input: {
        namespaces: [aNamespace('empty'), aNamespace('istio-system')],
        authorizationPolicies: [
          anAuthorizationPolicy({ name: 'ns-wide', namespace: 'empty', rules: [fromNs('shop')] }),
          anAuthorizationPolicy({ name: 'mesh-wide', namespace: 'istio-system', action: 'DENY', rules: [fromNs('evil')] }),
        ],
      },
      expected: [{ code: 'MP301', severity: 'warning', objects: ['AuthorizationPolicy/empty/ns-wide'] }],
    },
    {
      name: 'no MP301 for a targetRefs policy (MP309 covers it)',
      input: {
        pods: [pricing],
        authorizationPolicies: [anAuthorizationPolicy({ name: 'gw', namespace: 'catalog', targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }], rules: [fromNs('x')] })],
      },
      expected: [{ code: 'MP309', severity: 'info', objects: ['AuthorizationPolicy/catalog/gw'] }],
    },
    {
      name: 'no MP309: the targeted Gateway has pods in the namespace',
      input: {
        pods: [pricing, aPod({ name: 'edge-1', namespace: 'catalog', labels: { 'gateway.networking.k8s.io/gateway-name': 'edge' } })],
        authorizationPolicies: [
          anAuthorizationPolicy({ name: 'gw', namespace: 'catalog', action: 'DENY', targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }], rules: [fromNs('x')] }),
        ],
      },
      expected: [],
    },
    {
      name: 'no MP309: a targeted Service bound to a waypoint',
      input: {
        pods: [pricing],
        services: [aService({ name: 'pricing', namespace: 'catalog', labels: { 'istio.io/use-waypoint': 'waypoint' } })],
        gateways: [aGateway({ name: 'waypoint', namespace: 'catalog' })],
        authorizationPolicies: [anAuthorizationPolicy({ name: 'svc', namespace: 'catalog', targetRefs: [{ group: '', kind: 'Service', name: 'pricing' }], rules: [fromNs('x')] })],
      },
      expected: [],
    },
    {
      // istio ambient waypoints.go fetchWaypointForTarget: a label naming a waypoint that does not exist binds nothing.
      name: 'MP309: the Service is labelled with a waypoint that does not exist, so nothing enforces the policy',
      input: {
        pods: [pricing],
        services: [aService({ name: 'pricing', namespace: 'catalog', labels: { 'istio.io/use-waypoint': 'waypoint' } })],
        authorizationPolicies: [anAuthorizationPolicy({ name: 'svc', namespace: 'catalog', targetRefs: [{ group: '', kind: 'Service', name: 'pricing' }], rules: [fromNs('x')] })],
      },
      expected: [{ code: 'MP309', severity: 'info', objects: ['AuthorizationPolicy/catalog/svc'] }],
    },
    {
      name: 'MP309: a RequestAuthentication targeting a Service with no waypoint',
      input: {
        pods: [pricing],
        services: [aService({ name: 'pricing', namespace: 'catalog' })],
        requestAuthentications: [aRequestAuthentication({ name: 'jwt', namespace: 'catalog', targetRefs: [{ group: '', kind: 'Service', name: 'pricing' }] })],
      },
      expected: [{ code: 'MP309', severity: 'info', objects: ['RequestAuthentication/catalog/jwt'] }],
    },
    {
      name: 'MP307: one workload under an ALLOW, another under none',
      input: { pods: [pricing, images], authorizationPolicies: [anAuthorizationPolicy({ name: 'allow-pricing', namespace: 'catalog', selector: { app: 'pricing' }, rules: [fromNs('shop')] })] },
      expected: [{ code: 'MP307', severity: 'warning', objects: ['Pod/catalog/images-1'] }],
    },
    {
      name: 'no MP307: the only ALLOW that selects a workload is dry-run',
      input: { pods: [pricing, images], authorizationPolicies: [anAuthorizationPolicy({ name: 'allow-pricing', namespace: 'catalog', selector: { app: 'pricing' }, rules: [fromNs('shop')], dryRun: true })] },
      expected: [],
    },
    {
      name: 'no MP307: a namespace-wide ALLOW covers every workload',
      input: { pods: [pricing, images], authorizationPolicies: [anAuthorizationPolicy({ name: 'allow-ns', namespace: 'catalog', rules: [fromNs('shop')] })] },
      expected: [],
    },
    {
      name: 'MP311: spec {} (ALLOW without rules) on a workload',
      input: { pods: [pricing], authorizationPolicies: [anAuthorizationPolicy({ name: 'allow-nothing', namespace: 'catalog', rules: null })] },
      expected: [{ code: 'MP311', severity: 'info', objects: ['AuthorizationPolicy/catalog/allow-nothing', 'Pod/catalog/pricing-1'] }],
    },
    {
      name: 'no MP311: rules [{}] allows everything; dry-run allow-nothing has no effect',
      input: {
        pods: [pricing],
        authorizationPolicies: [
          anAuthorizationPolicy({ name: 'allow-all', namespace: 'catalog', rules: [rule({})] }),
          anAuthorizationPolicy({ name: 'shadow', namespace: 'catalog', rules: null, dryRun: true }),
        ],
      },
      expected: [],
    },
    {
      name: 'MP302: DENY with methods on a tcp-named port widens to the whole port',
      input: { pods: [redis], services: [redisSvc], authorizationPolicies: [anAuthorizationPolicy({ name: 'deny-del', namespace: 'data', action: 'DENY', rules: [onlyMethods('DELETE')] })] },
      expected: [{ code: 'MP302', severity: 'warning', objects: ['AuthorizationPolicy/data/deny-del', 'Pod/data/redis-0'] }],
    },
    {
      name: 'no MP302: the same DENY on an HTTP port; or restricted by `ports` to another port',
      input: {
        pods: [web, aPod({ name: 'redis-0', namespace: 'data', labels: { app: 'redis' }, ports: [6379] })],
        services: [webSvc, redisSvc],
        authorizationPolicies: [
          anAuthorizationPolicy({ name: 'deny-web', namespace: 'data', action: 'DENY', selector: { app: 'web' }, rules: [onlyMethods('DELETE')] }),
          anAuthorizationPolicy({ name: 'deny-redis-8080', namespace: 'data', action: 'DENY', selector: { app: 'redis' }, rules: [rule({ to: [{ methods: ['DELETE'], ports: ['8080'] }] })] }),
          anAuthorizationPolicy({ name: 'allow-l4', namespace: 'data', rules: [fromNs('data')] }),
        ],
      },
      expected: [],
    },
    {
      name: 'MP303: the only ALLOW on a TCP port uses methods in every rule',
      input: { pods: [redis], services: [redisSvc], authorizationPolicies: [anAuthorizationPolicy({ name: 'redis-reads', namespace: 'data', rules: [onlyMethods('GET')] })] },
      expected: [{ code: 'MP303', severity: 'error', objects: ['AuthorizationPolicy/data/redis-reads', 'Pod/data/redis-0'] }],
    },
    {
      name: 'no MP303: one rule is L4 only (it survives on TCP)',
      input: { pods: [redis], services: [redisSvc], authorizationPolicies: [anAuthorizationPolicy({ name: 'redis-reads', namespace: 'data', rules: [onlyMethods('GET'), fromNs('data')] })] },
      expected: [],
    },
    {
      name: 'no MP303: an HTTP port',
      input: { pods: [web], services: [webSvc], authorizationPolicies: [anAuthorizationPolicy({ name: 'web-reads', namespace: 'data', rules: [onlyMethods('GET')] })] },
      expected: [],
    },
    {
      name: 'MP310: an ALLOW with paths on an ambient workload without waypoint',
      input: { namespaces: [ambientNs], pods: [searchApi], authorizationPolicies: [anAuthorizationPolicy({ name: 'read-only', namespace: 'search', rules: [rule({ to: [{ paths: ['/search'] }] })] })] },
      expected: [{ code: 'MP310', severity: 'warning', objects: ['AuthorizationPolicy/search/read-only', 'Pod/search/search-api-1'] }],
    },
    {
      // istio.io ambient/usage/l4-policy "Authorization policy attachment": selector policies are enforced by ztunnel even
      // behind a waypoint (Z-3: waypoints ignore them), so the L7 rule is still left out (Z-15).
      name: 'MP310 behind a waypoint too: the waypoint ignores selector policies, ztunnel leaves the L7 rule out',
      input: {
        namespaces: [aNamespace('search', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' })],
        pods: [searchApi],
        authorizationPolicies: [anAuthorizationPolicy({ name: 'read-only', namespace: 'search', rules: [rule({ to: [{ paths: ['/search'] }] })] })],
      },
      expected: [{ code: 'MP310', severity: 'warning', objects: ['AuthorizationPolicy/search/read-only', 'Pod/search/search-api-1'] }],
    },
    {
      name: 'no MP310: an L4 ALLOW on the ambient workload',
      input: { namespaces: [ambientNs], pods: [searchApi], authorizationPolicies: [anAuthorizationPolicy({ name: 'from-web', namespace: 'search', rules: [fromNs('web')] })] },
      expected: [],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(summaries(input, CODES)).toEqual(expected);
  });

  it('AuthorizationPolicy unreadable: no authorization finding', () => {
    const input: SnapshotInput = {
      pods: [redis],
      services: [redisSvc],
      authorizationPolicies: [anAuthorizationPolicy({ name: 'redis-reads', namespace: 'data', selector: { app: 'nope' }, rules: [onlyMethods('GET')] })],
      kinds: { AuthorizationPolicy: { status: 'forbidden', asOf: null } },
    };
    expect(summaries(input, CODES)).toEqual([]);
  });
});
