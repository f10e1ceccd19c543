// Loads credentials the way kubectl does: a given kubeconfig path, else $KUBECONFIG (files merged, the first file
// to name a cluster/user/context or a current-context wins), else ~/.kube/config, else the in-cluster service account. A named context overrides the
// current one. (No 'server-only': the CLI reaches this module on plain Node.)
import { existsSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export interface ClusterConnectOptions {
  /** kubeconfig context to use instead of the current one. */
  readonly context?: string;
  /** A kubeconfig file to use instead of $KUBECONFIG / ~/.kube/config. */
  readonly kubeconfigPath?: string;
}

/** The cluster cannot be reached with the configuration given (no kubeconfig, unknown context, bad file). */
export class ClusterConfigError extends Error {
  override readonly name = 'ClusterConfigError';
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** kubectl's merge: the first file to define a cluster, user or context name wins; so does its current-context. */
function mergeInto(kc: KubeConfig, file: string): void {
  const other = new KubeConfig();
  other.loadFromFile(file);
  for (const c of other.clusters) if (!kc.getCluster(c.name)) kc.addCluster(c);
  for (const u of other.users) if (!kc.getUser(u.name)) kc.addUser(u);
  for (const c of other.contexts) if (!kc.getContextObject(c.name)) kc.addContext(c);
  if (!kc.getCurrentContext() && other.getCurrentContext()) kc.setCurrentContext(other.getCurrentContext());
}

function loadBase(opts: ClusterConnectOptions, env: Readonly<Record<string, string | undefined>>): { kc: KubeConfig; from: string } {
  const kc = new KubeConfig();
  if (opts.kubeconfigPath) {
    kc.loadFromFile(opts.kubeconfigPath);
    return { kc, from: opts.kubeconfigPath };
  }
  const listed = (env['KUBECONFIG'] ?? '').split(path.delimiter).filter((f) => f !== '');
  const [first, ...rest] = listed;
  if (first !== undefined) {
    kc.loadFromFile(first);
    for (const file of rest) mergeInto(kc, file);
    return { kc, from: `$KUBECONFIG (${listed.join(path.delimiter)})` };
  }
  const home = env['HOME'] ? path.join(env['HOME'], '.kube', 'config') : null;
  if (home && existsSync(home)) {
    kc.loadFromFile(home);
    return { kc, from: home };
  }
  if (existsSync(SERVICE_ACCOUNT_TOKEN)) {
    kc.loadFromCluster();
    return { kc, from: 'the in-cluster service account' };
  }
  // client-node would silently fall back to http://localhost:8080; say plainly that nothing was configured.
  throw new ClusterConfigError('no cluster configured: set KUBECONFIG, create ~/.kube/config, or run inside a pod with a service account');
}

/** `env`: the environment to read KUBECONFIG and HOME from (the CLI passes its own, so tests stay hermetic). */
export function loadKubeConfig(opts: ClusterConnectOptions = {}, env: Readonly<Record<string, string | undefined>> = process.env): KubeConfig {
  let loaded;
  try {
    loaded = loadBase(opts, env);
  } catch (e) {
    if (e instanceof ClusterConfigError) throw e;
    throw new ClusterConfigError(`cannot read the kubeconfig: ${message(e)}`);
  }
  const { kc, from } = loaded;
  if (opts.context !== undefined) {
    if (!kc.getContextObject(opts.context)) {
      const known = kc.getContexts().map((c) => c.name).slice(0, 20);
      throw new ClusterConfigError(`context ${JSON.stringify(opts.context.slice(0, 100))} is not in ${from} (contexts: ${known.join(', ') || 'none'})`);
    }
    kc.setCurrentContext(opts.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ClusterConfigError(`no current context with a cluster in ${from}; pass --context`);
  return kc;
}

/** 'cluster <context>' (the snapshot's source label). */
export function clusterLabel(kc: KubeConfig): string {
  return `cluster ${kc.getCurrentContext() || kc.getCurrentCluster()?.name || 'in-cluster'}`;
}
