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
    expect(parseMeshConfigText('', from)).toEqual({ ok: true, value: { ...defaultMeshConfig(), from } });
  });

  it.each([
    ['enableAutoMtls: "yes"', /data\.mesh\.enableAutoMtls: /],
    ['trustDomain: [a, b]', /data\.mesh\.trustDomain: /],
    ['key: [unclosed', /data\.mesh: not valid YAML/],
  ])('rejects %j with the field named', (text, message) => {
    const result = parseMeshConfigText(text, from);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(message);
  });
});
