// Certificate data (a proxy dump in the folder) for a pod the snapshot does not hold: it cannot be joined to any
// workload, so it is listed as an issue naming the pod and the file instead of being dropped without a word.
import type { CollectionIssue, MeshSnapshot } from '@/lib/snapshot/types';

function where(from: string | undefined): { file?: string; line?: number } {
  const m = from === undefined ? null : /^(.*):(\d+)$/.exec(from);
  if (m) return { file: m[1]!, line: Number(m[2]) };
  return from ? { file: from } : {};
}

export function orphanCertificateIssues(snapshot: MeshSnapshot): CollectionIssue[] {
  const pods = new Set(snapshot.pods.map((p) => `${p.meta.namespace}/${p.meta.name}`));
  return snapshot.proxyCertificates
    .filter((c) => !pods.has(`${c.namespace}/${c.pod}`))
    .map((c) => ({
      object: `Pod/${c.namespace}/${c.pod}`,
      kind: 'ProxyCertificates',
      ...where(c.from),
      reason: `certificate data for pod ${c.namespace}/${c.pod}, which is not in the snapshot: not used (is the pod's manifest missing, or the file named after another pod?)`,
    }));
}
