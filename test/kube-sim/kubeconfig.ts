// A kubeconfig pointing at the simulator, the way a user's would point at a real cluster (token user). An http://
// server needs insecure-skip-tls-verify for client-node to accept it.
import { stringify } from 'yaml';

export function simKubeconfig(url: string, token: string, opts: { context?: string; namespace?: string } = {}): string {
  const context = opts.context ?? 'kube-sim';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kube-sim', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'kube-sim-reader', user: { token } }],
    contexts: [{ name: context, context: { cluster: 'kube-sim', user: 'kube-sim-reader', ...(opts.namespace ? { namespace: opts.namespace } : {}) } }],
    'current-context': context,
    preferences: {},
  });
}
