// The topology view builder: filters from the query, the capped graph, its Mermaid text, each drawn edge with its
// representative pair and the engine's reason, the honest "no traffic data" note, and 404 for an unknown namespace.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_EDGES, MAX_EDGES } from '@/lib/api/views/topology';
import { staticPostureState, type PostureState } from '@/lib/server/posture-store';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import { aPeerAuthentication, aPod, aService, aSnapshot, anAuthorizationPolicy, NOW } from '@/test/builders';
import { ViewError } from '../view-errors';
import { computeTopologyConnections } from '@/lib/mesh/topology';
import { buildTopologyView, isTopologyReady, NO_TRAFFIC_DATA, warmTopology } from './topology';

const SMALL = staticPostureState(
  aSnapshot({
    pods: [
      aPod({ name: 'api-1', namespace: 'shop', labels: { app: 'api' }, serviceAccountName: 'api' }),
      aPod({ name: 'web-1', namespace: 'shop', labels: { app: 'web' }, serviceAccountName: 'web' }),
      aPod({ name: 'batch-1', namespace: 'legacy', dataplane: 'none', serviceAccountName: 'batch' }),
    ],
    services: [aService({ name: 'api', namespace: 'shop' }), aService({ name: 'web', namespace: 'shop' })],
    peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'shop', mode: 'STRICT' })],
    authorizationPolicies: [
      anAuthorizationPolicy({ name: 'api-callers', namespace: 'shop', selector: { app: 'api' }, rules: [{ from: [{ namespaces: ['legacy'] }], to: null, when: null }] }),
    ],
  }),
  new Date(NOW),
);

const view = (query: string, state: PostureState = SMALL) => buildTopologyView(state, new URLSearchParams(query));
const edgeRows = (query: string, state?: PostureState) => view(query, state).edges.map((e) => `${e.fromLabel} -> ${e.toLabel}: ${e.label}`);

describe('buildTopologyView', () => {
  it('draws namespaces with each edge’s transport and verdict, worst first, and says there is no traffic data', () => {
    const v = view('');
    expect(edgeRows('')).toEqual([
      'Outside the mesh -> shop: would fail / not reached / 2 connections',
      'legacy -> shop: would fail / not reached',
      'shop -> shop: mTLS / mixed authz / 2 connections',
    ]);
    expect(v.traffic).toEqual({ observed: false, reason: NO_TRAFFIC_DATA, brief: null });
    expect([v.totalEdges, v.omittedEdges, v.omittedNodes, v.maxEdges, v.expanded]).toEqual([3, 0, 0, DEFAULT_MAX_EDGES, []]);
    expect(v.diagram.split('\n')[0]).toBe('flowchart LR');
  });

  it('gives each edge a representative pod pair (container port) and the engine’s reason', () => {
    const [, legacy] = view('').edges;
    expect(legacy && { representative: legacy.representative, reason: legacy.reason }).toEqual({
      representative: { from: 'legacy/batch-1', to: 'shop/api-1', port: 8080 },
      reason: expect.stringContaining('the server is STRICT and resets plaintext connections') as unknown as string,
    });
  });

  it.each([
    { name: 'expanded namespace: Services as nodes', query: 'expand=shop', rows: ['legacy -> shop/api: would fail / not reached', 'Outside the mesh -> shop/api: would fail / not reached', 'Outside the mesh -> shop/web: would fail / not reached', 'shop/web -> shop/api: mTLS / denied', 'shop/api -> shop/web: mTLS / allowed'] },
    { name: 'transport filter', query: 'transport=mtls', rows: ['shop -> shop: mTLS / mixed authz / 2 connections'] },
    { name: 'verdict filter', query: 'verdict=denied', rows: ['shop -> shop: mTLS / denied'] },
    { name: 'namespace filter (substring of either end)', query: 'namespace=leg', rows: ['legacy -> shop: would fail / not reached'] },
    { name: 'a namespace filter that matches nothing', query: 'namespace=nothing-here', rows: [] },
    { name: 'cap', query: 'max=1', rows: ['Outside the mesh -> shop: would fail / not reached / 2 connections'] },
  ])('$name', ({ query, rows }) => {
    expect(edgeRows(query)).toEqual(rows);
  });

  it('clamps max and ignores unknown transport and verdict values', () => {
    const v = view(`max=99999&transport=carrier-pigeon&verdict=maybe`);
    expect([v.maxEdges, v.edges.length]).toEqual([MAX_EDGES, 3]);
  });

  it('answers 404 when asked to expand a namespace that is not in the mesh', () => {
    expect(() => view('expand=shop,nope')).toThrow(new ViewError('not-found', 'Cannot expand "nope": no such namespace in the mesh.'));
  });
});

describe('warmTopology', () => {
  it('computes every namespace once, after which the view is ready and nothing is computed again', async () => {
    const state = staticPostureState(aSnapshot({ pods: [aPod({ name: 'a-1', namespace: 'a', labels: { app: 'a' } })], services: [aService({ name: 'a', namespace: 'a' })] }), new Date(NOW));
    expect(isTopologyReady(state)).toBe(false);
    await warmTopology(state.computation);
    expect(isTopologyReady(state)).toBe(true);
    const connections = computeTopologyConnections(state.computation);
    expect(connections.map((c) => `${c.client.kind} -> ${c.server.service} ${c.transport}/${c.authz}`)).toEqual(['outside -> a plaintext/allowed']);
    await warmTopology(state.computation);
    expect(computeTopologyConnections(state.computation)).toBe(connections);
  });
});

describe('buildTopologyView on the demo mesh', () => {
  let demo: PostureState;
  beforeAll(async () => {
    const now = new Date('2026-11-26T12:00:00Z');
    demo = staticPostureState(await loadDemoSnapshot({ now }), now);
  });

  it('shows the DestinationRule DISABLE to STRICT tax-calculator as a connection that would fail', () => {
    const rows = edgeRows('expand=checkout&namespace=checkout&transport=fails', demo);
    expect(rows).toContain('checkout/checkout -> checkout/tax-calculator: would fail / not reached');
  });

  it('draws legacy-batch, outside the mesh, as the plaintext client its env vars make it (MP105), failing where the server is STRICT', () => {
    expect(edgeRows('namespace=legacy-batch', demo)).toEqual([
      'legacy-batch -> data: mixed transport / mixed authz / 5 connections',
      'legacy-batch -> catalog: mixed transport / mixed authz / 3 connections',
      'legacy-batch -> payments: would fail / not reached',
      'legacy-batch -> legacy-batch: plaintext / allowed / 12 connections',
      'Other namespaces -> legacy-batch: plaintext / allowed / 3 connections',
      'Outside the mesh -> legacy-batch: plaintext / allowed / 3 connections',
      'legacy-batch -> notifications: plaintext / allowed',
    ]);
  });
});
