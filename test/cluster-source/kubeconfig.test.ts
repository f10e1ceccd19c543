// Credentials are found the way kubectl finds them: KUBECONFIG files merged (the first to name something wins, and
// its current-context), a named context, ~/.kube/config; nothing configured is a clear error, never localhost:8080.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ClusterConfigError, clusterLabel, loadKubeConfig } from '@/lib/sources/cluster/kubeconfig';

const dir = mkdtempSync(path.join(tmpdir(), 'kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function kubeconfig(file: string, current: string, entries: { context: string; cluster: string; server: string }[]): string {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(
    full,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: entries.map((e) => ({ name: e.cluster, cluster: { server: e.server } })),
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: entries.map((e) => ({ name: e.context, context: { cluster: e.cluster, user: 'u' } })),
      'current-context': current,
    }),
  );
  return full;
}

const first = kubeconfig('a.yaml', 'dev', [{ context: 'dev', cluster: 'dev', server: 'https://dev.example:6443' }, { context: 'shared', cluster: 'shared', server: 'https://first.example:6443' }]);
const second = kubeconfig('b.yaml', 'prod', [{ context: 'prod', cluster: 'prod', server: 'https://prod.example:6443' }, { context: 'shared', cluster: 'shared', server: 'https://second.example:6443' }]);
const home = path.join(dir, 'home');
kubeconfig('home/.kube/config', 'home', [{ context: 'home', cluster: 'home', server: 'https://home.example:6443' }]);

function loaded(opts: { context?: string; kubeconfigPath?: string }, env: Readonly<Record<string, string | undefined>>): { label: string; server: string | undefined } | string {
  try {
    const kc = loadKubeConfig(opts, env);
    return { label: clusterLabel(kc), server: kc.getCurrentCluster()?.server };
  } catch (e) {
    return e instanceof ClusterConfigError ? `ClusterConfigError: ${e.message.replaceAll(dir, '<dir>')}` : `unexpected: ${String(e)}`;
  }
}

describe('loadKubeConfig', () => {
  const merged = `${first}${path.delimiter}${second}`;
  it.each([
    { name: 'KUBECONFIG merged: the first file\'s current-context', opts: {}, env: { KUBECONFIG: merged }, expected: { label: 'cluster dev', server: 'https://dev.example:6443' } },
    { name: 'a context only the second file names', opts: { context: 'prod' }, env: { KUBECONFIG: merged }, expected: { label: 'cluster prod', server: 'https://prod.example:6443' } },
    { name: 'a name both files define: the first wins', opts: { context: 'shared' }, env: { KUBECONFIG: merged }, expected: { label: 'cluster shared', server: 'https://first.example:6443' } },
    { name: 'no KUBECONFIG: ~/.kube/config', opts: {}, env: { HOME: home }, expected: { label: 'cluster home', server: 'https://home.example:6443' } },
    { name: 'an explicit path beats KUBECONFIG', opts: { kubeconfigPath: second }, env: { KUBECONFIG: first }, expected: { label: 'cluster prod', server: 'https://prod.example:6443' } },
    {
      name: 'an unknown context names the file and the contexts there are',
      opts: { context: 'staging' },
      env: { KUBECONFIG: first },
      expected: 'ClusterConfigError: context "staging" is not in $KUBECONFIG (<dir>/a.yaml) (contexts: dev, shared)',
    },
    { name: 'nothing configured', opts: {}, env: { HOME: path.join(dir, 'nowhere') }, expected: 'ClusterConfigError: no cluster configured: set KUBECONFIG, create ~/.kube/config, or run inside a pod with a service account' },
  ])('$name', ({ opts, env, expected }) => {
    expect(loaded(opts, env)).toEqual(expected);
  });

  it('an unreadable file is a ClusterConfigError naming the problem', () => {
    const result = loaded({}, { KUBECONFIG: path.join(dir, 'missing.yaml') });
    expect(result).toMatch(/^ClusterConfigError: cannot read the kubeconfig: ENOENT/);
  });
});
