import { describe, expect, it } from 'vitest';
import type { ClientTlsMode, DestinationRule, TrafficPolicy } from '@/lib/snapshot/types';
import { aDestinationRule, aPeerAuthentication, aPod, aService } from '@/test/builders';
import { caCertificateGaps } from './destination-rule-ca-checks';
import { findingsFor, summaries, type SnapshotInput } from './testing';

const CODES = ['MP201', 'MP202', 'MP203', 'MP204'];
const tls = (mode: ClientTlsMode, extra: { caCertificates?: string; credentialName?: string } = {}) => ({ mode, subjectAltNames: [], ...extra });
const policy = (mode: ClientTlsMode | null, ports: TrafficPolicy['portLevelSettings'] = []): TrafficPolicy => ({ tls: mode ? tls(mode) : null, portLevelSettings: ports });
const dr = (mode: ClientTlsMode | null, extra: Partial<DestinationRule> = {}) =>
  aDestinationRule({ name: 'tax', namespace: 'checkout', host: 'tax', trafficPolicy: policy(mode), ...extra });

const client = aPod({ name: 'checkout-1', namespace: 'checkout', labels: { app: 'checkout' } });
const taxPod = (name: string, dataplane: 'sidecar' | 'none' = 'sidecar', labels: Record<string, string> = {}) =>
  aPod({ name, namespace: 'checkout', labels: { app: 'tax', ...labels }, ports: [8080, 2525], dataplane });
const taxSvc = aService({
  name: 'tax',
  namespace: 'checkout',
  ports: [
    { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
    { name: 'tcp-smtp', port: 25, targetPort: 2525, protocol: 'TCP' },
  ],
});
const strictNs = aPeerAuthentication({ name: 'default', namespace: 'checkout', mode: 'STRICT' });
const base = (extra: SnapshotInput): SnapshotInput => ({ pods: [client, taxPod('tax-1')], services: [taxSvc], peerAuthentications: [strictNs], ...extra });

describe('DestinationRule client TLS against the server mode', () => {
  const cases: { name: string; input: SnapshotInput; expected: ReturnType<typeof summaries> }[] = [
    {
      name: 'MP201: DISABLE to a STRICT server',
      input: base({ destinationRules: [dr('DISABLE')] }),
      expected: [{ code: 'MP201', severity: 'error', objects: ['DestinationRule/checkout/tax', 'Service/checkout/tax', 'Pod/checkout/tax-1'] }],
    },
    {
      name: 'no MP201: DISABLE to a PERMISSIVE server (plaintext accepted)',
      input: base({ destinationRules: [dr('DISABLE')], peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'checkout', mode: 'PERMISSIVE' })] }),
      expected: [],
    },
    {
      name: 'no MP201: no sidecar client exists, so no one applies the rule',
      input: base({ pods: [taxPod('tax-1'), aPod({ name: 'curl', namespace: 'checkout', dataplane: 'none' })], destinationRules: [dr('DISABLE')] }),
      expected: [],
    },
    {
      name: 'no MP201: the rule is exported only to its own namespace and the only client is elsewhere',
      input: base({
        pods: [aPod({ name: 'web-1', namespace: 'web' }), taxPod('tax-1')],
        destinationRules: [dr('DISABLE', { exportTo: ['.'] })],
      }),
      expected: [],
    },
    {
      name: "no MP201: a more specific rule in the client's namespace shadows it",
      input: base({
        pods: [aPod({ name: 'web-1', namespace: 'web' }), taxPod('tax-1')],
        destinationRules: [
          aDestinationRule({ name: 'all', namespace: 'istio-system', host: '*.local', trafficPolicy: policy('DISABLE') }),
          aDestinationRule({ name: 'tax', namespace: 'web', host: 'tax.checkout.svc.cluster.local', trafficPolicy: policy('ISTIO_MUTUAL') }),
        ],
      }),
      expected: [],
    },
    {
      name: 'MP201: a subset with its own DISABLE names only the pods its labels select',
      input: base({
        pods: [client, taxPod('tax-v1', 'sidecar', { version: 'v1' }), taxPod('tax-v2', 'sidecar', { version: 'v2' })],
        destinationRules: [dr(null, { subsets: [{ name: 'v2', labels: { version: 'v2' }, trafficPolicy: policy('DISABLE') }, { name: 'v1', labels: { version: 'v1' }, trafficPolicy: null }] })],
      }),
      expected: [{ code: 'MP201', severity: 'error', objects: ['DestinationRule/checkout/tax', 'Service/checkout/tax', 'Pod/checkout/tax-v2'] }],
    },
    {
      name: 'MP202: ISTIO_MUTUAL to pods without a dataplane',
      input: base({ pods: [client, taxPod('tax-1', 'none')], destinationRules: [dr('ISTIO_MUTUAL')] }),
      expected: [{ code: 'MP202', severity: 'error', objects: ['DestinationRule/checkout/tax', 'Service/checkout/tax', 'Pod/checkout/tax-1'] }],
    },
    {
      name: 'no MP202: ISTIO_MUTUAL to a sidecar server',
      input: base({ destinationRules: [dr('ISTIO_MUTUAL')] }),
      expected: [],
    },
    {
      name: 'MP203: ISTIO_MUTUAL to a port that is DISABLE (Service port 25 → container port 2525)',
      input: base({
        peerAuthentications: [strictNs, aPeerAuthentication({ name: 'smtp', namespace: 'checkout', selector: { app: 'tax' }, portLevelMtls: { 2525: 'DISABLE' } })],
        destinationRules: [dr('ISTIO_MUTUAL')],
      }),
      expected: [{ code: 'MP203', severity: 'warning', objects: ['DestinationRule/checkout/tax', 'Service/checkout/tax', 'Pod/checkout/tax-1'] }],
    },
    {
      name: 'no MP203: a port-level DISABLE setting for Service port 25 matches the DISABLE port',
      input: base({
        peerAuthentications: [strictNs, aPeerAuthentication({ name: 'smtp', namespace: 'checkout', selector: { app: 'tax' }, portLevelMtls: { 2525: 'DISABLE' } })],
        destinationRules: [dr('ISTIO_MUTUAL', { trafficPolicy: policy('ISTIO_MUTUAL', [{ port: 25, tls: tls('DISABLE') }]) })],
      }),
      expected: [],
    },
    {
      name: 'MP204: SIMPLE without caCertificates, and no MP201 (SIMPLE is not DISABLE)',
      input: base({ destinationRules: [dr('SIMPLE')] }),
      expected: [{ code: 'MP204', severity: 'warning', objects: ['DestinationRule/checkout/tax'] }],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(summaries(input, CODES)).toEqual(expected);
  });

  it('MP201 message names the setting, the ports, the pod mode and an example client', () => {
    const [f] = findingsFor(base({ destinationRules: [dr('DISABLE')] }), ['MP201']);
    expect(f?.message).toBe(
      'DestinationRule checkout/tax sets trafficPolicy.tls.mode DISABLE for Service checkout/tax ports 25, 80, but pod checkout/tax-1 is STRICT on container port 8080: ' +
        'sidecar clients such as checkout/checkout-1 send plaintext and the STRICT server resets the connection',
    );
    expect(f?.verify).toEqual([
      "kubectl get destinationrule 'tax' -n 'checkout' -o yaml",
      "istioctl x describe pod 'tax-1' -n 'checkout'",
      "istioctl proxy-config cluster 'checkout-1' -n 'checkout' --fqdn 'tax.checkout.svc.cluster.local' -o json",
    ]);
  });

  it('DestinationRule unreadable: no DestinationRule finding', () => {
    expect(summaries(base({ destinationRules: [dr('DISABLE')], kinds: { DestinationRule: { status: 'error', asOf: null } } }), CODES)).toEqual([]);
  });
});

describe('caCertificateGaps (MP204)', () => {
  const selector = { app: 'db' };
  it.each([
    { name: 'SIMPLE at destination level', dr: dr('SIMPLE'), gaps: [{ level: 'destination', mode: 'SIMPLE' }] },
    { name: 'MUTUAL on port 443', dr: dr(null, { trafficPolicy: policy(null, [{ port: 443, tls: tls('MUTUAL') }]) }), gaps: [{ level: 'port', port: 443, mode: 'MUTUAL' }] },
    { name: 'with caCertificates', dr: dr(null, { trafficPolicy: { tls: tls('MUTUAL', { caCertificates: '/etc/ca.pem' }), portLevelSettings: [] } }), gaps: [] },
    { name: 'credentialName without a selector still warns', dr: dr(null, { trafficPolicy: { tls: tls('SIMPLE', { credentialName: 'db' }), portLevelSettings: [] } }), gaps: [{ level: 'destination', mode: 'SIMPLE' }] },
    { name: 'credentialName with a workloadSelector does not', dr: dr(null, { workloadSelector: selector, trafficPolicy: { tls: tls('SIMPLE', { credentialName: 'db' }), portLevelSettings: [] } }), gaps: [] },
    { name: 'ISTIO_MUTUAL and DISABLE never', dr: dr('ISTIO_MUTUAL', { trafficPolicy: policy('ISTIO_MUTUAL', [{ port: 80, tls: tls('DISABLE') }]) }), gaps: [] },
  ])('$name', ({ dr: rule, gaps }) => {
    expect(caCertificateGaps(rule)).toEqual(gaps);
  });
});
