// Aggregation of representative connections into the drawn graph: nodes per namespace or per Service when
// expanded, shared or mixed verdicts, filters before aggregation, and a cap that keeps the worst edges.
import { describe, expect, it } from 'vitest';
import { aggregateTopology, representativePair, type TopologyOptions } from './aggregate';
import type { AuthzVerdict, TopologyClient, TopologyConnection, Transport } from './model';

const workload = (namespace: string, serviceAccount: string, service: string | null = serviceAccount): TopologyClient => ({
  kind: 'workload', namespace, serviceAccount, service, dataplane: 'sidecar', pod: `${serviceAccount}-1`, pods: 1,
});

function conn(client: TopologyClient, to: string, transport: Transport, authz: AuthzVerdict, port = 80, waypoint: string | null = null): TopologyConnection {
  const [namespace = '', service = ''] = to.split('/');
  return { client, server: { namespace, service, port, containerPort: port + 8000, pod: `${service}-1`, endpoints: 1 }, transport, authz, waypoint };
}

const CONNECTIONS: readonly TopologyConnection[] = [
  conn(workload('shop', 'web'), 'shop/api', 'mtls', 'allowed'),
  conn(workload('shop', 'web'), 'pay/ledger', 'mtls', 'allowed'),
  conn(workload('shop', 'cart'), 'pay/ledger', 'mtls', 'denied', 81),
  conn(workload('shop', 'job', null), 'pay/ledger', 'plaintext', 'allowed'),
  conn({ kind: 'outside' }, 'pay/ledger', 'fails', 'unreached'),
  conn({ kind: 'other', namespace: 'zzz', pod: 'z-1' }, 'shop/api', 'mtls', 'allowed'),
];

const DEFAULTS: TopologyOptions = { expand: new Set(), namespace: '', transport: null, verdict: null, maxEdges: 100, maxNodes: 100 };
const summary = (options: Partial<TopologyOptions>) => {
  const g = aggregateTopology(CONNECTIONS, { ...DEFAULTS, ...options });
  return {
    nodes: g.nodes.map((n) => `${n.kind}:${n.label}`),
    edges: g.edges.map((e) => `${e.from} -> ${e.to} ${e.transport}/${e.authz} ×${e.connections} [${e.ports.join(',')}] via ${representativePair(e.representative).from ?? 'outside'}`),
    omitted: [g.omittedEdges, g.omittedNodes, g.totalEdges],
  };
};

describe('aggregateTopology', () => {
  it.each([
    {
      name: 'namespaces only: edges share a value or are mixed, the worst connection represents them, worst edges first',
      options: {},
      expected: {
        nodes: ['other:Other namespaces', 'outside:Outside the mesh', 'namespace:pay', 'namespace:shop'],
        edges: [
          'outside -> ns:pay fails/unreached ×1 [80] via outside',
          'ns:shop -> ns:pay mixed/mixed ×3 [80,81] via shop/job-1',
          'ns:shop -> ns:shop mtls/allowed ×1 [80] via shop/web-1',
          'other -> ns:shop mtls/allowed ×1 [80] via zzz/z-1',
        ],
        omitted: [0, 0, 4],
      },
    },
    {
      name: 'an expanded namespace shows Services, and service accounts for clients outside any Service',
      options: { expand: new Set(['shop']) },
      expected: {
        nodes: ['other:Other namespaces', 'outside:Outside the mesh', 'namespace:pay', 'service:api', 'service:cart', 'service-account:service account job', 'service:web'],
        edges: [
          'outside -> ns:pay fails/unreached ×1 [80] via outside',
          'sa:shop/job -> ns:pay plaintext/allowed ×1 [80] via shop/job-1',
          'svc:shop/cart -> ns:pay mtls/denied ×1 [81] via shop/cart-1',
          'other -> svc:shop/api mtls/allowed ×1 [80] via zzz/z-1',
          'svc:shop/web -> ns:pay mtls/allowed ×1 [80] via shop/web-1',
          'svc:shop/web -> svc:shop/api mtls/allowed ×1 [80] via shop/web-1',
        ],
        omitted: [0, 0, 6],
      },
    },
    {
      name: 'filters apply to connections before aggregation',
      options: { transport: 'mtls' as const, verdict: 'allowed' as const, namespace: 'PAY' },
      expected: { nodes: ['namespace:pay', 'namespace:shop'], edges: ['ns:shop -> ns:pay mtls/allowed ×1 [80] via shop/web-1'], omitted: [0, 0, 1] },
    },
    {
      name: 'the edge cap keeps the worst edges and counts the rest',
      options: { maxEdges: 2 },
      expected: {
        nodes: ['outside:Outside the mesh', 'namespace:pay', 'namespace:shop'],
        edges: ['outside -> ns:pay fails/unreached ×1 [80] via outside', 'ns:shop -> ns:pay mixed/mixed ×3 [80,81] via shop/job-1'],
        omitted: [2, 1, 4],
      },
    },
    {
      name: 'the node cap skips edges that would add nodes beyond it',
      options: { maxNodes: 2 },
      expected: { nodes: ['outside:Outside the mesh', 'namespace:pay'], edges: ['outside -> ns:pay fails/unreached ×1 [80] via outside'], omitted: [3, 2, 4] },
    },
    { name: 'nothing matches', options: { namespace: 'nope' }, expected: { nodes: [], edges: [], omitted: [0, 0, 0] } },
  ])('$name', ({ options, expected }) => {
    expect(summary(options)).toEqual(expected);
  });

  it('collects the waypoints an edge passes through, once each and sorted', () => {
    const through = [
      conn(workload('shop', 'web'), 'pay/ledger', 'mtls', 'allowed', 80, 'pay/waypoint'),
      conn(workload('shop', 'cart'), 'pay/ledger', 'mtls', 'denied', 80, 'pay/waypoint'),
      conn(workload('shop', 'job'), 'pay/ledger', 'mtls', 'allowed', 81, 'infra/shared-wp'),
      conn(workload('shop', 'web'), 'shop/api', 'mtls', 'allowed'),
    ];
    const g = aggregateTopology(through, DEFAULTS);
    expect(g.edges.map((e) => [e.from, e.to, e.waypoints])).toEqual([
      ['ns:shop', 'ns:pay', ['infra/shared-wp', 'pay/waypoint']],
      ['ns:shop', 'ns:shop', []],
    ]);
  });
});
