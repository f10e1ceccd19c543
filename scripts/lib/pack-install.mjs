// Packs this repository as npm would publish it (`npm pack`, which runs `prepack`: the CLI build) and installs the
// tarball globally into a fresh prefix with --omit=dev, as a user would. Shared by the package test
// (test/package-install.test.ts) and `npm run bench:cli`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });

/**
 * @param {{ dir?: string }} [options] where to put the tarball and the prefix (default: a new temporary folder)
 * @returns {{ dir: string, tarball: string, files: string[], prefix: string, bin: string, packageDir: string }}
 */
export function packAndInstall(options = {}) {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'mesh-posture-pack-'));
  // `prepack` may print too: the JSON is the output from its first line that opens an array.
  const out = npm(['pack', '--json', '--pack-destination', dir], REPO_ROOT);
  const [packed] = JSON.parse(out.slice(out.search(/^\[/m)));
  const tarball = path.join(dir, packed.filename);
  const prefix = path.join(dir, 'prefix');
  // --prefer-offline: the dependencies are those of the checkout's lockfile range, usually in npm's cache already.
  npm(['install', '--global', '--omit=dev', '--prefer-offline', '--prefix', prefix, tarball], dir);
  return {
    dir,
    tarball,
    files: packed.files.map((f) => f.path).sort(),
    prefix,
    bin: path.join(prefix, 'bin', 'mesh-posture'),
    packageDir: path.join(prefix, 'lib', 'node_modules', packed.name),
  };
}
