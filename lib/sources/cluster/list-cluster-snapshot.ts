// One list pass over every kind, no watch (the CLI's `--source cluster`): discovery, then each kind listed page by
// page, a few at a time. A kind that cannot be read is recorded (forbidden, absent, error) and the rest is used.
// (No 'server-only': the CLI runs this on plain Node.)
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { assembleSnapshot, type KindReading } from './assemble-snapshot';
import { backoffDelay } from './backoff';
import { discover, type Resolution } from './discovery';
import { KIND_TABLE, type KindSpec } from './kind-table';
import { KubeApiError, KubeClient } from './kube-client';
import { clusterLabel, loadKubeConfig, type ClusterConnectOptions } from './kubeconfig';
import { listKind } from './list-kind';
import { proxyPods, type CertificateCollector } from './proxy-pods';

export interface ListOptions extends ClusterConnectOptions {
  readonly now: Date;
  /** Proxy certificate reading; null to skip it (the snapshot then says ProxyCertificates: not collected). */
  readonly collectCertificates?: CertificateCollector | null;
  readonly pageSize?: number;
  /** Where KUBECONFIG and HOME are read from (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const CONCURRENCY = 4;
const ATTEMPTS = 3;

/** Server is up but slow or throttling: retry a little, honouring Retry-After. */
async function listWithRetry(client: KubeClient, spec: KindSpec, version: string, pageSize: number | undefined): Promise<Map<string, unknown>> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await listKind(client, spec, version, pageSize ? { pageSize } : {});
      return new Map([...result.objects, ...result.unnamed.map((o, i): [string, unknown] => [`\0unnamed/${i}`, o])]);
    } catch (e) {
      const retryable = e instanceof KubeApiError && (e.status === 429 || e.status >= 500);
      if (!retryable || attempt >= ATTEMPTS) throw e;
      await new Promise((r) => setTimeout(r, e.retryAfterMs ?? backoffDelay(attempt, { backoffBaseMs: 500, backoffMaxMs: 5000 })));
    }
  }
}

async function readKind(client: KubeClient, spec: KindSpec, resolution: Resolution, opts: ListOptions): Promise<KindReading> {
  if (resolution.type === 'absent') return { spec, status: 'absent', reason: resolution.reason, lastSyncOk: null, objects: [] };
  try {
    const objects = await listWithRetry(client, spec, resolution.version, opts.pageSize);
    return { spec, status: 'ok', lastSyncOk: opts.now.getTime(), objects: [...objects.values()] };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (e instanceof KubeApiError && e.status === 403) return { spec, status: 'forbidden', reason, lastSyncOk: null, objects: [] };
    if (e instanceof KubeApiError && e.status === 404) return { spec, status: 'absent', reason, lastSyncOk: null, objects: [] };
    return { spec, status: 'error', reason, lastSyncOk: null, objects: [] };
  }
}

/** Unreachable API server (no answer to discovery) is an error; everything after discovery degrades per kind. */
export async function listClusterSnapshot(opts: ListOptions): Promise<MeshSnapshot> {
  const kc = loadKubeConfig(opts, opts.env ?? process.env);
  const client = new KubeClient(kc);
  const resolutions = await discover(client, KIND_TABLE);
  const readings: KindReading[] = [];
  const queue = [...KIND_TABLE];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let spec = queue.shift(); spec; spec = queue.shift()) {
        const resolution = resolutions.get(spec.id);
        if (resolution) readings.push(await readKind(client, spec, resolution, opts));
      }
    }),
  );
  readings.sort((a, b) => KIND_TABLE.indexOf(a.spec) - KIND_TABLE.indexOf(b.spec));
  let proxyCertificates;
  let issues;
  const pods = readings.find((r) => r.spec.resource === 'pods' && r.status === 'ok');
  if (opts.collectCertificates && pods) {
    const collected = await opts.collectCertificates(kc, proxyPods(pods.objects), { now: opts.now });
    proxyCertificates = collected.certificates;
    issues = collected.issues;
  }
  return assembleSnapshot(readings, {
    source: clusterLabel(kc),
    now: opts.now.getTime(),
    ...(proxyCertificates ? { proxyCertificates } : {}),
    ...(issues ? { issues } : {}),
  });
}
