// Issue #15 item 6: C1 controls and bidi overrides used to pass to the terminal (only C0, DEL were stripped).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_NOW, runCli } from '@/test/run-cli';
import { terminalSafe } from './terminal-text';

const HOSTILE = ['\u001b]0;owned\u0007', '\u009b31m', '\u0085', 'a\rb', 'x\bb', '\u202eevil', 'iso\u2066late\u2069', '\u200f', 'tab\there', 'nl\nhere', '\ud800'];
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

describe('terminalSafe', () => {
  it.each([
    ['\u001b]0;owned\u0007', '?]0;owned?'],
    ['\u009b31mred', '?31mred'],
    ['\u202egnp.exe', '?gnp.exe'],
    ['\u2066a\u2069', '?a?'],
    ['a\rb\bc\u0085', 'a?b?c?'],
    ['lone \ud800 surrogate', 'lone ? surrogate'],
    ['emoji 🔒 stays, é stays', 'emoji 🔒 stays, é stays'],
  ])('%j → %j', (input, expected) => {
    expect(terminalSafe(input)).toBe(expected);
  });
});

describe('every terminal sink of the CLI', () => {
  // A namespace and a policy whose names carry each hostile sequence, and a file name that does too: the warnings
  // (stderr), the table report, check and can-i print none of them raw.
  const dir = mkdtempSync(path.join(tmpdir(), 'mp-term-'));
  const names = HOSTILE.map((h, i) => `ns${i}${h}`);
  writeFileSync(
    path.join(dir, 'mesh.yaml'),
    [
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\nspec: {containers: [{name: app, image: x, ports: [{containerPort: 8080}]}]}',
      ...names.map((n) => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ${JSON.stringify(n)}, namespace: shop}\nspec: {mtls: {mode: ${JSON.stringify(n)}}}`),
    ].join('\n---\n'),
  );
  writeFileSync(path.join(dir, '\u009b2J\u202ename.yaml'), 'kind: [');

  it.each([
    ['report (table)', ['report', '--source', dir, '--now', CLI_NOW]],
    ['check', ['check', '--source', dir, '--now', CLI_NOW, '--max-plaintext-ports', '0']],
    ['can-i', ['can-i', '--source', dir, '--now', CLI_NOW, '--from', 'shop/web', '--to', 'shop/web', '--port', '8080']],
  ])('%s prints no control, C1 or bidi character', async (_, argv) => {
    const { stdout, stderr } = await runCli(...argv);
    const lines = `${stdout}\n${stderr}`.split('\n').filter((l) => UNSAFE.test(l));
    expect({ warnings: stderr.includes('warning'), lines }).toEqual({ warnings: true, lines: [] });
  });
});
