import { describe, expect, it } from 'vitest';
import { buildMeshIndex } from '@/lib/mesh/mesh-index';
import type { CertificateDetails } from '@/lib/snapshot/types';
import { aSnapshot, NOW } from '@/test/builders';
import { assessRootCertificates } from './assess-root-certificates';

const root = (serial: string, notAfter: string): CertificateDetails => ({
  serial,
  subject: `CN=${serial}`,
  issuer: `CN=${serial}`,
  notBefore: '2016-01-01T00:00:00Z',
  notAfter,
  isCA: true,
  uriSans: [],
  dnsSans: [],
});

describe('assessRootCertificates', () => {
  it('classifies every distributed root, sorted by namespace', () => {
    const snapshot = aSnapshot({
      rootCertConfigMaps: [
        { namespace: 'shop', name: 'istio-ca-root-cert', roots: [root('mesh', '2036-01-01T00:00:00Z'), root('legacy', '2026-06-21T12:00:00Z')] },
        { namespace: 'billing', name: 'istio-ca-root-cert', roots: [root('old', '2026-05-01T00:00:00Z')] },
      ],
    });
    expect(assessRootCertificates(buildMeshIndex(snapshot), NOW)).toEqual([
      { namespace: 'billing', configmap: 'istio-ca-root-cert', serial: 'old', subject: 'CN=old', notBefore: '2016-01-01T00:00:00Z', notAfter: '2026-05-01T00:00:00Z', remainingSeconds: -(31 * 86400 + 12 * 3600), status: 'expired', expiringWithin30Days: false },
      { namespace: 'shop', configmap: 'istio-ca-root-cert', serial: 'mesh', subject: 'CN=mesh', notBefore: '2016-01-01T00:00:00Z', notAfter: '2036-01-01T00:00:00Z', remainingSeconds: 302443200, status: 'healthy', expiringWithin30Days: false },
      { namespace: 'shop', configmap: 'istio-ca-root-cert', serial: 'legacy', subject: 'CN=legacy', notBefore: '2016-01-01T00:00:00Z', notAfter: '2026-06-21T12:00:00Z', remainingSeconds: 20 * 86400, status: 'expiring', expiringWithin30Days: true },
    ]);
  });

  it('is empty when no ConfigMap was read', () => {
    expect(assessRootCertificates(buildMeshIndex(aSnapshot()), NOW)).toEqual([]);
  });
});
