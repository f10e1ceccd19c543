import { describe, expect, it } from 'vitest';
import type { CertificateDetails } from '@/lib/snapshot/types';
import { aPod, aProxyCertificates } from '@/test/builders';
import { findingsFor, summaries, type SnapshotInput } from './testing';

// NOW (test/builders) is 2026-06-01T12:00:00Z.
const CODES = ['MP501', 'MP502', 'MP503', 'MP504', 'MP505'];
const cert = (serial: string, notBefore: string, notAfter: string, extra: Partial<CertificateDetails> = {}): CertificateDetails => ({
  serial,
  subject: '',
  issuer: '',
  notBefore,
  notAfter,
  isCA: false,
  uriSans: [],
  dnsSans: [],
  ...extra,
});
const leaf = (serial: string, notBefore: string, notAfter: string, td = 'cluster.local') =>
  cert(serial, notBefore, notAfter, { uriSans: [`spiffe://${td}/ns/pay/sa/default`] });
const meshRoot = cert('aa', '2025-01-01T00:00:00Z', '2035-01-01T00:00:00Z', { isCA: true, subject: 'O=cluster.local' });
const legacyRoot = cert('bb', '2016-06-20T00:00:00Z', '2026-06-20T00:00:00Z', { isCA: true, subject: 'O=legacy' });
const healthy = leaf('01', '2026-06-01T06:00:00Z', '2026-06-02T06:00:00Z');
const pod = (name: string) => aPod({ name, namespace: 'pay', labels: { app: name.replace(/-\d+$/, '') } });
const proxy = (name: string, chain: CertificateDetails[], roots: CertificateDetails[] = [meshRoot]) => aProxyCertificates({ namespace: 'pay', pod: name, chain, roots });
const configMap = (namespace: string, roots: CertificateDetails[]) => ({ namespace, name: 'istio-ca-root-cert', roots });

describe('certificate checks', () => {
  const cases: { name: string; input: SnapshotInput; expected: ReturnType<typeof summaries> }[] = [
    {
      name: 'MP501: expired 6h ago',
      input: { pods: [pod('ledger-1')], proxyCertificates: [proxy('ledger-1', [leaf('0a', '2026-05-31T06:00:00Z', '2026-06-01T06:00:00Z'), meshRoot])], rootCertConfigMaps: [configMap('pay', [meshRoot])] },
      expected: [{ code: 'MP501', severity: 'error', objects: ['Pod/pay/ledger-1'] }],
    },
    {
      name: 'MP502: 3h left of a 24h certificate (past the rotation point)',
      input: { pods: [pod('fraud-1')], proxyCertificates: [proxy('fraud-1', [leaf('0b', '2026-05-31T15:00:00Z', '2026-06-01T15:00:00Z')])], rootCertConfigMaps: [configMap('pay', [meshRoot])] },
      expected: [{ code: 'MP502', severity: 'warning', objects: ['Pod/pay/fraud-1'] }],
    },
    {
      name: 'no finding: a healthy leaf under the distributed root',
      input: { pods: [pod('api-1')], proxyCertificates: [proxy('api-1', [healthy])], rootCertConfigMaps: [configMap('pay', [meshRoot])] },
      expected: [],
    },
    {
      name: 'MP503 + MP505: proxies trusting a legacy root that expires in 19 days, not the distributed one (aggregated per serial and per workload)',
      input: {
        pods: [pod('push-1'), aPod({ name: 'push-2', namespace: 'pay', labels: { app: 'push' } })],
        proxyCertificates: [proxy('push-1', [healthy], [legacyRoot]), proxy('push-2', [healthy], [legacyRoot])],
        rootCertConfigMaps: [configMap('pay', [meshRoot])],
      },
      expected: [
        { code: 'MP503', severity: 'error', objects: ['Pod/pay/push-1', 'Pod/pay/push-2'] },
        { code: 'MP505', severity: 'warning', objects: ['Pod/pay/push-1', 'Pod/pay/push-2', 'ConfigMap/pay/istio-ca-root-cert'] },
      ],
    },
    {
      name: 'MP503: the distributed root itself expires soon (ConfigMaps and proxies under one serial)',
      input: {
        pods: [pod('api-1')],
        proxyCertificates: [proxy('api-1', [healthy], [legacyRoot])],
        rootCertConfigMaps: [configMap('pay', [legacyRoot]), configMap('web', [legacyRoot])],
      },
      expected: [{ code: 'MP503', severity: 'error', objects: ['ConfigMap/pay/istio-ca-root-cert', 'ConfigMap/web/istio-ca-root-cert', 'Pod/pay/api-1'] }],
    },
    {
      name: 'no MP505 when the namespace ConfigMap is unknown',
      input: { pods: [pod('push-1')], proxyCertificates: [proxy('push-1', [healthy], [cert('cc', '2025-01-01T00:00:00Z', '2035-01-01T00:00:00Z', { isCA: true })])] },
      expected: [],
    },
    {
      name: 'MP504: a SPIFFE ID in a trust domain that is not the mesh one',
      input: { pods: [pod('sync-1')], proxyCertificates: [proxy('sync-1', [leaf('0c', '2026-06-01T06:00:00Z', '2026-06-02T06:00:00Z', 'spire.example.org')])], rootCertConfigMaps: [configMap('pay', [meshRoot])] },
      expected: [{ code: 'MP504', severity: 'warning', objects: ['Pod/pay/sync-1'] }],
    },
    {
      name: 'nothing when proxy certificates were not collected (unknown, never healthy or flagged)',
      input: { pods: [pod('ledger-1')], kinds: { ProxyCertificates: { status: 'not-collected', asOf: null } }, rootCertConfigMaps: [configMap('pay', [meshRoot])] },
      expected: [],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(summaries(input, CODES)).toEqual(expected);
  });

  it('MP501 message has the serial, notAfter and the time since expiry', () => {
    const [f] = findingsFor(
      { pods: [pod('ledger-1')], proxyCertificates: [proxy('ledger-1', [leaf('0a', '2026-05-31T06:00:00Z', '2026-06-01T06:00:00Z')])], rootCertConfigMaps: [configMap('pay', [meshRoot])] },
      ['MP501'],
    );
    expect(f?.message).toBe(
      'The workload certificate of pod pay/ledger-1 has expired (serial 0a, notAfter 2026-06-01T06:00:00Z, 6h ago) (read 2026-06-01T12:00:00Z): peers reject its mTLS handshakes',
    );
    expect(f?.verify[0]).toBe("istioctl proxy-config secret 'ledger-1' -n 'pay'");
  });

  it('MP503 message has the serial, notAfter and the time left', () => {
    const [f] = findingsFor({ pods: [pod('api-1')], rootCertConfigMaps: [configMap('pay', [legacyRoot])] }, ['MP503']);
    expect(f?.message).toBe('Root certificate serial bb expires at 2026-06-20T00:00:00Z (in 18d 12h); it is held by 1 istio-ca-root-cert ConfigMap (pay)');
    expect(f?.verify).toEqual(["kubectl get configmap istio-ca-root-cert -n 'pay' -o jsonpath='{.data.root-cert\\.pem}' | openssl x509 -noout -serial -enddate"]);
  });
});
