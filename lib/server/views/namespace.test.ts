// The namespace view builder: the engine's verdicts for one namespace, its workloads paged and sorted on the server,
// its policies in a line each, and unknown data kept unknown.
import { describe, expect, it } from 'vitest';
import { staticPostureState } from '@/lib/server/posture-store';
import { ViewError } from '@/lib/server/view-errors';
import { aNamespace, anAuthorizationPolicy, aPeerAuthentication, aPod, aSnapshot, NOW } from '@/test/builders';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { buildNamespaceView, namespaceFromPath } from './namespace';

const SHOP = aSnapshot({
  namespaces: [aNamespace('shop', { 'istio-injection': 'enabled' }), aNamespace('empty-ns')],
  pods: [
    aPod({ name: 'web-1', namespace: 'shop', labels: { app: 'web' }, ports: [8080, 9090] }),
    aPod({ name: 'legacy-1', namespace: 'shop', dataplane: 'none' }),
    aPod({ name: 'api-1', namespace: 'shop', labels: { app: 'api' } }),
  ],
  peerAuthentications: [
    aPeerAuthentication({ name: 'default', namespace: 'shop', mode: 'STRICT' }),
    aPeerAuthentication({ name: 'web-metrics', namespace: 'shop', selector: { app: 'web' }, mode: 'UNSET', portLevelMtls: { 9090: 'PERMISSIVE' } }),
  ],
  authorizationPolicies: [
    anAuthorizationPolicy({ name: 'allow-web', namespace: 'shop', selector: { app: 'web' }, rules: [{ from: [{ namespaces: ['shop'] }], to: null, when: null }] }),
  ],
});

const view = (snapshot: MeshSnapshot, ns: string, query = '') => buildNamespaceView(staticPostureState(snapshot, new Date(NOW)), ns, new URLSearchParams(query));

describe('buildNamespaceView', () => {
  it('refuses an unknown namespace as not-found (404), naming it', () => {
    expect(() => view(SHOP, 'no-such-ns')).toThrow(new ViewError('not-found', 'namespace "no-such-ns" is not in the mesh snapshot'));
  });

  it('lists every workload with its mode, port exceptions, certificate and authorization, sorted by pod', () => {
    expect(view(SHOP, 'shop').workloads).toEqual({
      rows: [
        {
          pod: 'api-1', predictedFrom: null, serviceAccount: 'default', isGateway: false, dataplane: 'sidecar', mode: 'STRICT', modeReason: null,
          modePolicy: 'shop/default', portExceptions: [], certificate: { status: 'unknown', notAfter: null, remainingSeconds: null },
          authorization: 'none', authorizationPolicies: 0,
        },
        {
          pod: 'legacy-1', predictedFrom: null, serviceAccount: 'default', isGateway: false, dataplane: 'none', mode: 'NONE', modeReason: null,
          modePolicy: null, portExceptions: [], certificate: null, authorization: 'none', authorizationPolicies: 0,
        },
        {
          pod: 'web-1', predictedFrom: null, serviceAccount: 'default', isGateway: false, dataplane: 'sidecar', mode: 'STRICT', modeReason: null,
          modePolicy: 'shop/default', portExceptions: [{ port: '9090', mode: 'PERMISSIVE' }], certificate: { status: 'unknown', notAfter: null, remainingSeconds: null },
          authorization: 'allow-list', authorizationPolicies: 1,
        },
      ],
      total: 3,
      page: 1,
      pageSize: 100,
    });
  });

  it.each([
    ['q=WEB', ['web-1'], 1],
    ['sort=mode', ['api-1', 'web-1', 'legacy-1'], 3],
    ['sort=authorization', ['web-1', 'api-1', 'legacy-1'], 3],
    ['sort=pod&dir=desc', ['web-1', 'legacy-1', 'api-1'], 3],
    ['pageSize=2&page=2', ['web-1'], 3],
    ['pageSize=2&page=99', ['web-1'], 3],
  ])('filters, sorts and pages workloads on the server: %s', (query, pods, total) => {
    const { workloads } = view(SHOP, 'shop', query);
    expect({ pods: workloads.rows.map((r) => r.pod), total: workloads.total }).toEqual({ pods, total });
  });

  it('gives coverage, phase, the namespace policies in a line each, and no unreadable kind', () => {
    const v = view(SHOP, 'shop');
    expect({
      phase: v.phase, dataplane: v.dataplane, namespaceMode: v.namespaceMode, counts: v.countsTowardMeshPhase,
      coverage: v.coverage, plaintext: v.plaintextWorkloads, policies: v.policies, unreadable: v.unreadablePolicyKinds,
    }).toEqual({
      phase: 0, dataplane: 'mixed', namespaceMode: 'STRICT', counts: true,
      coverage: { total: 3, strict: 2, permissive: 0, disable: 0, none: 1, unknown: 0 },
      plaintext: 2,
      policies: [
        { kind: 'PeerAuthentication', name: 'default', summary: 'mode STRICT' },
        { kind: 'PeerAuthentication', name: 'web-metrics', summary: 'mode UNSET selecting app=web; ports 9090=PERMISSIVE' },
        { kind: 'AuthorizationPolicy', name: 'allow-web', summary: 'ALLOW selecting app=web; 1 rule' },
      ],
      unreadable: [],
    });
  });

  it('marks the failed items of the next phase as blocking, with the objects behind them', () => {
    const blocking = view(SHOP, 'shop').checks.filter((c) => c.blocksNextPhase);
    expect(blocking).toEqual([
      {
        id: 'dataplane-everywhere', phase: 1, title: 'Every workload has a sidecar or ztunnel', state: 'failed',
        detail: '1 of 3 workloads has no dataplane', objects: ['Pod/shop/legacy-1'], objectsOmitted: 0, blocksNextPhase: true,
      },
    ]);
  });

  it('keeps authorization unknown, and says which policy kind is unreadable, when AuthorizationPolicy is forbidden', () => {
    const forbidden = { ...SHOP, authorizationPolicies: [], kinds: { ...SHOP.kinds, AuthorizationPolicy: { status: 'forbidden' as const, asOf: null, reason: 'list authorizationpolicies: 403' } } };
    const v = view(forbidden, 'shop');
    expect({
      authorization: v.workloads.rows.map((r) => r.authorization),
      unreadable: v.unreadablePolicyKinds,
      authzCheck: v.checks.find((c) => c.id === 'authz-coverage')?.state,
    }).toEqual({
      authorization: ['unknown', 'unknown', 'unknown'],
      unreadable: [{ kind: 'AuthorizationPolicy', status: 'forbidden', reason: 'list authorizationpolicies: 403' }],
      authzCheck: 'unknown',
    });
  });

  it('serves an empty namespace with zero coverage and no workloads rather than an error', () => {
    const v = view(SHOP, 'empty-ns');
    expect({ workloads: v.workloads, coverage: v.coverage, policies: v.policies, findings: v.findings, counts: v.countsTowardMeshPhase }).toEqual({
      workloads: { rows: [], total: 0, page: 1, pageSize: 100 },
      coverage: { total: 0, strict: 0, permissive: 0, disable: 0, none: 0, unknown: 0 },
      policies: [],
      findings: [],
      counts: false,
    });
  });
});

describe('namespaceFromPath', () => {
  it.each([
    ['payments', 'payments'],
    ['a%2Fb', 'a/b'],
    ['bad%E0%A4%A', 'bad%E0%A4%A'],
  ])('decodes %s to %s (malformed escapes kept as typed)', (segment, expected) => {
    expect(namespaceFromPath(segment)).toBe(expected);
  });
});
