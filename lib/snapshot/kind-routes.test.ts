// Which kinds the engine reads, skips as another product's (info: listed, no gap) or reports as unreadable (a typo).
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from './build-snapshot';
import { isIncompleteness } from './types';

const build = (docs: unknown[]) => buildSnapshot(docs.map((raw) => ({ raw, location: { file: 'mesh.yaml', line: 1 } })), { source: 't', asOf: '2026-01-01T00:00:00Z' });

describe('kinds the engine does not read', () => {
  it.each([
    ['a cert-manager Certificate', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web', namespace: 'shop' } }, 'Certificate/shop/web'],
    ['an Argo Rollout', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'api', namespace: 'shop' } }, 'Rollout/shop/api'],
  ])('%s is listed as skipped (info level) and leaves the snapshot complete', (_, raw, object) => {
    const snapshot = build([raw]);
    expect(snapshot.issues).toEqual([
      { object, file: 'mesh.yaml', line: 1, level: 'info', reason: expect.stringMatching(/^skipped: ".+" \(apiVersion ".+"\) is not a kind the engine reads$/) },
    ]);
    expect(snapshot.issues.filter(isIncompleteness)).toEqual([]);
  });

  it.each([
    ['a misspelt Istio kind', { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentcation', metadata: { name: 'x', namespace: 'shop' } }],
    ['an unknown core kind', { apiVersion: 'v1', kind: 'Podd', metadata: { name: 'x', namespace: 'shop' } }],
  ])('%s is still an error (a typo of a kind the engine reads)', (_, raw) => {
    const [issue] = build([raw]).issues;
    expect(issue && isIncompleteness(issue)).toBe(true);
    expect(issue?.reason).toMatch(/^kind: unknown kind/);
  });
});

describe('mesh config warnings become collection issues on the ConfigMap', () => {
  it('a dropped field is a warning, an unknown field an info note; the mesh config is still read', () => {
    const mesh = 'trustDomain: prod.example.com\nenableAutoMtls: "yes"\nnotAField: 1\n';
    const snapshot = build([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh } }]);
    expect(snapshot.meshConfig.trustDomain).toBe('prod.example.com');
    expect(snapshot.issues).toEqual([
      { object: 'ConfigMap/istio-system/istio', kind: 'MeshConfig', file: 'mesh.yaml', line: 1, level: 'info', reason: expect.stringMatching(/^data\.mesh\.notAField: /) },
      { object: 'ConfigMap/istio-system/istio', kind: 'MeshConfig', file: 'mesh.yaml', line: 1, reason: expect.stringMatching(/^data\.mesh\.enableAutoMtls: /) },
    ]);
  });
});
