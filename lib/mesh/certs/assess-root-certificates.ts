// The roots of trust istiod distributed (ConfigMap istio-ca-root-cert in each namespace, istio-semantics §5.1),
// classified at `now`: a root is flagged 30 days before it expires (./thresholds).
import type { CertStatus } from '../model';
import type { MeshIndex } from '../mesh-index';
import { classifyCa } from './classify';

export interface RootCertPosture {
  readonly namespace: string;
  readonly configmap: string;
  readonly serial: string;
  readonly subject: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** Seconds until notAfter at `now` (negative once expired); null when a timestamp could not be read. */
  readonly remainingSeconds: number | null;
  readonly status: CertStatus;
  /** Still valid but with less than 30 days left. */
  readonly expiringWithin30Days: boolean;
}

/** Every root of every root-cert ConfigMap, sorted by namespace, ConfigMap, then order in the PEM. */
export function assessRootCertificates(index: MeshIndex, now: string): RootCertPosture[] {
  const configMaps = [...index.snapshot.rootCertConfigMaps].sort((a, b) =>
    a.namespace === b.namespace ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.namespace < b.namespace ? -1 : 1,
  );
  return configMaps.flatMap((cm) =>
    cm.roots.map((root) => {
      const c = classifyCa(root, now);
      return {
        namespace: cm.namespace,
        configmap: cm.name,
        serial: root.serial,
        subject: root.subject,
        notBefore: root.notBefore,
        notAfter: root.notAfter,
        remainingSeconds: c.timing?.remainingSeconds ?? null,
        status: c.status,
        expiringWithin30Days: c.status === 'expiring',
      };
    }),
  );
}
