import { describe, expect, it } from 'vitest';
import { aMeshConfig, aPeerAuthentication, aPod, aSnapshot } from '@/test/builders';
import type { PeerAuthentication, Pod } from '@/lib/snapshot/types';
import { buildMeshIndex } from '../mesh-index';
import { namespaceMtlsMode, resolveEffectiveMtls } from './resolve-effective-mtls';

const ROOT = 'root-namespace';
const t = (offsetSeconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + offsetSeconds * 1000).toISOString();
const mesh = (name: string, mode: PeerAuthentication['mode'], extra: Partial<PeerAuthentication> & { ts?: number } = {}) =>
  aPeerAuthentication({ name, namespace: ROOT, mode, creationTimestamp: t(extra.ts ?? 0), ...extra });
const ns = (name: string, mode: PeerAuthentication['mode'], extra: Partial<PeerAuthentication> & { ts?: number } = {}) =>
  aPeerAuthentication({ name, namespace: 'my-ns', mode, creationTimestamp: t(extra.ts ?? 0), ...extra });

const fooPod = aPod({ name: 'foo-1', namespace: 'my-ns', labels: { app: 'foo', stage: 'prod' }, ports: [8080] });

function resolve(policies: PeerAuthentication[], pod: Pod = fooPod, dataplane: 'sidecar' | 'ambient' | 'none' = 'sidecar') {
  const index = buildMeshIndex(aSnapshot({ pods: [pod], peerAuthentications: policies, meshConfig: aMeshConfig({ rootNamespace: ROOT }) }));
  return resolveEffectiveMtls(pod, dataplane, index);
}

// istio pilot/pkg/security/authn/policy_applier_test.go TestComposePeerAuthentication (istio-semantics §1.5).
describe('workload mode composes mesh → namespace → workload (TestComposePeerAuthentication)', () => {
  const cases: { name: string; policies: PeerAuthentication[]; mode: string; policy: string | null }[] = [
    { name: 'no config is PERMISSIVE', policies: [], mode: 'PERMISSIVE', policy: null },
    { name: 'mesh only', policies: [mesh('default', 'STRICT')], mode: 'STRICT', policy: 'root-namespace/default' },
    {
      name: 'mesh vs namespace: empty matchLabels counts as mesh level, namespace overrides',
      policies: [mesh('default', 'STRICT', { selector: null }), ns('default', 'PERMISSIVE')],
      mode: 'PERMISSIVE',
      policy: 'my-ns/default',
    },
    { name: 'ignore non-empty selector in root namespace', policies: [mesh('foo', 'STRICT', { selector: { app: 'foo' } })], mode: 'PERMISSIVE', policy: null },
    {
      name: 'workload vs namespace: workload UNSET inherits namespace UNSET → PERMISSIVE',
      policies: [ns('default', 'UNSET'), ns('foo', 'UNSET', { selector: { app: 'foo' } })],
      mode: 'PERMISSIVE',
      policy: null,
    },
    { name: 'workload vs mesh config', policies: [ns('default', 'PERMISSIVE'), mesh('default', 'DISABLE')], mode: 'PERMISSIVE', policy: 'my-ns/default' },
    {
      name: 'multiple mesh policies: the oldest wins, ties go to the smaller name',
      policies: [mesh('now', 'DISABLE', { ts: 0 }), mesh('second-ago', 'PERMISSIVE', { ts: -1 }), mesh('second-later', 'STRICT', { ts: -1 })],
      mode: 'PERMISSIVE',
      policy: 'root-namespace/second-ago',
    },
    {
      name: 'multiple namespace policies: the oldest wins',
      policies: [ns('now', 'DISABLE', { ts: 0 }), ns('second-ago', 'PERMISSIVE', { ts: -1 }), ns('second-later', 'STRICT', { ts: -1 })],
      mode: 'PERMISSIVE',
      policy: 'my-ns/second-ago',
    },
    {
      name: 'multiple workload policies: the oldest wins',
      policies: [
        ns('now', 'DISABLE', { ts: 0, selector: { app: 'foo' } }),
        ns('second-ago', 'PERMISSIVE', { ts: -1, selector: { app: 'foo' } }),
        ns('second-later', 'STRICT', { ts: -1, selector: { stage: 'prod' } }),
      ],
      mode: 'PERMISSIVE',
      policy: 'my-ns/second-ago',
    },
    { name: 'inheritance: default mesh UNSET is PERMISSIVE', policies: [mesh('default', 'UNSET')], mode: 'PERMISSIVE', policy: null },
    { name: 'inheritance: mesh to workload', policies: [mesh('default', 'STRICT'), ns('foo', 'UNSET', { selector: { app: 'foo' } })], mode: 'STRICT', policy: 'root-namespace/default' },
    { name: 'inheritance: namespace to workload', policies: [ns('default', 'STRICT'), ns('foo', 'UNSET', { selector: { app: 'foo' } })], mode: 'STRICT', policy: 'my-ns/default' },
    {
      name: 'inheritance: mesh to namespace to workload',
      policies: [mesh('default', 'STRICT'), ns('default', 'UNSET'), ns('foo', 'UNSET', { selector: { app: 'foo' } })],
      mode: 'STRICT',
      policy: 'root-namespace/default',
    },
  ];
  it.each(cases)('$name', ({ policies, mode, policy }) => {
    const result = resolve(policies);
    expect({ mode: result.mode, policy: result.policy }).toEqual({ mode, policy });
  });

  it('port level: UNSET and {} inherit the workload mode, others override (root STRICT; 80 DISABLE, 90 UNSET, 100 {})', () => {
    const pod = aPod({ name: 'foo-1', namespace: 'my-ns', labels: { app: 'foo' }, ports: [80, 90, 100, 8080] });
    const result = resolve([mesh('default', 'STRICT'), ns('foo', 'UNSET', { selector: { app: 'foo' }, portLevelMtls: { 80: 'DISABLE', 90: 'UNSET', 100: 'UNSET' } })], pod);
    expect(result.mode).toBe('STRICT');
    expect(result.ports).toEqual({ '80': 'DISABLE', '90': 'STRICT', '100': 'STRICT', '8080': 'STRICT' });
  });
});

// TestInboundMTLSSettings: workload app=foo, endpoint port 8080.
describe('mode on endpoint port 8080 (TestInboundMTLSSettings)', () => {
  const wl = (name: string, mode: PeerAuthentication['mode'], ts: number, portLevelMtls: Record<number, PeerAuthentication['mode']> | null = null) =>
    ns(name, mode, { ts, selector: { app: 'foo' }, portLevelMtls });
  const cases: { name: string; policies: PeerAuthentication[]; port8080: string }[] = [
    { name: 'no policy behaves as permissive', policies: [], port8080: 'PERMISSIVE' },
    { name: 'single DISABLE', policies: [wl('p', 'DISABLE', 0)], port8080: 'DISABLE' },
    { name: 'single PERMISSIVE', policies: [wl('p', 'PERMISSIVE', 0)], port8080: 'PERMISSIVE' },
    { name: 'single STRICT', policies: [wl('p', 'STRICT', 0)], port8080: 'STRICT' },
    { name: 'older STRICT beats newer DISABLE', policies: [wl('now', 'STRICT', 0), wl('later', 'DISABLE', 1)], port8080: 'STRICT' },
    { name: 'older PERMISSIVE beats newer DISABLE', policies: [wl('now', 'DISABLE', 0), wl('earlier', 'PERMISSIVE', -1)], port8080: 'PERMISSIVE' },
    { name: 'port level hit', policies: [wl('p', 'DISABLE', 0, { 8080: 'STRICT' })], port8080: 'STRICT' },
    { name: 'port level miss', policies: [wl('p', 'UNSET', 0, { 7070: 'STRICT' })], port8080: 'PERMISSIVE' },
  ];
  it.each(cases)('$name', ({ policies, port8080 }) => {
    expect(resolve(policies).ports['8080']).toBe(port8080);
  });

  it('a portLevelMtls of a shadowed (newer) workload policy does not apply; its port is listed with the real mode', () => {
    const result = resolve([wl('old', 'STRICT', 0), wl('new', 'STRICT', 5, { 8080: 'DISABLE', 9000: 'DISABLE' })]);
    expect(result.ports).toEqual({ '8080': 'STRICT', '9000': 'STRICT' });
    expect(result.ignored).toEqual([{ policy: 'my-ns/new', reason: 'newer workload-level PeerAuthentication; the oldest, my-ns/old, wins (PA-4)' }]);
  });
});

describe('dataplane and completeness', () => {
  it('a pod without a dataplane is NONE on every port, whatever the policies say', () => {
    const result = resolve([mesh('default', 'STRICT')], fooPod, 'none');
    expect({ mode: result.mode, ports: result.ports }).toEqual({ mode: 'NONE', ports: { '8080': 'NONE' } });
  });

  it('ambient treats DISABLE as PERMISSIVE (A-2), at workload and port level', () => {
    const pod = aPod({ name: 'a', namespace: 'my-ns', labels: { app: 'foo' }, ports: [8080, 9090], dataplane: 'none' });
    const result = resolve([ns('default', 'DISABLE'), ns('w', 'UNSET', { selector: { app: 'foo' }, portLevelMtls: { 9090: 'STRICT' } })], pod, 'ambient');
    expect({ mode: result.mode, ports: result.ports }).toEqual({ mode: 'PERMISSIVE', ports: { '8080': 'PERMISSIVE', '9090': 'STRICT' } });
  });

  it('forbidden PeerAuthentication makes every dataplane verdict UNKNOWN, never secure', () => {
    const index = buildMeshIndex(aSnapshot({ pods: [fooPod], kinds: { PeerAuthentication: { status: 'forbidden', asOf: null, reason: 'RBAC' } } }));
    const result = resolveEffectiveMtls(fooPod, 'sidecar', index);
    expect({ mode: result.mode, ports: result.ports, unknownReason: result.unknownReason }).toEqual({
      mode: 'UNKNOWN',
      ports: { '8080': 'UNKNOWN' },
      unknownReason: 'PeerAuthentication could not be read (forbidden: RBAC)',
    });
  });

  it('records the decision chain with UNSET levels shown as not applied', () => {
    const result = resolve([mesh('default', 'STRICT'), ns('default', 'UNSET')]);
    expect(result.chain).toEqual([
      { level: 'default', policy: null, mode: 'PERMISSIVE', applied: true },
      { level: 'mesh', policy: 'root-namespace/default', mode: 'STRICT', applied: true },
      { level: 'namespace', policy: 'my-ns/default', mode: 'UNSET', applied: false },
    ]);
  });
});

// pilot/pkg/model/authentication_test.go TestGetPoliciesForWorkload (root namespace istio-config).
describe('namespace-level mode for client inference (TestGetPoliciesForWorkload)', () => {
  const at = (s: number) => t(s);
  const policies = [
    aPeerAuthentication({ name: 'default', namespace: 'istio-config', mode: 'UNSET', creationTimestamp: at(0) }),
    aPeerAuthentication({ name: 'ignored-newer', namespace: 'istio-config', mode: 'UNSET', creationTimestamp: at(2) }),
    aPeerAuthentication({ name: 'ignored-another-newer', namespace: 'istio-config', mode: 'UNSET', creationTimestamp: at(1) }),
    aPeerAuthentication({ name: 'global-peer-with-selector', namespace: 'istio-config', selector: { app: 'httpbin', version: 'v2' }, creationTimestamp: at(0) }),
    aPeerAuthentication({ name: 'default', namespace: 'foo', mode: 'STRICT', creationTimestamp: at(0) }),
    aPeerAuthentication({ name: 'ignored-newer-default', namespace: 'foo', mode: 'STRICT', creationTimestamp: at(1) }),
    aPeerAuthentication({ name: 'peer-with-selector', namespace: 'foo', selector: { version: 'v1' }, mode: 'DISABLE', creationTimestamp: at(0) }),
  ];
  const index = (ps = policies) => buildMeshIndex(aSnapshot({ peerAuthentications: ps, meshConfig: aMeshConfig({ rootNamespace: 'istio-config' }) }));
  it.each([
    { namespace: 'foo', expected: 'STRICT' },
    { namespace: 'bar', expected: 'PERMISSIVE' },
  ])('$namespace → $expected', ({ namespace, expected }) => {
    expect(namespaceMtlsMode(namespace, index())).toBe(expected);
  });
  it('with no mesh and no namespace policy the mode is UNKNOWN', () => {
    expect(namespaceMtlsMode('bar', index([]))).toBe('UNKNOWN');
  });
  it('foo pod app=httpbin,version=v1: the workload DISABLE applies, the newer defaults are ignored', () => {
    const pod = aPod({ name: 'h', namespace: 'foo', labels: { app: 'httpbin', version: 'v1' } });
    const result = resolveEffectiveMtls(pod, 'sidecar', index());
    expect({ mode: result.mode, policy: result.policy, ignored: result.ignored.map((i) => i.policy) }).toEqual({
      mode: 'DISABLE',
      policy: 'foo/peer-with-selector',
      ignored: ['istio-config/ignored-another-newer', 'istio-config/ignored-newer', 'foo/ignored-newer-default'],
    });
  });
});
