// Istio's label semantics for observed traffic, as a table. Sources:
// - istio.io content/en/docs/reference/config/metrics/index.md, "Labels": Reporter ("destination if report is from a
//   server Istio proxy and source if report is from a client Istio proxy"), Connection Security Policy ("mutual_tls
//   when Istio is used to make communication secure and report is from destination. It is set to unknown when report
//   is from source"), Source Workload ("unknown if the source information is missing").
// - istio/ztunnel src/proxy/metrics.rs (`SecurityPolicy` is `unknown` or `mutual_tls` only) and
//   src/proxy/inbound_passthrough.rs (plaintext into a captured pod: reporter destination, `SecurityPolicy::unknown`).
import { describe, expect, it } from 'vitest';
import { classifyTransport, sourceName } from './classify';

describe('classifyTransport', () => {
  it.each([
    { case: 'sidecar destination, mutual_tls', reporter: 'destination', policy: 'mutual_tls', dataplane: 'sidecar', expected: 'mtls' },
    { case: 'sidecar destination, none: plaintext arrived at the server proxy', reporter: 'destination', policy: 'none', dataplane: 'sidecar', expected: 'plaintext' },
    { case: 'sidecar destination, unknown: Envoy does not write it there, so it cannot be told', reporter: 'destination', policy: 'unknown', dataplane: 'sidecar', expected: 'unclassified' },
    { case: 'ztunnel destination, unknown: inbound passthrough, i.e. plaintext', reporter: 'destination', policy: 'unknown', dataplane: 'ambient', expected: 'plaintext' },
    { case: 'ztunnel destination, mutual_tls: HBONE', reporter: 'destination', policy: 'mutual_tls', dataplane: 'ambient', expected: 'mtls' },
    { case: 'waypoint, mutual_tls', reporter: 'waypoint', policy: 'mutual_tls', dataplane: 'ambient', expected: 'mtls' },
    { case: 'waypoint, unknown: not ztunnel, cannot be told', reporter: 'waypoint', policy: 'unknown', dataplane: 'ambient', expected: 'unclassified' },
    { case: 'source reporter: always unknown there, says nothing', reporter: 'source', policy: 'unknown', dataplane: 'sidecar', expected: null },
    { case: 'source reporter even with mutual_tls: not the server side', reporter: 'source', policy: 'mutual_tls', dataplane: 'sidecar', expected: null },
    { case: 'a value Istio never writes (hostile)', reporter: 'destination', policy: '<script>', dataplane: 'sidecar', expected: 'unclassified' },
  ] as const)('$case', ({ reporter, policy, dataplane, expected }) => {
    expect(classifyTransport({ reporter, securityPolicy: policy }, dataplane)).toBe(expected);
  });
});

describe('sourceName', () => {
  it.each([
    { namespace: 'shop', workload: 'web', expected: 'shop/web' },
    { namespace: 'unknown', workload: 'unknown', expected: 'unknown' },
    { namespace: 'shop', workload: 'unknown', expected: 'unknown' },
    { namespace: '', workload: 'web', expected: 'unknown' },
  ])('$namespace/$workload → $expected', ({ namespace, workload, expected }) => {
    expect(sourceName(namespace, workload)).toBe(expected);
  });
});
