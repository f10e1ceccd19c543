import { describe, expect, it } from 'vitest';
import type { AuthzRule, ExtensionProvider } from '@/lib/snapshot/types';
import { aMeshConfig, anAuthorizationPolicy, anEnvoyFilter, aPod } from '@/test/builders';
import { findingsFor, summaries, type SnapshotInput } from './testing';

const CODES = ['MP304', 'MP305', 'MP306', 'MP308'];
const admin: AuthzRule = { from: null, to: [{ paths: ['/admin*'] }], when: null };
const mesh = (providers: ExtensionProvider[], extra: Parameters<typeof aMeshConfig>[0] = {}) =>
  aMeshConfig({ extensionProviders: providers, from: { namespace: 'istio-system', name: 'istio' }, ...extra });
const opa: ExtensionProvider = { name: 'opa', kind: 'envoyExtAuthzGrpc', service: 'opa.opa-system.svc.cluster.local', port: 9191 };
const partner: ExtensionProvider = { name: 'partner', kind: 'envoyExtAuthzHttp', service: 'entitlements.partner.svc.cluster.local', port: 8080 };
const gw = aPod({ name: 'gw-1', namespace: 'partner', labels: { app: 'gw' } });
const custom = (name: string, provider: string, extra: Partial<Parameters<typeof anAuthorizationPolicy>[0]> = {}) =>
  anAuthorizationPolicy({ name, namespace: 'partner', action: 'CUSTOM', provider, rules: [admin], ...extra });
const principal = (p: string): AuthzRule => ({ from: [{ principals: [p] }], to: null, when: null });

describe('CUSTOM, ext_authz and trust-domain checks', () => {
  const cases: { name: string; input: SnapshotInput; expected: ReturnType<typeof summaries> }[] = [
    {
      name: 'MP304: a CUSTOM provider missing from extensionProviders',
      input: { pods: [gw], meshConfig: mesh([opa]), authorizationPolicies: [custom('sso', 'oauth2-proxy')] },
      expected: [{ code: 'MP304', severity: 'error', objects: ['AuthorizationPolicy/partner/sso', 'ConfigMap/istio-system/istio'] }],
    },
    {
      name: 'MP304: the provider exists but is not an ext_authz kind',
      input: { pods: [gw], meshConfig: mesh([{ name: 'otel', kind: 'opentelemetry' }]), authorizationPolicies: [custom('sso', 'otel')] },
      expected: [{ code: 'MP304', severity: 'error', objects: ['AuthorizationPolicy/partner/sso', 'ConfigMap/istio-system/istio'] }],
    },
    {
      name: 'no MP304: a valid provider; no MP304 when the mesh config is absent (defaults assumed)',
      input: { pods: [gw], meshConfig: mesh([opa]), authorizationPolicies: [custom('ok', 'opa')] },
      expected: [],
    },
    {
      name: 'MP308: two providers on one workload (both valid)',
      input: { pods: [gw], meshConfig: mesh([opa, partner]), authorizationPolicies: [custom('a', 'opa'), custom('b', 'partner')] },
      expected: [{ code: 'MP308', severity: 'error', objects: ['AuthorizationPolicy/partner/a', 'AuthorizationPolicy/partner/b', 'Pod/partner/gw-1'] }],
    },
    {
      name: 'no MP308: two CUSTOM policies naming the same provider',
      input: { pods: [gw], meshConfig: mesh([opa]), authorizationPolicies: [custom('a', 'opa'), custom('b', 'opa')] },
      expected: [],
    },
    {
      name: 'MP305: an EnvoyFilter ext_authz with failure_mode_allow',
      input: {
        envoyFilters: [
          anEnvoyFilter({ name: 'open', namespace: 'id', patches: [{ applyTo: 'HTTP_FILTER', operation: 'INSERT_BEFORE', filterName: 'envoy.filters.http.ext_authz', failureModeAllow: true }] }),
          anEnvoyFilter({ name: 'closed', namespace: 'id', patches: [{ applyTo: 'HTTP_FILTER', operation: 'INSERT_BEFORE', filterName: 'envoy.filters.http.ext_authz', failureModeAllow: false }] }),
        ],
      },
      expected: [{ code: 'MP305', severity: 'warning', objects: ['EnvoyFilter/id/open'] }],
    },
    {
      name: 'MP305: a mesh-config ext_authz provider with failOpen',
      input: { meshConfig: mesh([{ ...opa, failOpen: true }, partner]) },
      expected: [{ code: 'MP305', severity: 'warning', objects: ['ConfigMap/istio-system/istio'] }],
    },
    {
      name: 'MP306: a principal in a foreign trust domain',
      input: { meshConfig: mesh([]), authorizationPolicies: [anAuthorizationPolicy({ name: 'p', namespace: 'ship', rules: [principal('prod-eu1.corp.example.com/ns/orders/sa/fulfilment')] })] },
      expected: [{ code: 'MP306', severity: 'warning', objects: ['AuthorizationPolicy/ship/p', 'ConfigMap/istio-system/istio'] }],
    },
    {
      name: 'MP306: source.principal and trustDomains are read too',
      input: {
        meshConfig: mesh([]),
        authorizationPolicies: [
          anAuthorizationPolicy({ name: 'w', namespace: 'ship', rules: [{ from: null, to: null, when: [{ key: 'source.principal', values: ['spire.example.org/ns/a/sa/b'] }] }] }),
          anAuthorizationPolicy({ name: 't', namespace: 'ship', rules: [{ from: [{ trustDomains: ['other.example'] }], to: null, when: null }] }),
        ],
      },
      expected: [
        { code: 'MP306', severity: 'warning', objects: ['AuthorizationPolicy/ship/t', 'ConfigMap/istio-system/istio'] },
        { code: 'MP306', severity: 'warning', objects: ['AuthorizationPolicy/ship/w', 'ConfigMap/istio-system/istio'] },
      ],
    },
    {
      name: 'no MP306: the trust domain, an alias, the cluster.local pointer, a matching *suffix and a bare *',
      input: {
        meshConfig: mesh([], { trustDomain: 'td1', trustDomainAliases: ['old-cluster.local'] }),
        authorizationPolicies: [
          anAuthorizationPolicy({
            name: 'p',
            namespace: 'ship',
            rules: [
              principal('td1/ns/a/sa/b'),
              principal('old-cluster.local/ns/a/sa/b'),
              principal('cluster.local/ns/a/sa/b'),
              principal('*cluster.local/ns/a/sa/b'),
              principal('*'),
              principal('*/ns/a/sa/b'),
            ],
          }),
        ],
      },
      expected: [],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(summaries(input, CODES)).toEqual(expected);
  });

  it('MP304 is skipped when the mesh config could not be read (its providers are unknown)', () => {
    const input: SnapshotInput = { pods: [gw], authorizationPolicies: [custom('sso', 'oauth2-proxy')], kinds: { MeshConfig: { status: 'absent', asOf: null } } };
    expect(summaries(input, CODES)).toEqual([]);
  });

  it('MP306 message names the principal and the mesh trust domains', () => {
    const [f] = findingsFor(
      { meshConfig: mesh([], { trustDomainAliases: ['old-cluster.local'] }), authorizationPolicies: [anAuthorizationPolicy({ name: 'p', namespace: 'ship', rules: [principal('spire.example.org/ns/a/sa/b')] })] },
      ['MP306'],
    );
    expect(f?.message).toBe(
      'AuthorizationPolicy ship/p names "spire.example.org/ns/a/sa/b" in trust domain spire.example.org, which is not the mesh trust domain cluster.local or its aliases (old-cluster.local): no mesh workload presents such an identity',
    );
  });
});
