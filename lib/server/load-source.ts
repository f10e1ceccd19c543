// Chooses and runs a source: embedded demo, manifest files, or the live cluster. Shared by the CLI and the
// server (no 'server-only' import: the CLI runs on plain Node, where that guard would throw).
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import { loadFilesSnapshot } from '@/lib/sources/files/load-files-snapshot';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';

export type SourceSpec =
  | { readonly kind: 'demo' }
  | { readonly kind: 'files'; readonly path: string }
  | { readonly kind: 'cluster'; readonly context?: string };

export class SourceUnavailableError extends Error {
  override readonly name = 'SourceUnavailableError';
}

/** MESH_POSTURE_SOURCE: demo (default), cluster, or a path of manifests. */
export function configuredSource(): string {
  return process.env['MESH_POSTURE_SOURCE'] ?? 'demo';
}

export function parseSourceSpec(value: string, context?: string): SourceSpec {
  if (value === 'demo') return { kind: 'demo' };
  if (value === 'cluster') return { kind: 'cluster', ...(context ? { context } : {}) };
  return { kind: 'files', path: value };
}

export interface LoadOptions {
  readonly now: Date;
  /** Environment for the cluster source (KUBECONFIG, HOME); default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export async function loadSnapshot(spec: SourceSpec, options: LoadOptions): Promise<MeshSnapshot> {
  const readAt = toRfc3339Seconds(options.now);
  switch (spec.kind) {
    case 'demo':
      return loadDemoSnapshot({ now: options.now });
    case 'files':
      return loadFilesSnapshot(spec.path, { readAt });
    case 'cluster':
      return loadClusterSnapshot(spec.context, options);
  }
}

/** The live cluster, read once. Imported only here, so the demo and files sources never load @kubernetes/client-node. */
async function loadClusterSnapshot(context: string | undefined, options: LoadOptions): Promise<MeshSnapshot> {
  const [{ listClusterSnapshot }, { ClusterConfigError }, { KubeApiError }, { CertificateSettingsError, certificateCollectorFromEnv }] = await Promise.all([
    import('@/lib/sources/cluster/list-cluster-snapshot'),
    import('@/lib/sources/cluster/kubeconfig'),
    import('@/lib/sources/cluster/kube-client'),
    import('@/lib/sources/cluster/certificate-settings'),
  ]);
  try {
    const env = options.env ?? process.env;
    return await listClusterSnapshot({ now: options.now, env, collectCertificates: certificateCollectorFromEnv(env), ...(context ? { context } : {}) });
  } catch (e) {
    // No kubeconfig, an unknown context, bad settings, or an API server that does not answer discovery.
    if (e instanceof ClusterConfigError || e instanceof KubeApiError || e instanceof CertificateSettingsError) throw new SourceUnavailableError(`cluster: ${e.message}`);
    throw e;
  }
}
