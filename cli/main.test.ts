import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_NOW, runCli, SMALL_MESH } from '@/test/run-cli';
import { main } from './main';

const FIXTURE = SMALL_MESH;
const NOW = CLI_NOW;

const run = runCli;

describe('mesh-posture report', () => {
  it('prints the JSON report with every readable object computed and each bad one named on stderr and in issues[]', async () => {
    const { code, stdout, stderr } = await run('report', '--source', FIXTURE, '--format', 'json', '--now', NOW);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.schemaVersion).toBe(1);
    const workloads = Object.fromEntries(report.workloads.map((w: { pod: string; dataplane: string; mtls: unknown }) => [w.pod, { dataplane: w.dataplane, mtls: w.mtls }]));
    expect(workloads).toEqual({
      'httpbin-6d8f7c9b5-abcde': { dataplane: 'sidecar', mtls: { mode: 'STRICT', ports: { '8080': 'STRICT', '9090': 'PERMISSIVE' }, policy: 'istio-system/default' } },
      'sleep-7b9f8c6d4-fghij': { dataplane: 'sidecar', mtls: { mode: 'STRICT', ports: {}, policy: 'istio-system/default' } },
      'cron-5c7d9-klmno': { dataplane: 'none', mtls: { mode: 'NONE', ports: {}, policy: null } },
    });
    const namespaces = Object.fromEntries(report.namespaces.map((n: { name: string; coverage: unknown; phase: number }) => [n.name, { coverage: n.coverage, phase: n.phase }]));
    expect(namespaces['shop']).toEqual({ coverage: { total: 2, strict: 2, permissive: 0, disable: 0, none: 0, unknown: 0 }, phase: 2 });
    expect(namespaces['legacy']).toEqual({ coverage: { total: 1, strict: 0, permissive: 0, disable: 0, none: 1, unknown: 0 }, phase: 0 });
    const issues = report.issues.map((i: { file: string; object: string | null; reason: string }) => `${i.file} ${i.object ?? ''} ${i.reason}`);
    expect(issues).toHaveLength(4);
    expect(issues.join('\n')).toMatch(/90-broken\.yaml PeerAuthentication\/shop\/bad-mode spec\.mtls\.mode: expected one of UNSET, DISABLE, PERMISSIVE, STRICT, got "strict"/);
    expect(issues.join('\n')).toMatch(/PeerAuthentcation\/shop\/typo kind: unknown kind "PeerAuthentcation"/);
    expect(issues.join('\n')).toMatch(/metadata\.name/);
    expect(issues.join('\n')).toMatch(/91-not-yaml\.yaml\s+not valid YAML/);
    expect(stderr.split('\n').filter((l) => l.startsWith('mesh-posture: warning:'))).toHaveLength(4);
  });

  it('prints a table for people by default', async () => {
    const { code, stdout } = await run('report', '--source', FIXTURE, '--now', NOW);
    expect(code).toBe(0);
    expect(stdout).toMatch(/mesh phase\s+0/);
    expect(stdout).toMatch(/^shop\s+2\s+sidecar\s+2\s+2\s+0\s+0\s+0\s+0$/m);
  });

  it('exits 2 when nothing could be read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mp-'));
    writeFileSync(path.join(dir, 'x.yaml'), 'kind: [\n');
    const { code, stderr } = await run('report', '--source', dir, '--format', 'json');
    expect(code).toBe(2);
    expect(stderr).toMatch(/nothing could be read/);
  });

  it.each([
    [['report'], /--source is required/],
    [['report', '--source', FIXTURE, '--now', 'yesterday'], /--now: expected an RFC 3339 time/],
    [['report', '--source', FIXTURE, '--format', 'xml'], /--format: expected one of table, json/],
    [['report', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('usage error %j exits 2', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect({ code, matches: message.test(stderr) }).toEqual({ code: 2, matches: true });
  });

  it.each([[['--help']], [['report', '--help']], [['check', '--help']], [['can-i', '--help']]])('%j prints usage and exits 0', async (argv) => {
    const { code, stdout } = await run(...argv);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: mesh-posture/);
  });

  it('with --source cluster and no kubeconfig anywhere, says so and exits 2', async () => {
    const { code, stderr } = await run('report', '--source', 'cluster');
    expect({ code, stderr }).toEqual({ code: 2, stderr: 'mesh-posture report: cluster: no cluster configured: set KUBECONFIG, create ~/.kube/config, or run inside a pod with a service account\n' });
  });
});

describe('mesh-posture report: formats, --out, --baseline', () => {
  const report = (...args: string[]) => run('report', '--source', FIXTURE, '--now', NOW, ...args);

  it('writes Markdown with every section', async () => {
    const { code, stdout } = await report('--format', 'md');
    expect({ code, sections: stdout.split('\n').filter((l) => l.startsWith('## ')).length, first: stdout.split('\n', 1)[0] }).toEqual({
      code: 0, sections: 8, first: '# Mesh Posture coverage report',
    });
  });

  it('writes SARIF whose findings point at the manifest file and line that define the policy', async () => {
    const { code, stdout } = await report('--format', 'sarif');
    const result = JSON.parse(stdout).runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'MP303');
    expect({ code, location: result.locations[0].physicalLocation }).toEqual({
      code: 0,
      location: { artifactLocation: { uri: expect.stringMatching(/^([^\\]*\/)?test\/fixtures\/small-mesh\/10-shop\.yaml$/) }, region: { startLine: expect.any(Number) } },
    });
  });

  it('writes CSV on stdout as three sections, and with --out as three files', async () => {
    const { stdout } = await report('--format', 'csv');
    expect(stdout.split('\r\n').filter((l) => l.startsWith('# '))).toEqual(['# workloads', '# findings', '# certificates']);
    const dir = mkdtempSync(path.join(tmpdir(), 'mp-'));
    const { code } = await report('--format', 'csv', '--out', path.join(dir, 'report.csv'));
    const files = ['report.csv', 'report-findings.csv', 'report-certificates.csv'].map((f) => path.join(dir, f));
    expect({ code, exist: files.map((f) => existsSync(f)), header: readFileSync(files[0]!, 'utf8').split('\r\n', 1)[0] }).toEqual({
      code: 0, exist: [true, true, true], header: 'namespace,pod,port,mode,accepts_plaintext,why,workload_mode,mtls_policy,dataplane,gateway,service_account,authz_coverage,cert_status,cert_not_after',
    });
  });

  it('adds what changed since a --baseline report to the JSON report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mp-'));
    expect((await report('--format', 'json', '--out', path.join(dir, 'before.json'))).code).toBe(0);
    const before = JSON.parse(readFileSync(path.join(dir, 'before.json'), 'utf8'));
    expect(before.changes).toBeNull();
    const { code, stdout } = await report('--format', 'json', '--baseline', path.join(dir, 'before.json'));
    expect({ code, changes: JSON.parse(stdout).changes }).toEqual({
      code: 0,
      changes: {
        baseline: { generatedAt: NOW, source: before.source, now: NOW },
        newPlaintextPorts: [], closedPlaintextPorts: [], phaseRegressions: [], phaseAdvances: [], newFindings: [], resolvedFindings: [], renewedCertificates: [],
      },
    });
  });

  it('writes one self-contained HTML page', async () => {
    const { code, stdout } = await report('--format', 'html');
    expect({ code, doctype: /^<!doctype html>/i.test(stdout), script: /<script/i.test(stdout) }).toEqual({ code: 0, doctype: true, script: false });
  });

  it('writes the PDF to --out, or to stdout only when it is not a terminal', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mp-'));
    const toFile = await report('--format', 'pdf', '--out', path.join(dir, 'r.pdf'));
    const chunks: Uint8Array[] = [];
    const pipe = { write: (c: string | Uint8Array) => chunks.push(typeof c === 'string' ? new TextEncoder().encode(c) : c), isTTY: false };
    const io = (stdout: typeof pipe) => ({ stdout, stderr: { write: () => true }, env: {}, cwd: process.cwd() });
    const piped = await main(['report', '--source', FIXTURE, '--now', NOW, '--format', 'pdf'], io(pipe), () => new Date(NOW));
    let terminalErr = '';
    const terminal = await main(['report', '--source', FIXTURE, '--now', NOW, '--format', 'pdf'],
      { ...io({ ...pipe, isTTY: true }), stderr: { write: (s: string) => (terminalErr += s) } }, () => new Date(NOW));
    const magic = (b: Uint8Array | undefined) => new TextDecoder().decode(b?.slice(0, 5));
    expect({
      toFile: [toFile.code, magic(readFileSync(path.join(dir, 'r.pdf')))],
      piped: [piped, magic(chunks[0])],
      terminal: [terminal, /--format pdf is binary: pass --out FILE/.test(terminalErr)],
    }).toEqual({ toFile: [0, '%PDF-'], piped: [0, '%PDF-'], terminal: [2, true] });
  });

  it('exits 2 when the baseline is not a mesh-posture report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mp-'));
    writeFileSync(path.join(dir, 'b.json'), '{"schemaVersion":1}');
    const { code, stderr } = await report('--format', 'md', '--baseline', path.join(dir, 'b.json'));
    expect({ code, matches: /baseline: generatedAt: /.test(stderr) }).toEqual({ code: 2, matches: true });
  });
});

describe('mesh-posture can-i', () => {
  const canI = async (...args: string[]) => {
    const { code, stdout, stderr } = await run('can-i', '--source', FIXTURE, '--now', NOW, '--format', 'json', ...args);
    expect({ code, stderr: stderr.split('\n').filter((l) => !l.includes('warning:')).join('') }).toEqual({ code: 0, stderr: '' });
    const r = JSON.parse(stdout);
    return { outcome: r.outcome, mtls: r.mtls, policies: r.policies };
  };
  const httpbin = ['--to', 'shop/httpbin-6d8f7c9b5-abcde'];

  it.each([
    { name: 'sidecar client, allowed path', args: [...httpbin, '--port', '8080', '--from', 'shop/sleep-7b9f8c6d4-fghij', '--path', '/headers'], expected: { outcome: 'allowed', mtls: true, policies: ['shop/httpbin'] } },
    { name: 'sidecar client, path outside the ALLOW', args: [...httpbin, '--port', '8080', '--from', 'shop/sleep-7b9f8c6d4-fghij', '--path', '/admin'], expected: { outcome: 'denied', mtls: true, policies: ['shop/httpbin'] } },
    { name: 'outside the mesh to a STRICT port', args: [...httpbin, '--port', '8080'], expected: { outcome: 'connection-failed', mtls: false, policies: [] } },
    { name: 'legacy pod to a STRICT port', args: [...httpbin, '--port', '8080', '--from', 'legacy/cron-5c7d9-klmno'], expected: { outcome: 'connection-failed', mtls: false, policies: [] } },
    { name: 'outside the mesh to the PERMISSIVE TCP port: connects, but the HTTP-only ALLOW rule is dropped on TCP', args: [...httpbin, '--port', '9090'], expected: { outcome: 'denied', mtls: false, policies: ['shop/httpbin'] } },
  ])('$name', async ({ args, expected }) => {
    expect(await canI(...args)).toEqual(expected);
  });

  it('rejects a pod that is not in the source with exit 2', async () => {
    const { code, stderr } = await run('can-i', '--source', FIXTURE, '--to', 'shop/nope', '--port', '80');
    expect({ code, msg: /target pod shop\/nope is not in the source/.test(stderr) }).toEqual({ code: 2, msg: true });
  });
});

describe('a repository of manifests (controllers, not pods)', () => {
  const REPO = path.resolve(import.meta.dirname, '../test/fixtures/manifest-repo');

  it('predicts the workloads from Deployments, StatefulSets and CronJobs, with the injector applied', async () => {
    const { code, stdout } = await run('report', '--source', REPO, '--format', 'json', '--now', NOW);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const workloads = report.workloads
      .map((w: { namespace: string; pod: string; dataplane: string; predictedFrom: unknown; mtls: { mode: string } }) => [`${w.namespace}/${w.pod}`, w.dataplane, w.mtls.mode, w.predictedFrom])
      .sort((a: string[], b: string[]) => a[0]!.localeCompare(b[0]!));
    expect(workloads).toEqual([
      ['batch/nightly-export', 'none', 'NONE', { kind: 'CronJob', name: 'nightly-export' }],
      ['shop/cache', 'none', 'NONE', { kind: 'StatefulSet', name: 'cache' }],
      ['shop/web', 'sidecar', 'STRICT', { kind: 'Deployment', name: 'web' }],
    ]);
    // web is STRICT; the uninjected cache beside it and the export job naming its Service send plaintext (MP105).
    // The finding points at the controllers, with file and line, where a code-scanning UI can annotate them.
    const mp105 = report.findings.find((f: { code: string }) => f.code === 'MP105');
    expect(mp105.objects).toEqual(['Deployment/shop/web', 'StatefulSet/shop/cache', 'CronJob/batch/nightly-export']);
    expect(mp105.locations.map((l: { object: string; file: string; line: number }) => `${l.object} ${path.basename(l.file)}:${l.line}`)).toEqual([
      'Deployment/shop/web shop.yaml:1',
      'StatefulSet/shop/cache shop.yaml:21',
      'CronJob/batch/nightly-export batch.yaml:1',
    ]);
  });
});
