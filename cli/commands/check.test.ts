import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_NOW, runCli, SMALL_MESH } from '@/test/run-cli';

const FIXTURE = SMALL_MESH;
const NOW = CLI_NOW;

const run = runCli;

const check = (...args: string[]) => run('check', '--source', FIXTURE, '--now', NOW, ...args);
/** The PASS/FAIL lines and what fails each bar. */
const verdicts = (stdout: string) => stdout.split('\n').filter((l) => /^(PASS|FAIL) {2}|^ {8}/.test(l));

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'mp-check-'));
}

// The fixture: workloads 2/3 STRICT (66.7%), ports 1/2 STRICT (50%); plaintext on shop/httpbin:9090 (PERMISSIVE) and
// legacy/cron (no dataplane); findings MP105 and MP303 (error), MP107 and MP307 (warning).
describe('mesh-posture check: each bar', () => {
  it.each([
    { bar: ['--min-strict-percent', '50'], code: 0, lines: ['PASS  --min-strict-percent 50: workloads 66.7% STRICT (2/3), ports 50% STRICT (1/2)'] },
    {
      bar: ['--min-strict-percent', '60'], code: 1,
      lines: ['FAIL  --min-strict-percent 60: workloads 66.7% STRICT (2/3), ports 50% STRICT (1/2)', '        ports 50% STRICT (1/2) is below 60%'],
    },
    { bar: ['--max-plaintext-ports', '2'], code: 0, lines: ['PASS  --max-plaintext-ports 2: 2 ports accept plaintext'] },
    {
      bar: ['--max-plaintext-ports', '1'], code: 1,
      lines: [
        'FAIL  --max-plaintext-ports 1: 2 ports accept plaintext',
        '        shop/httpbin-6d8f7c9b5-abcde:9090 PERMISSIVE: port-level exception: shop/httpbin-admin sets port 9090 to PERMISSIVE while the workload is STRICT',
        '        legacy/cron-5c7d9-klmno:all ports NONE: no sidecar or ztunnel: nothing enforces mTLS, the pod accepts plaintext',
      ],
    },
    {
      bar: ['--fail-on-severity', 'error'], code: 1,
      lines: ['FAIL  --fail-on-severity error: 2 findings of severity error', expect.stringMatching(/^ {8}error {3}MP105 {2}workload httpbin/), expect.stringMatching(/^ {8}error {3}MP303 {2}ALLOW policy shop\/httpbin/)],
    },
    { bar: ['--fail-on-severity', 'warning'], code: 1, lines: expect.arrayContaining(['FAIL  --fail-on-severity warning: 4 findings of severity error or warning']) },
    { bar: ['--fail-on', 'MP201,MP501'], code: 0, lines: ['PASS  --fail-on MP201,MP501: 0 findings with these codes'] },
    { bar: ['--fail-on', 'mp107'], code: 1, lines: ['FAIL  --fail-on MP107: 1 finding with this code', expect.stringMatching(/^ {8}warning MP107 {2}Namespace legacy has 1 pod/)] },
  ])('$bar exits $code', async ({ bar, code, lines }) => {
    const r = await check(...bar);
    expect({ code: r.code, lines: verdicts(r.stdout) }).toEqual({ code, lines });
    expect(r.stdout.split('\n')[0]).toMatch(code === 0 ? /: PASSED, every bar holds$/ : /: FAILED, 1 of 1 bar not met$/);
  });

  it('checks every bar given, and fails when one of them fails', async () => {
    const r = await check('--min-strict-percent', '50', '--max-plaintext-ports', '5', '--fail-on', 'MP303');
    expect({ code: r.code, lines: verdicts(r.stdout).filter((l) => !l.startsWith(' ')) }).toEqual({
      code: 1,
      lines: ['PASS  --min-strict-percent 50: workloads 66.7% STRICT (2/3), ports 50% STRICT (1/2)', 'PASS  --max-plaintext-ports 5: 2 ports accept plaintext', 'FAIL  --fail-on MP303: 1 finding with this code'],
    });
  });
});

describe('mesh-posture check --baseline --no-regression', () => {
  it('passes against a baseline of the same manifests', async () => {
    const dir = tempDir();
    const baseline = await run('report', '--source', FIXTURE, '--now', NOW, '--format', 'json', '--out', path.join(dir, 'baseline.json'));
    expect(baseline.code).toBe(0);
    const r = await check('--baseline', path.join(dir, 'baseline.json'), '--no-regression');
    expect({ code: r.code, lines: verdicts(r.stdout) }).toEqual({ code: 0, lines: [`PASS  --no-regression: since the baseline of ${NOW}`] });
  });

  it('fails naming the regression planted in a pull request: namespace shop back to PERMISSIVE', async () => {
    const dir = tempDir();
    expect((await run('report', '--source', FIXTURE, '--now', NOW, '--format', 'json', '--out', path.join(dir, 'baseline.json'))).code).toBe(0);
    const manifests = path.join(dir, 'manifests');
    cpSync(FIXTURE, manifests, { recursive: true });
    writeFileSync(
      path.join(manifests, '30-shop-permissive.yaml'),
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: PERMISSIVE\n',
    );
    const r = await run('check', '--source', manifests, '--now', NOW, '--baseline', path.join(dir, 'baseline.json'), '--no-regression');
    expect({ code: r.code, lines: verdicts(r.stdout) }).toEqual({
      code: 1,
      lines: [
        `FAIL  --no-regression: since the baseline of ${NOW}`,
        '        new plaintext port: shop/httpbin:8080 is PERMISSIVE',
        '        new plaintext port: shop/sleep:all ports is PERMISSIVE',
        '        phase regression: namespace shop went from phase 2 to 1',
      ],
    });
  });
});

describe('mesh-posture check: exit 2', () => {
  it.each([
    { name: 'no bar', args: [], message: /no bar given/ },
    { name: '--no-regression without --baseline', args: ['--no-regression'], message: /--no-regression needs --baseline FILE/ },
    { name: 'a percent that is not a number', args: ['--min-strict-percent', 'most'], message: /--min-strict-percent: expected a number from 0 to 100/ },
    { name: 'a percent over 100', args: ['--min-strict-percent', '101'], message: /--min-strict-percent: expected a number from 0 to 100/ },
    { name: 'a negative port count', args: ['--max-plaintext-ports=-1'], message: /--max-plaintext-ports: expected a whole number/ },
    { name: 'severity info', args: ['--fail-on-severity', 'info'], message: /--fail-on-severity: expected error or warning/ },
    { name: 'an unknown finding code', args: ['--fail-on', 'MP105,MP999'], message: /--fail-on: .*unknown: "MP999"/ },
  ])('usage error: $name', async ({ args, message }) => {
    const r = await check(...args);
    expect({ code: r.code, matches: message.test(r.stderr), stdout: r.stdout }).toEqual({ code: 2, matches: true, stdout: '' });
  });

  it.each([
    { name: 'a baseline that does not exist', baseline: () => '/nonexistent/baseline.json', message: /--baseline: cannot read/ },
    { name: 'a baseline that is not JSON', baseline: () => file('not json'), message: /--baseline ".*": not JSON/ },
    { name: 'a baseline of another schema version', baseline: () => file('{"schemaVersion":2}'), message: /baseline: schemaVersion: expected 1 .*got 2/ },
    { name: 'a baseline missing a field', baseline: () => file('{"schemaVersion":1,"generatedAt":"x","source":"s","now":"x"}'), message: /baseline: namespaces: / },
  ])('unreadable input: $name', async ({ baseline, message }) => {
    const r = await check('--baseline', baseline(), '--no-regression');
    expect({ code: r.code, matches: message.test(r.stderr) }).toEqual({ code: 2, matches: true });
  });

  it('unreadable source', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'x.yaml'), 'kind: [\n');
    const r = await run('check', '--source', dir, '--fail-on-severity', 'error');
    expect({ code: r.code, matches: /nothing could be read/.test(r.stderr) }).toEqual({ code: 2, matches: true });
  });

  it('--help prints usage and exits 0', async () => {
    const r = await run('check', '--help');
    expect({ code: r.code, usage: r.stdout.startsWith('Usage: mesh-posture check --source SRC') }).toEqual({ code: 0, usage: true });
  });
});

function file(content: string): string {
  const f = path.join(tempDir(), 'baseline.json');
  writeFileSync(f, content);
  return f;
}
