// The embedded demo mesh: the hand-designed manifests in demo/manifests, plus certificates issued at load time
// relative to `now` (so the expiring and expired ones stay so whatever the date), read back through the same
// parsers as real proxy data.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildSnapshot, type SourceDocument } from '@/lib/snapshot/build-snapshot';
import { ROOT_CERT_CONFIGMAP_KEY, ROOT_CERT_CONFIGMAP_NAME, type MeshSnapshot, type Pod } from '@/lib/snapshot/types';
import { decodePemCertificates } from '../proxy-certs/decode-pem';
import { readManifests } from '../files/read-manifests';
import { issueDemoCertificates, parseDemoCertSpec } from './issue-certificates';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import { readDecodedDemo } from './decoded-demo';

/**
 * The demo/ folder: MESH_POSTURE_DEMO_DIR (set by the `mesh-posture` launcher from its own location), else demo/
 * under the working directory, where `next start` and the test runners run.
 */
export function demoDirectory(): string {
  return process.env['MESH_POSTURE_DEMO_DIR'] ?? path.join(process.cwd(), 'demo');
}

/** Namespaces istiod does not write istio-ca-root-cert into (istio-semantics §5.1). */
const NO_ROOT_CERT_NAMESPACES = new Set(['kube-public', 'kube-node-lease', 'local-path-storage']);

/** Facts on the pod object, not inference: the injected proxy container, or the CNI's ambient enrolment mark. */
function proxyOf(pod: Pod): 'sidecar' | 'ambient' | null {
  if (pod.containers.some((c) => c.name === 'istio-proxy') || pod.initContainers.some((c) => c.name === 'istio-proxy')) return 'sidecar';
  if (pod.meta.annotations['ambient.istio.io/redirection'] === 'enabled') return 'ambient';
  return null;
}

export async function loadDemoSnapshot(options: { now: Date }): Promise<MeshSnapshot> {
  const dir = demoDirectory();
  const readAt = toRfc3339Seconds(options.now);
  const reading = (await readDecodedDemo(dir)) ?? (await readManifests(path.join(dir, 'manifests'), { readAt, displayRoot: dir }));
  // Only to learn the pods, namespaces and trust domain the certificates are issued for: the build below checks every
  // object as the API server admits it, so this one need not (it would double the cost of loading the demo).
  const base = buildSnapshot(reading.documents, { source: 'demo', asOf: readAt, issues: reading.issues, schemaValidation: 'skip' });
  const spec = parseDemoCertSpec(parseYaml(await readFile(path.join(dir, 'certificates.yaml'), 'utf8')));
  const pods = base.pods.flatMap((pod) => {
    const dataplane = proxyOf(pod);
    return dataplane ? [{ namespace: pod.meta.namespace, name: pod.meta.name, serviceAccount: pod.serviceAccountName, dataplane }] : [];
  });
  const issued = await issueDemoCertificates(spec, pods, { trustDomain: base.meshConfig.trustDomain, now: options.now });
  const rootConfigMaps: SourceDocument[] = base.namespaces
    .filter((ns) => !NO_ROOT_CERT_NAMESPACES.has(ns.meta.name))
    .map((ns) => ({
      raw: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: ROOT_CERT_CONFIGMAP_NAME, namespace: ns.meta.name },
        data: { [ROOT_CERT_CONFIGMAP_KEY]: issued.meshRootPem },
      },
    }));
  return buildSnapshot([...reading.documents, ...rootConfigMaps], {
    source: 'demo',
    asOf: readAt,
    decodeCertificates: decodePemCertificates,
    proxyCertificates: issued.proxyCertificates,
    issues: reading.issues,
    // Checked when the decoded demo was written (decoded-demo.ts); the generated root ConfigMaps need no check.
    ...('admitted' in reading && reading.admitted ? { schemaValidation: 'skip' as const } : {}),
  });
}
