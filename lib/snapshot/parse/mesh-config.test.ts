import { describe, expect, it } from 'vitest';
import { defaultMeshConfig, parseMeshConfigText } from './mesh-config';

const from = { namespace: 'istio-system', name: 'istio' };

describe('mesh config (ConfigMap istio, key mesh)', () => {
  it('reads every field the engine uses, with Istio defaults for the rest', () => {
    const text = `
rootNamespace: istio-config
trustDomain: prod.example.com
trustDomainAliases: [old.example.com]
accessLogFile: /dev/stdout
defaultProviders: { accessLogging: [otel] }
extensionProviders:
- name: opa
  envoyExtAuthzGrpc: { service: opa.opa.svc.cluster.local, port: 9191, failOpen: true }
- name: otel
  envoyOtelAls: { service: otel.observability.svc.cluster.local, port: 4317 }
defaultConfig:
  discoveryAddress: istiod.istio-system.svc:15012
  holdApplicationUntilProxyStarts: true
  proxyMetadata: { ISTIO_META_DNS_CAPTURE: "true" }
`;
    expect(parseMeshConfigText(text, from)).toEqual({
      ok: true,
      warnings: [],
      value: {
        rootNamespace: 'istio-config',
        trustDomain: 'prod.example.com',
        trustDomainAliases: ['old.example.com'],
        enableAutoMtls: true,
        accessLogFile: '/dev/stdout',
        defaultAccessLogProviders: ['otel'],
        extensionProviders: [
          { name: 'opa', kind: 'envoyExtAuthzGrpc', service: 'opa.opa.svc.cluster.local', port: 9191, failOpen: true },
          { name: 'otel', kind: 'envoyOtelAls' },
        ],
        defaultConfig: { discoveryAddress: 'istiod.istio-system.svc:15012', holdApplicationUntilProxyStarts: true, proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' } },
        from,
      },
    });
  });

  it('an empty mesh text is the defaults, read from the ConfigMap', () => {
    expect(parseMeshConfigText('', from)).toEqual({ ok: true, warnings: [], value: { ...defaultMeshConfig(), from } });
  });

  it.each([
    ['key: [unclosed', /data\.mesh: not valid YAML/],
    ['[a, b]', /data\.mesh: expected a map/],
  ])('rejects %j as a whole only when it is not a map of fields', (text, message) => {
    const result = parseMeshConfigText(text, from);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(message);
  });
});

// Istio decodes the mesh config as protobuf JSON (istio/istio pkg/util/protomarshal/protomarshal.go: ApplyYAML →
// ApplyJSON, which retries with unknown fields discarded); the proto3 JSON mapping (https://protobuf.dev/programming-guides/json/)
// accepts integers as strings, durations as "<seconds>s", enums by name or number, and the proto field names.
describe('mesh config as protobuf JSON (what Istio accepts)', () => {
  const opa = (body: string) => `extensionProviders:\n- name: opa\n  envoyExtAuthzGrpc: ${body}\n`;
  const read = (text: string) => {
    const result = parseMeshConfigText(text, from);
    if (!result.ok) throw new Error(result.reason);
    return result;
  };

  it.each([
    ['a port as a string (Helm values)', opa('{ service: opa.opa.svc.cluster.local, port: "9000" }'), { port: 9000 }],
    ['a port as a number', opa('{ service: opa.opa.svc.cluster.local, port: 9000 }'), { port: 9000 }],
    ['a timeout as a duration string', opa('{ service: opa.opa.svc.cluster.local, port: 9000, timeout: 0.5s }'), { port: 9000 }],
    ['a timeout in whole seconds', opa('{ service: opa.opa.svc.cluster.local, port: 9000, timeout: "1s", failOpen: true }'), { port: 9000, failOpen: true }],
    ['proto field names', 'extension_providers:\n- name: opa\n  envoy_ext_authz_grpc: { service: opa.opa.svc.cluster.local, port: "9000" }\n', { port: 9000 }],
  ])('reads %s', (_, text, extra) => {
    expect(read(text)).toEqual({
      ok: true,
      warnings: [],
      value: { ...defaultMeshConfig(), from, extensionProviders: [{ name: 'opa', kind: 'envoyExtAuthzGrpc', service: 'opa.opa.svc.cluster.local', ...extra }] },
    });
  });

  it.each([
    ['REGISTRY_ONLY', 'REGISTRY_ONLY'],
    ['0', 'REGISTRY_ONLY'],
    ['1', 'ALLOW_ANY'],
  ] as const)('reads the enum outboundTrafficPolicy.mode %s by name or number', (written, mode) => {
    expect(read(`outboundTrafficPolicy: { mode: ${written} }`)).toEqual({ ok: true, warnings: [], value: { ...defaultMeshConfig(), from, outboundTrafficPolicyMode: mode } });
  });

  it('a bad field is dropped with a warning naming it; the rest of the mesh config still counts', () => {
    expect(read('trustDomain: prod.example.com\nenableAutoMtls: "yes"\nrootNamespace: [a, b]\n')).toEqual({
      ok: true,
      warnings: [
        { level: 'warning', reason: expect.stringMatching(/^data\.mesh\.enableAutoMtls: .*; this field is ignored/) },
        { level: 'warning', reason: expect.stringMatching(/^data\.mesh\.rootNamespace: .*; this field is ignored/) },
      ],
      value: { ...defaultMeshConfig(), from, trustDomain: 'prod.example.com' },
    });
  });

  it('a bad extension provider is dropped on its own, named; the others are kept', () => {
    const text = `extensionProviders:
- name: opa
  envoyExtAuthzGrpc: { service: opa.opa.svc.cluster.local, port: "ninety" }
- name: authz-http
  envoyExtAuthzHttp: { service: authz.authz.svc.cluster.local, port: "8000", timeout: 10 }
`;
    expect(read(text)).toEqual({
      ok: true,
      warnings: [
        { level: 'warning', reason: expect.stringMatching(/^data\.mesh\.extensionProviders\[0\] \("opa"\)\.envoyExtAuthzGrpc\.port: expected an integer .*"ninety"; this extension provider is ignored$/) },
        { level: 'warning', reason: expect.stringMatching(/^data\.mesh\.extensionProviders\[1\] \("authz-http"\)\.envoyExtAuthzHttp\.timeout: .*; this field is ignored/) },
      ],
      value: {
        ...defaultMeshConfig(),
        from,
        extensionProviders: [{ name: 'authz-http', kind: 'envoyExtAuthzHttp', service: 'authz.authz.svc.cluster.local', port: 8000 }],
      },
    });
  });

  it('an unknown field is an info-level note (Istio discards it), known ones are not', () => {
    expect(read('trustDomian: typo.example.com\nenableTracing: true\nmesh_mTLS: { minProtocolVersion: TLSV1_3 }\n').warnings).toEqual([
      { level: 'info', reason: 'data.mesh.trustDomian: not a MeshConfig field; Istio discards unknown fields, and so does this reading' },
    ]);
  });

  it('reads defaultConfig.caAddress (an external CA such as SPIRE or cert-manager istio-csr)', () => {
    expect(read('defaultConfig: { caAddress: "cert-manager-istio-csr.cert-manager.svc:443" }').value.defaultConfig).toEqual({
      proxyMetadata: {},
      holdApplicationUntilProxyStarts: false,
      caAddress: 'cert-manager-istio-csr.cert-manager.svc:443',
    });
  });
});
