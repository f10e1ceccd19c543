// Issue #15 items 2, 3 and 8: a manifest folder is whatever a user or a volume holds. Loops, unreadable folders and
// special files each become one issue naming them, and every other file is still read.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listManifestFiles } from './list-manifest-files';

const NS = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mp-walk-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function list(dir: string): Promise<{ files: string[]; issues: string[] }> {
  const issues: { file?: string; reason: string }[] = [];
  const display = (p: string) => path.relative(dir, p) || '.';
  const files = await listManifestFiles(dir, issues, display);
  return { files: files.map(display), issues: issues.map((i) => `${i.file}: ${i.reason}`) };
}

describe('listManifestFiles', () => {
  it('three symlinks to "." (a loop each) list every file once and name each loop once', async () => {
    const dir = folder({ 'a.yaml': NS('a'), 'sub/b.yaml': NS('b') });
    for (const l of ['loop1', 'loop2', 'sub/back']) symlinkSync(l === 'sub/back' ? '..' : '.', path.join(dir, l));
    expect(await list(dir)).toEqual({
      files: ['a.yaml', 'sub/b.yaml'],
      issues: [
        'loop1: symbolic link loop: leads back to .; not followed',
        'loop2: symbolic link loop: leads back to .; not followed',
        'sub/back: symbolic link loop: leads back to .; not followed',
      ],
    });
  });

  it('a link to a folder already read elsewhere is read once and named', async () => {
    const dir = folder({ 'real/a.yaml': NS('a') });
    symlinkSync('real', path.join(dir, 'z-alias'));
    expect(await list(dir)).toEqual({ files: ['real/a.yaml'], issues: ['z-alias: same folder as real, already read; not read twice'] });
  });

  it('names a FIFO and a broken link without opening them, and still lists the rest', async () => {
    const dir = folder({ 'a.yaml': NS('a') });
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    symlinkSync('missing.yaml', path.join(dir, 'dangling.yaml'));
    expect(await list(dir)).toEqual({
      files: ['a.yaml'],
      issues: [
        expect.stringMatching(/^dangling\.yaml: broken symbolic link: ENOENT/),
        'pipe.yaml: a named pipe (FIFO): not read',
      ],
    });
  });
});

// An unreadable folder needs a user the file permissions apply to: as root (CI), the CLI runs as `nobody`.
describe('an unreadable subfolder (the whole CLI, as an unprivileged user)', () => {
  it('becomes one issue naming it; every other object is still computed and the report exits 0', () => {
    const dir = folder({ 'a.yaml': NS('readable'), 'locked/b.yaml': NS('hidden') });
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'a.yaml'), 0o644);
    chmodSync(path.join(dir, 'locked'), 0o000);
    const bin = path.resolve(import.meta.dirname, '../../../bin/mesh-posture.mjs');
    const asRoot = process.getuid?.() === 0;
    // As `nobody`, the Node on PATH: this process's own binary may sit in a folder only root can enter (CI runs the
    // unit suite again with a Node 24 unpacked in a private temporary folder).
    const r = spawnSync(asRoot ? 'node' : process.execPath, [bin, 'report', '--source', dir, '--format', 'json', '--now', '2026-06-01T12:00:00Z'], {
      encoding: 'utf8', cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), NODE_ENV: 'test' }, ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(r.error).toBeUndefined();
    const report = JSON.parse(r.stdout || '{}') as { namespaces?: { name: string }[]; issues?: { file: string; reason: string }[] };
    expect({
      status: r.status,
      namespaces: report.namespaces?.map((n) => n.name),
      issues: report.issues?.map((i) => `${i.file}: ${i.reason}`),
    }).toEqual({
      status: 0,
      namespaces: ['readable'],
      issues: [expect.stringMatching(/^locked: cannot read folder: EACCES.*the rest of the source is still read$/)],
    });
  }, 30_000);
});
