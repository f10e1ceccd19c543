// `mesh-posture report|can-i --source cluster [--context X]` read the cluster in one list pass (no watch) and give
// the same answers as `--source <the same objects as files>`.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@/cli/main';
import { CLI_NOW, SMALL_MESH } from '@/test/run-cli';
import { SMALL_MESH_FILES, startHarness, type Harness } from './harness';

let h: Harness;
let dir: string;
let filesDir: string;
beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(path.join(tmpdir(), 'cluster-cli-'));
  filesDir = path.join(dir, 'files');
  mkdirSync(filesDir);
  for (const f of SMALL_MESH_FILES) copyFileSync(path.join(SMALL_MESH, f), path.join(filesDir, f));
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env, cwd: process.cwd() };
  const code = await main(argv, io, () => new Date(CLI_NOW));
  return { code, stdout, stderr };
}

/** Where each object was read from is the one thing a cluster and a folder legitimately disagree on; order aside. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'location' && k !== 'locations' && k !== 'source').map(([k, v]) => [k, comparable(v)]));
  }
  return value;
}

const NO_CERTS = { MESH_POSTURE_PROXY_CERTS: 'off' };

describe('--source cluster', () => {
  it('report gives the same JSON report as the same objects read from files', async () => {
    const cluster = await cli({ KUBECONFIG: h.kubeconfigPath, ...NO_CERTS }, 'report', '--source', 'cluster', '--format', 'json', '--now', CLI_NOW);
    const files = await cli({}, 'report', '--source', filesDir, '--format', 'json', '--now', CLI_NOW);
    expect([cluster.code, cluster.stderr, files.code, files.stderr]).toEqual([0, '', 0, '']);
    const report = JSON.parse(cluster.stdout) as { source: string; workloads: unknown[] };
    expect(report.source).toBe('cluster kube-sim');
    expect(report.workloads).toHaveLength(3);
    expect(comparable(report)).toEqual(comparable(JSON.parse(files.stdout)));
  });

  it('reads the cluster in one list pass: no watch', async () => {
    h.sim.resetRequests();
    await cli({ KUBECONFIG: h.kubeconfigPath, ...NO_CERTS }, 'report', '--source', 'cluster', '--format', 'json', '--now', CLI_NOW);
    expect(h.sim.requests.filter((r) => r.watch)).toEqual([]);
    expect(h.sim.requests.every((r) => r.method === 'GET' && r.status === 200)).toBe(true);
  });

  it('can-i answers as it does on the files', async () => {
    const argv = ['can-i', '--to', 'shop/httpbin-6d8f7c9b5-abcde', '--port', '8080', '--from', 'legacy/cron-5c7d9-klmno', '--format', 'json', '--now', CLI_NOW];
    const cluster = await cli({ KUBECONFIG: h.kubeconfigPath, ...NO_CERTS }, ...argv, '--source', 'cluster');
    const files = await cli({}, ...argv, '--source', filesDir);
    expect({ code: cluster.code, answer: JSON.parse(cluster.stdout) }).toEqual({ code: files.code, answer: JSON.parse(files.stdout) });
  });

  it('--context picks a named context from a merged KUBECONFIG; an unknown one exits 2 naming it', async () => {
    const other = path.join(dir, 'second-kubeconfig');
    writeFileSync(other, h.sim.kubeconfig({ context: 'staging' }).replace(/kube-sim-reader/g, 'staging-reader'));
    const env = { KUBECONFIG: `${h.kubeconfigPath}${path.delimiter}${other}`, ...NO_CERTS };
    const named = await cli(env, 'report', '--source', 'cluster', '--context', 'staging', '--format', 'json', '--now', CLI_NOW);
    expect({ code: named.code, source: JSON.parse(named.stdout).source }).toEqual({ code: 0, source: 'cluster staging' });
    const unknown = await cli(env, 'report', '--source', 'cluster', '--context', 'prod', '--now', CLI_NOW);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^mesh-posture report: cluster: context "prod" is not in \$KUBECONFIG .* \(contexts: kube-sim, staging\)\n$/);
  });

  it('an API server that does not answer exits 2 with the reason', async () => {
    const unreachable = path.join(dir, 'unreachable');
    writeFileSync(unreachable, h.sim.kubeconfig().replace(h.sim.url, 'http://127.0.0.1:9'));
    const result = await cli({ KUBECONFIG: unreachable, ...NO_CERTS }, 'report', '--source', 'cluster', '--now', CLI_NOW);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^mesh-posture report: cluster: GET \/api: connect ECONNREFUSED 127\.0\.0\.1:9\n$/);
  });

  it('with certificate reading on, pods whose proxies cannot be read are issues naming each pod; the report is still made', async () => {
    const result = await cli({ KUBECONFIG: h.kubeconfigPath }, 'report', '--source', 'cluster', '--format', 'json', '--now', CLI_NOW);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { workloads: unknown[]; issues: { kind: string | null; object: string | null; reason: string }[] };
    expect(report.workloads).toHaveLength(3);
    const certIssues = report.issues.filter((i) => i.kind === 'ProxyCertificates').map((i) => `${i.object ?? ''} ${i.reason}`).join('\n');
    expect(certIssues).toMatch(/httpbin-6d8f7c9b5-abcde/);
    expect(certIssues).toMatch(/sleep-7b9f8c6d4-fghij/);
  });
});
