// The representative connections of a small mesh, as the engine judges them: who is asked (own namespace, named
// namespaces, one stand-in for the others, outside the mesh) and with which transport and verdict.
import { describe, expect, it } from 'vitest';
import { aPeerAuthentication, aPod, aService, aSnapshot, anAuthorizationPolicy, NOW } from '@/test/builders';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { computePostureDetailed } from '../compute-posture';
import { computeTopologyConnections, explainConnection } from './compute-connections';
import type { TopologyConnection } from './model';

const shopAllow = anAuthorizationPolicy({
  name: 'api-callers', namespace: 'shop', selector: { app: 'api' }, action: 'ALLOW',
  rules: [{ from: [{ principals: ['cluster.local/ns/partner/sa/partner'] }, { namespaces: ['legacy'] }], to: null, when: null }],
});

function mesh(overrides: Partial<MeshSnapshot> = {}): MeshSnapshot {
  return aSnapshot({
    pods: [
      aPod({ name: 'api-1', namespace: 'shop', labels: { app: 'api' }, serviceAccountName: 'api' }),
      aPod({ name: 'api-2', namespace: 'shop', labels: { app: 'api' }, serviceAccountName: 'api' }),
      aPod({ name: 'web-1', namespace: 'shop', labels: { app: 'web' }, serviceAccountName: 'web' }),
      aPod({ name: 'batch-1', namespace: 'legacy', dataplane: 'none', serviceAccountName: 'batch' }),
      aPod({ name: 'partner-1', namespace: 'partner', serviceAccountName: 'partner' }),
      aPod({ name: 'other-1', namespace: 'elsewhere' }),
    ],
    services: [aService({ name: 'api', namespace: 'shop' }), aService({ name: 'web', namespace: 'shop' })],
    peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'shop', mode: 'STRICT' })],
    authorizationPolicies: [shopAllow],
    ...overrides,
  });
}

function describeConnection(c: TopologyConnection): string {
  const client = c.client.kind === 'outside' ? 'outside' : c.client.kind === 'other' ? `other(${c.client.namespace}/${c.client.pod})` : `${c.client.namespace}/${c.client.serviceAccount}`;
  return `${client} -> ${c.server.namespace}/${c.server.service}:${c.server.port} (${c.server.pod} ×${c.server.endpoints}) ${c.transport}/${c.authz}`;
}

const connectionsOf = (snapshot: MeshSnapshot) => computeTopologyConnections(computePostureDetailed(snapshot, { now: NOW })).map(describeConnection);

describe('computeTopologyConnections', () => {
  it('asks each Service port about its own namespace, the namespaces its policies name, one other namespace and the outside', () => {
    expect(connectionsOf(mesh())).toEqual([
      'shop/web -> shop/api:80 (api-1 ×2) mtls/denied',
      'legacy/batch -> shop/api:80 (api-1 ×2) fails/unreached',
      'partner/partner -> shop/api:80 (api-1 ×2) mtls/allowed',
      'other(elsewhere/other-1) -> shop/api:80 (api-1 ×2) mtls/denied',
      'outside -> shop/api:80 (api-1 ×2) fails/unreached',
      'shop/api -> shop/web:80 (web-1 ×1) mtls/allowed',
      'other(elsewhere/other-1) -> shop/web:80 (web-1 ×1) mtls/allowed',
      'outside -> shop/web:80 (web-1 ×1) fails/unreached',
    ]);
  });

  it('reports authorization as unknown, never allowed, when AuthorizationPolicy could not be read', () => {
    const forbidden = mesh({ authorizationPolicies: [] });
    const snapshot = { ...forbidden, kinds: { ...forbidden.kinds, AuthorizationPolicy: { status: 'forbidden' as const, asOf: null, reason: 'RBAC' } } };
    expect(connectionsOf(snapshot)).toEqual([
      'shop/web -> shop/api:80 (api-1 ×2) mtls/unknown',
      'other(elsewhere/other-1) -> shop/api:80 (api-1 ×2) mtls/unknown',
      'outside -> shop/api:80 (api-1 ×2) fails/unreached',
      'shop/api -> shop/web:80 (web-1 ×1) mtls/unknown',
      'other(elsewhere/other-1) -> shop/web:80 (web-1 ×1) mtls/unknown',
      'outside -> shop/web:80 (web-1 ×1) fails/unreached',
    ]);
  });

  it('also asks the likely plaintext clients: pods without a dataplane whose environment names the Service', () => {
    const snapshot = mesh({
      pods: [
        aPod({ name: 'web-1', namespace: 'shop', labels: { app: 'web' }, serviceAccountName: 'web' }),
        aPod({ name: 'cron-1', namespace: 'batch', dataplane: 'none', serviceAccountName: 'cron', envValues: ['http://web.shop.svc.cluster.local:80/sync'] }),
        aPod({ name: 'other-1', namespace: 'elsewhere' }),
      ],
      services: [aService({ name: 'web', namespace: 'shop' })],
      authorizationPolicies: [],
    });
    expect(connectionsOf(snapshot)).toEqual([
      'batch/cron -> shop/web:80 (web-1 ×1) fails/unreached',
      'other(elsewhere/other-1) -> shop/web:80 (web-1 ×1) mtls/allowed',
      'outside -> shop/web:80 (web-1 ×1) fails/unreached',
    ]);
  });

  it('splits a Service port into one target per distinct way its endpoints decide', () => {
    const snapshot = mesh({
      pods: [
        aPod({ name: 'api-1', namespace: 'shop', labels: { app: 'api' } }),
        aPod({ name: 'api-canary', namespace: 'shop', labels: { app: 'api', track: 'canary' }, dataplane: 'none' }),
      ],
      services: [aService({ name: 'api', namespace: 'shop' })],
      authorizationPolicies: [],
    });
    expect(connectionsOf(snapshot)).toEqual([
      'outside -> shop/api:80 (api-1 ×1) fails/unreached',
      'outside -> shop/api:80 (api-canary ×1) plaintext/allowed',
    ]);
  });
});

describe('explainConnection', () => {
  it('gives the engine’s reason and deciding policies for a representative connection', () => {
    const computation = computePostureDetailed(mesh(), { now: NOW });
    const [webToApi] = computeTopologyConnections(computation);
    const result = webToApi ? explainConnection(computation, webToApi) : null;
    expect(result && { outcome: result.outcome, policies: result.policies, reason: result.reason }).toEqual({
      outcome: 'denied',
      policies: ['shop/api-callers'],
      reason: "Denied: ALLOW policies apply at the sidecar's HTTP filter chain (shop/api-callers) and none of their rules matches.",
    });
  });

  it('is null when the representative pod is not in the posture', () => {
    const computation = computePostureDetailed(mesh(), { now: NOW });
    const [first] = computeTopologyConnections(computation);
    expect(first && explainConnection(computation, { ...first, server: { ...first.server, pod: 'gone-1' } })).toBeNull();
  });
});
