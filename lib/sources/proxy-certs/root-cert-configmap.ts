// The root of trust istiod distributes to every namespace: ConfigMap `istio-ca-root-cert`, key `root-cert.pem`
// (istio-semantics §5.1). During a root rotation it holds more than one certificate.
import type { RootCertConfigMap } from '@/lib/snapshot/types';
import { decodePemCertificates } from './decode-pem';

export const ROOT_CERT_CONFIGMAP_NAME = 'istio-ca-root-cert';
export const ROOT_CERT_CONFIGMAP_KEY = 'root-cert.pem';

/** Decodes the ConfigMap's `root-cert.pem`. Throws an Error naming the ConfigMap when the PEM is unusable. */
export function readRootCertConfigMap(namespace: string, name: string, pem: string): RootCertConfigMap {
  try {
    return { namespace, name, roots: decodePemCertificates(pem) };
  } catch (error) {
    throw new Error(`ConfigMap ${namespace}/${name} key ${ROOT_CERT_CONFIGMAP_KEY}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
