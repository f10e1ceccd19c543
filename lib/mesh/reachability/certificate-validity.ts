// Whether an Istio mTLS handshake survives the proxies' certificates (used by can-i and a pod's inbound clients).
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { CertStatus } from '../model';
import type { ConnectionVerdict } from './check-connection';

const INVALID_CERTIFICATE: Readonly<Partial<Record<CertStatus, string>>> = { expired: 'expired', 'not-yet-valid': 'is not yet valid' };

/**
 * Envoy validates the peer certificate's validity period in every Istio mTLS handshake (its
 * CertificateValidationContext leaves `allow_expired_certificate` false): a proxy holding an expired (or not yet
 * valid) certificate has its handshakes rejected by the other side, whatever the policies say. The verdict is
 * taken from the proxies' certificate data; without it (unknown), the policy verdict stands.
 */
export function rejectInvalidCertificates(connection: ConnectionVerdict, client: EvaluatedWorkload | null, server: EvaluatedWorkload): ConnectionVerdict {
  if (connection.outcome !== 'ok' || connection.clientSends !== 'istio-mtls' || !connection.mtls) return connection;
  for (const [side, party] of [['server', server], ['client', client]] as const) {
    const cert = party?.posture.certificate;
    const problem = cert ? INVALID_CERTIFICATE[cert.status] : undefined;
    if (!cert || !problem) continue;
    const peer = side === 'server' ? 'the client proxy' : 'the server proxy';
    return {
      ...connection,
      outcome: 'fails',
      mtls: false,
      rejectedCertificate: side,
      reason: `${connection.reason}; but the ${side} proxy's certificate ${problem} (not before ${cert.notBefore ?? '?'}, not after ${cert.notAfter ?? '?'}), so ${peer} rejects it and the mTLS handshake fails`,
    };
  }
  return connection;
}
