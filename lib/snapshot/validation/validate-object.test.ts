// Objects as the API server admits them, read from files (buildSnapshot, schemaValidation 'enforce', the default):
// names the API server rejects (issue #15 item 5), and CRD-invalid Istio and Gateway API objects, are issues naming
// the object and never in force; valid ones are read.
import { describe, expect, it } from 'vitest';
import { buildSnapshot, type SourceDocument } from '../build-snapshot';
import type { MeshSnapshot } from '../types';
import { validateObject } from './validate-object';

const AS_OF = '2026-05-01T00:00:00Z';
const HOSTILE_NAMES = ['<script>', 'a\rb', 'a\u0000b', 'a/b'];

function build(raws: unknown[]): MeshSnapshot {
  return buildSnapshot(raws.map((raw, i): SourceDocument => ({ raw, location: { file: 'mesh.yaml', line: 1 + i * 10 } })), { source: 'test', asOf: AS_OF });
}

const collectionSize = (s: MeshSnapshot) =>
  s.namespaces.length + s.pods.length + s.services.length + s.serviceAccounts.length + s.peerAuthentications.length + s.authorizationPolicies.length +
  s.requestAuthentications.length + s.destinationRules.length + s.envoyFilters.length + s.telemetries.length + s.rootCertConfigMaps.length;

/** One object of each kind the snapshot reads, named `name` in namespace `namespace`. */
function objectsNamed(name: string, namespace = 'shop'): Record<string, unknown>[] {
  const meta = { name, namespace };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: { containers: [{ name: 'app', image: 'app' }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: {} },
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta, spec: { mtls: { mode: 'STRICT' } } },
    { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta, spec: {} },
    { apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: meta, spec: {} },
    { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: meta, spec: { host: 'x.shop.svc.cluster.local' } },
    { apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: meta, spec: {} },
    { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: meta, spec: {} },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'app', image: 'app' }] } } } },
  ];
}

describe('metadata names (issue #15 item 5)', () => {
  it.each(HOSTILE_NAMES.map((n) => [JSON.stringify(n), n]))('a name %s is an issue for every kind read, and nothing is read', (_shown, name) => {
    const objects = objectsNamed(name);
    const snapshot = build(objects);
    expect(collectionSize(snapshot)).toBe(0);
    expect(snapshot.issues).toHaveLength(objects.length);
    snapshot.issues.forEach((issue, i) => {
      expect(issue).toMatchObject({ kind: objects[i]!['kind'], file: 'mesh.yaml', line: 1 + i * 10, reason: expect.stringMatching(/^metadata\.name: /) });
      expect(issue.reason).toContain(JSON.stringify(name)); // quoted: CR, NUL and markup never reach a report raw
    });
  });

  it.each(HOSTILE_NAMES.map((n) => [JSON.stringify(n), n]))('a namespace %s is an issue for every namespaced kind', (_shown, namespace) => {
    const objects = objectsNamed('ok', namespace).filter((o) => o['kind'] !== 'Namespace');
    const snapshot = build(objects);
    expect(collectionSize(snapshot)).toBe(0);
    expect(snapshot.issues.map((i) => i.reason.slice(0, 'metadata.namespace:'.length))).toEqual(objects.map(() => 'metadata.namespace:'));
  });

  it('valid names of every kind are read', () => {
    const snapshot = build(objectsNamed('ok'));
    expect(snapshot.issues).toEqual([]);
    // The ConfigMap is not one the engine reads; the Deployment adds its predicted pod.
    expect(collectionSize(snapshot)).toBe(objectsNamed('ok').length - 1);
  });

  it.each([
    ['Service', 'v1', '1st', false, 'a Service is named by a DNS-1035 label (starts with a letter)'],
    ['Pod', 'v1', '1st', true, 'other kinds by a DNS-1123 subdomain'],
    ['Pod', 'v1', 'a.b-c', true, 'dots allowed in a subdomain'],
    ['Service', 'v1', 'a.b', false, 'no dots in a label'],
    ['Namespace', 'v1', 'a.b', false, 'a Namespace is named by a DNS-1123 label'],
    ['PeerAuthentication', 'security.istio.io/v1', 'Default', false, 'no capitals'],
    ['Pod', 'v1', 'x'.repeat(253), true, '253 characters are allowed'],
    ['Pod', 'v1', 'x'.repeat(254), false, 'not 254'],
    ['Service', 'v1', 'x'.repeat(64), false, 'a label has at most 63'],
  ] as const)('%s %s: valid %s (%s)', (kind, apiVersion, name, valid, why) => {
    const raw = { apiVersion, kind, metadata: { name, ...(kind === 'Namespace' ? {} : { namespace: 'shop' }) } };
    expect(validateObject(raw, apiVersion, kind).valid, why).toBe(valid);
  });

  it.each([
    [{ app: 'web' }, true],
    [{ 'app.kubernetes.io/name': 'web', 'version': '' }, true],
    [{ 'bad key': 'x' }, false],
    [{ 'Example.COM/x': 'y' }, false],
    [{ app: '<script>' }, false],
    [{ app: 'x'.repeat(64) }, false],
  ])('labels %j: valid %s', (labels, valid) => {
    const raw = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop', labels } };
    expect(validateObject(raw, 'v1', 'Pod').valid).toBe(valid);
  });
});

describe('CRD schemas and CEL rules', () => {
  const policy = (source: Record<string, unknown>) => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'allow', namespace: 'shop' },
    spec: { action: 'ALLOW', rules: [{ from: [{ source }] }] },
  });

  it('an object breaking a CEL rule is an issue quoting the rule message, and is not read', () => {
    const snapshot = build([policy({ serviceAccounts: ['bar/sa'], namespaces: ['bar'] })]);
    expect(snapshot.authorizationPolicies).toEqual([]);
    expect(snapshot.issues).toEqual([
      {
        object: 'AuthorizationPolicy/shop/allow',
        kind: 'AuthorizationPolicy',
        file: 'mesh.yaml',
        line: 1,
        reason: 'spec.rules[0].from[0].source: Cannot set serviceAccounts with namespaces or principals (AuthorizationPolicy CRD schema, security.istio.io/v1); the API server rejects the object, so it is not read',
      },
    ]);
  });

  it('an object breaking the structural schema is an issue naming the path', () => {
    const snapshot = build([{ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'p', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'x' } }, portLevelMtls: {} } }]);
    expect(snapshot.peerAuthentications).toEqual([]);
    expect(snapshot.issues[0]?.reason).toMatch(/^spec\.portLevelMtls: must NOT have fewer than 1 properties/);
  });

  it('an unknown field is pruned, as the API server does, not an error: the object is read, and an info note names the field', () => {
    const snapshot = build([policy({ principals: ['cluster.local/ns/a/sa/b'] }), { ...policy({}), metadata: { name: 'other', namespace: 'shop' }, spec: { action: 'ALLOW', unknownField: 1 } }]);
    expect(snapshot.issues).toEqual([
      {
        object: 'AuthorizationPolicy/shop/other', kind: 'AuthorizationPolicy', file: 'mesh.yaml', line: 11, level: 'info',
        reason: 'unknown field spec.unknownField: not in the AuthorizationPolicy CRD schema, so the API server drops it (kubectl warns "unknown field"); the object is read without it, as a cluster would hold it',
      },
    ]);
    expect(snapshot.authorizationPolicies.map((p) => p.meta.name)).toEqual(['allow', 'other']);
    const result = validateObject({ ...policy({}), spec: { action: 'ALLOW', unknownField: 1 } }, 'security.istio.io/v1', 'AuthorizationPolicy');
    expect(result).toEqual({ valid: true, pruned: ['spec.unknownField'] });
  });

  it('a misspelt selector is pruned: the policy applies namespace-wide, as in a cluster, and the note says which field was dropped', () => {
    const snapshot = build([{ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'pa', namespace: 'shop' }, spec: { selecter: { matchLabels: { app: 'x' } }, mtls: { mode: 'DISABLE' } } }]);
    expect(snapshot.peerAuthentications.map((p) => [p.meta.name, p.selector])).toEqual([['pa', null]]);
    expect(snapshot.issues.map((i) => [i.level, i.reason.slice(0, 40)])).toEqual([['info', 'unknown field spec.selecter: not in the ']]);
  });

  it('Istio and Gateway API kinds the engine ignores are still checked: an invalid one is reported', () => {
    const route = (value: string) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value } }], backendRefs: [{ name: 'web', port: 80 }] }] },
    });
    expect(build([route('/api')]).issues).toEqual([]);
    const invalid = build([route('api')]);
    expect(invalid.issues).toHaveLength(1);
    expect(invalid.issues[0]).toMatchObject({ object: 'HTTPRoute/shop/r', reason: expect.stringContaining('must be an absolute path') });
    const serviceEntry = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'se', namespace: 'shop' }, spec: { hosts: ['*'] } };
    expect(build([serviceEntry]).issues[0]?.reason).toContain('hostname cannot be wildcard');
  });

  it('status is not validated where the status subresource ignores it on a create (a kubectl dump has one)', () => {
    const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'shop' }, spec: {}, status: { parents: 'not a list' } };
    expect(validateObject(route, route.apiVersion, route.kind)).toEqual({ valid: true, pruned: [] });
    expect(build([policy({ principals: ['a'] })].map((p) => ({ ...p, status: { validationMessages: 42 } }))).issues).toEqual([]);
  });

  it('schemaValidation "skip" reads the object as before (the live source: the API server admitted it)', () => {
    const raws = [{ ...policy({ principals: ['cluster.local/ns/a/sa/b'] }), metadata: { name: 'Allow-All', namespace: 'shop' } }];
    expect(build(raws).authorizationPolicies).toEqual([]);
    const snapshot = buildSnapshot(raws.map((raw) => ({ raw })), { source: 'live', asOf: AS_OF, schemaValidation: 'skip' });
    expect(snapshot.issues).toEqual([]);
    expect(snapshot.authorizationPolicies.map((p) => p.meta.name)).toEqual(['Allow-All']);
  });
});
