import { describe, expect, it } from 'vitest';
import type { AuthorizationPolicy, KindProvenance } from '@/lib/snapshot/types';
import type { Dataplane, WorkloadAuthz } from '@/lib/mesh/model';
import { buildMeshIndex } from '@/lib/mesh/mesh-index';
import { anAuthorizationPolicy, aPod, aRequestAuthentication, aSnapshot } from '@/test/builders';
import { summarizeWorkloadAuthz } from './summarize';

const pod = aPod({ name: 'httpbin', namespace: 'foo', labels: { app: 'httpbin' } });
const all = [{ from: null, to: null, when: null }];
const allowGet = anAuthorizationPolicy({ name: 'allow-get', namespace: 'foo', rules: [{ from: null, to: [{ methods: ['GET'] }], when: null }] });
const allowNothing = anAuthorizationPolicy({ name: 'allow-nothing', namespace: 'istio-system' });
const deny = anAuthorizationPolicy({ name: 'deny', namespace: 'foo', action: 'DENY', rules: [{ from: [{ namespaces: ['evil'] }], to: null, when: null }] });
const dryAllow = anAuthorizationPolicy({ name: 'dry', namespace: 'foo', dryRun: true, rules: all });
const audit = anAuthorizationPolicy({ name: 'audit', namespace: 'foo', action: 'AUDIT', rules: all });

const cases: [string, Dataplane, AuthorizationPolicy[], Record<string, KindProvenance>, WorkloadAuthz][] = [
  ['no policy', 'sidecar', [], {}, { coverage: 'none', policies: [], requestAuthentications: [] }],
  ['dry-run only counts as none, listed last', 'sidecar', [dryAllow, audit], {}, {
    coverage: 'none',
    policies: [{ policy: 'foo/audit', action: 'AUDIT', dryRun: false }, { policy: 'foo/dry', action: 'ALLOW', dryRun: true }],
    requestAuthentications: [],
  }],
  ['DENY only', 'sidecar', [deny], {}, { coverage: 'deny-only', policies: [{ policy: 'foo/deny', action: 'DENY', dryRun: false }], requestAuthentications: [] }],
  ['ALLOW list, in evaluation order', 'sidecar', [allowGet, deny], {}, {
    coverage: 'allow-list',
    policies: [{ policy: 'foo/deny', action: 'DENY', dryRun: false }, { policy: 'foo/allow-get', action: 'ALLOW', dryRun: false }],
    requestAuthentications: [],
  }],
  ['allow-nothing only: deny-all', 'sidecar', [allowNothing], {}, { coverage: 'deny-all', policies: [{ policy: 'istio-system/allow-nothing', action: 'ALLOW', dryRun: false }], requestAuthentications: [] }],
  ['ambient: an L7-only ALLOW allows nothing at ztunnel', 'ambient', [allowGet], {}, { coverage: 'deny-all', policies: [{ policy: 'foo/allow-get', action: 'ALLOW', dryRun: false }], requestAuthentications: [] }],
  ['forbidden policies: unknown', 'sidecar', [allowGet], { AuthorizationPolicy: { status: 'forbidden', asOf: null } }, {
    coverage: 'unknown',
    policies: [{ policy: 'foo/allow-get', action: 'ALLOW', dryRun: false }],
    requestAuthentications: [],
  }],
];

describe('summarizeWorkloadAuthz', () => {
  it.each(cases)('%s', (_, dataplane, policies, kinds, want) => {
    const index = buildMeshIndex(aSnapshot({ pods: [pod], authorizationPolicies: policies, kinds }));
    expect(summarizeWorkloadAuthz({ pod, dataplane, isGateway: false }, index)).toEqual(want);
  });

  it('lists the RequestAuthentications that apply (root namespace selector included)', () => {
    const ras = [
      aRequestAuthentication({ name: 'mesh', namespace: 'istio-system', selector: { app: 'httpbin' } }),
      aRequestAuthentication({ name: 'other', namespace: 'bar' }),
    ];
    const index = buildMeshIndex(aSnapshot({ pods: [pod], requestAuthentications: ras }));
    expect(summarizeWorkloadAuthz({ pod, dataplane: 'sidecar', isGateway: false }, index)).toEqual({ coverage: 'none', policies: [], requestAuthentications: ['istio-system/mesh'] });
  });
});
