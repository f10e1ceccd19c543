// Issue #13 item 2: the package as a user gets it. `npm pack` (which builds the CLI), `npm install --global --omit=dev`
// of the tarball into a fresh prefix, then every command of the installed `mesh-posture`, on plain Node: no tsx, no
// tsconfig, no repository around it (the commands run in an empty folder).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall } from '../scripts/lib/pack-install.mjs';

const ROOT = path.resolve(__dirname, '..');
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };

let installed: ReturnType<typeof packAndInstall>;
let cwd: string;

/** The installed command, run the way a shell runs it (its shebang), with no variable of the repository's. */
function run(args: readonly string[], env: Record<string, string> = {}) {
  const r = spawnSync(installed.bin, args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, NODE_ENV: 'production', MESH_POSTURE_DATABASE_URL: 'off', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  installed = packAndInstall();
  cwd = path.join(installed.dir, 'work');
  mkdirSync(cwd);
}, 600_000);

afterAll(() => {
  if (installed) rmSync(installed.dir, { recursive: true, force: true });
}, 120_000);

describe('the npm package', () => {
  it('holds what runs and nothing else', () => {
    const files = installed.files;
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/mesh-posture.mjs', 'dist/cli/main.js', 'dist/cli/package.json', 'demo/certificates.yaml', 'demo/manifests.decoded.json', 'demo/manifests/10-storefront.yaml']));
    const allowed = [/^package\.json$/, /^README\.md$/, /^bin\/mesh-posture\.mjs$/, /^dist\/cli\/(package\.json|[\w-]+\.js|chunks\/[\w-]+\.js)$/, /^demo\/(certificates\.yaml|manifests\.decoded\.json|manifests\/[\w.-]+\.yaml)$/, /^docs\/(cli\.md|report-schema\.md|report\.schema\.json)$/];
    expect(files.filter((f) => !allowed.some((re) => re.test(f)))).toEqual([]);
    expect(files.filter((f) => /\.test\.|^e2e\/|^\.next\/|^test\/|^cli\/|^lib\//.test(f))).toEqual([]);
  });

  it('installs without the dashboard or the development tools', () => {
    const modules = path.join(installed.packageDir, 'node_modules');
    const present = (name: string) => existsSync(path.join(modules, name)) || existsSync(path.join(installed.prefix, 'lib', 'node_modules', name));
    expect(['tsx', 'typescript', 'esbuild', 'next', 'react', 'mermaid', 'vitest', 'zod', 'ajv'].filter(present)).toEqual([]);
    // The only packages loaded from node_modules at run time (scripts/build-cli.mjs bundles the others).
    expect(['pdfkit', '@kubernetes/client-node', '@electric-sql/pglite', 'pg'].filter((n) => !present(n))).toEqual([]);
    expect(readdirSync(path.join(installed.prefix, 'bin'))).toEqual(['mesh-posture']);
  });

  it('states the supported Node versions, with 24 (the production runtime) among them', () => {
    expect(PKG.engines.node).toBe('^20.19.0 || ^22.12.0 || ^24.0.0');
  });
});

// Each command is a new process on a possibly busy machine (the demo is computed anew each time).
describe('the installed mesh-posture', { timeout: 120_000 }, () => {
  it('--help prints the usage and exits 0', () => {
    const r = run(['--help']);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^mesh-posture \d+\.\d+\.\d+: the true zero-trust posture/);
    expect(r.stdout).toContain('Usage: mesh-posture <command> [options]');
  });

  it('--version prints the version of package.json', () => {
    expect(run(['--version'])).toEqual({ status: 0, stdout: `${PKG.version}\n`, stderr: '' });
  });

  it("a verb's --help exits 0", () => {
    for (const verb of ['report', 'check', 'can-i', 'record', 'history']) {
      const r = run([verb, '--help']);
      expect({ verb, status: r.status }).toEqual({ verb, status: 0 });
      expect(r.stdout).toMatch(/^Usage: mesh-posture /);
    }
  });

  it('report --source demo --format json reads the embedded demo mesh', () => {
    const r = run(['report', '--source', 'demo', '--format', 'json', '--now', '2026-12-01T00:00:00Z']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { schemaVersion: number; toolVersion: string; source: string; workloads: unknown[] };
    expect({ schemaVersion: report.schemaVersion, toolVersion: report.toolVersion, source: report.source, workloads: report.workloads.length }).toEqual({ schemaVersion: 1, toolVersion: PKG.version, source: 'demo', workloads: 148 });
  });

  it('report --format pdf writes a PDF (pdfkit and its fonts are installed)', () => {
    const out = path.join(cwd, 'posture.pdf');
    expect(run(['report', '--source', 'demo', '--format', 'pdf', '--out', out]).status).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('check gates on the bars and exits 1 when one fails', () => {
    expect(run(['check', '--source', 'demo', '--min-strict-percent', '50'])).toMatchObject({ status: 0, stdout: expect.stringContaining('PASSED') });
    expect(run(['check', '--source', 'demo', '--min-strict-percent', '99'])).toMatchObject({ status: 1, stdout: expect.stringContaining('FAIL') });
  });

  it('can-i answers for one connection', () => {
    const r = run(['can-i', '--source', 'demo', '--to', 'payments/ledger-c4v5b7kwvd-629wz', '--port', '8080', '--from-outside']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^CONNECTION-FAILED: /);
  });

  it('record and history use the embedded database (pglite)', () => {
    const db = path.join(cwd, 'history');
    expect(run(['record', '--source', 'demo', '--db', db])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^recorded .* \(source "demo"\)/) });
    const r = run(['history', '--db', db, '--format', 'json']);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { records: unknown[] }).records).toHaveLength(1);
  });

  it('--source cluster loads the Kubernetes client and says why it cannot read (exit 2)', () => {
    const r = run(['report', '--source', 'cluster'], { KUBECONFIG: path.join(cwd, 'no-such-kubeconfig') });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^mesh-posture report: cluster: cannot read the kubeconfig/);
  });

  it('reads a manifest file given by path', () => {
    const r = run(['report', '--source', path.join(ROOT, 'demo', 'manifests', '10-storefront.yaml'), '--format', 'json']);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { workloads: unknown[] }).workloads.length).toBeGreaterThan(0);
  });

  it('a usage error exits 2', () => {
    expect(run(['report'])).toMatchObject({ status: 2, stderr: expect.stringContaining('mesh-posture report:') });
    expect(run(['no-such-verb'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown command') });
  });
});

describe('npm publish --dry-run', () => {
  it('would publish the package, with no warning but the login a dry run does not need', () => {
    // --ignore-scripts: the CLI was just built by the pack above.
    const r = spawnSync('npm', ['publish', '--dry-run', '--ignore-scripts', '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const published = (JSON.parse(r.stdout.slice(r.stdout.search(/^\{/m))) as Record<string, { name: string; version: string; files: { path: string }[] }>)['mesh-posture'];
    expect(published).toMatchObject({ name: 'mesh-posture', version: PKG.version });
    expect(published?.files.map((f) => f.path).sort()).toEqual(installed.files);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('npm warn') && !l.includes('requires you to be logged in'));
    expect(warnings).toEqual([]);
  });
});
