// Shared set-up for the cluster-source tests: a simulator serving the small mesh, a kubeconfig pointing at it, a
// feed with small tuning values, and a wait that polls a condition (tests assert outcomes, never timings).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startClusterFeed, type FeedOptions, type SnapshotFeed } from '@/lib/sources/cluster/cluster-feed';
import { loadKubeConfig } from '@/lib/sources/cluster/kubeconfig';
import { startKubeSim, type KubeSim, type KubeSimOptions } from '@/test/kube-sim';
import { SMALL_MESH } from '@/test/run-cli';

/** The readable part of test/fixtures/small-mesh (the broken files are for the files source's own tests). */
export const SMALL_MESH_FILES = ['00-mesh.yaml', '10-shop.yaml', '20-legacy.yaml'];

export function smallMeshObjects(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const file of SMALL_MESH_FILES) {
    for (const doc of parseAllDocuments(readFileSync(path.join(SMALL_MESH, file), 'utf8'))) {
      const value = doc.toJS() as Record<string, unknown> | null;
      if (!value) continue;
      if (value['kind'] === 'List' && Array.isArray(value['items'])) out.push(...(value['items'] as Record<string, unknown>[]));
      else out.push(value);
    }
  }
  return out;
}

export const TEST_TUNING = {
  watchdogMs: 400,
  relistIntervalMs: 60_000,
  backoffBaseMs: 20,
  backoffMaxMs: 200,
  forbiddenRetryMs: 150,
  recomputeDebounceMs: 10,
  watchTimeoutSeconds: 60,
} as const satisfies FeedOptions;

export interface Harness {
  readonly sim: KubeSim;
  readonly kubeconfigPath: string;
  feed(options?: FeedOptions): SnapshotFeed;
  close(): Promise<void>;
}

export async function startHarness(options: KubeSimOptions = {}): Promise<Harness> {
  const sim = await startKubeSim({ bookmarkIntervalMs: 100, ...options, objects: options.objects ?? smallMeshObjects() });
  const dir = mkdtempSync(path.join(tmpdir(), 'cluster-source-'));
  const kubeconfigPath = await sim.writeKubeconfig(dir);
  const feeds: SnapshotFeed[] = [];
  return {
    sim,
    kubeconfigPath,
    feed(feedOptions = {}) {
      const feed = startClusterFeed({ ...TEST_TUNING, kubeConfig: loadKubeConfig({ kubeconfigPath }), ...feedOptions });
      feeds.push(feed);
      return feed;
    },
    async close() {
      await Promise.all(feeds.map((f) => f.stop()));
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value other than undefined/false (or throws after `timeoutMs`). */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** 'namespace/name' of each object in a snapshot collection, sorted: compact whole-collection assertions. */
export function names(items: readonly { meta: { namespace: string; name: string } }[]): string[] {
  return items.map((i) => (i.meta.namespace ? `${i.meta.namespace}/${i.meta.name}` : i.meta.name)).sort();
}

/** Raw objects as a user would `kubectl apply` them (the simulator adds uid, resourceVersion, timestamps). */
export function rawPeerAuthentication(namespace: string, name: string, mode: string): Record<string, unknown> {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace }, spec: { mtls: { mode } } };
}

export function rawPod(namespace: string, name: string, labels: Record<string, string> = { app: name }): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: {
      serviceAccountName: 'default',
      containers: [
        { name: 'app', image: 'app:1', ports: [{ containerPort: 8080, protocol: 'TCP' }] },
        { name: 'istio-proxy', image: 'istio/proxyv2:1.27.3' },
      ],
    },
    status: { phase: 'Running', podIP: '10.0.9.9' },
  };
}
