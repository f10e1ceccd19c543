#!/usr/bin/env node
// Builds the `mesh-posture` command to plain JavaScript (dist/cli/), so the installed command needs neither tsx nor
// this repository's tsconfig: esbuild resolves the `@/` path alias and the JSON imports (package.json's version, the
// vendored CRD schemas) at build time. Also writes demo/manifests.decoded.json. Run by `npm run build:cli`, and by
// `prepack` so every tarball holds a fresh build.
//
// - ESM with code splitting: cli/main.ts imports each verb with import(), so `--help` loads only main's chunk, and the
//   heavy libraries (pdfkit, @kubernetes/client-node, pglite, pg) only in the chunks of the commands that use them.
// - The npm packages are bundled into the chunks (one file to compile instead of hundreds to resolve and load: on
//   Node 20, which has no compile cache, that was a quarter of `report --source demo`), except RUNTIME_EXTERNAL,
//   which are loaded from node_modules at run time and are the package's only `dependencies`.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Loaded from node_modules at run time: they read files of their own (pdfkit's fonts, pglite's wasm), or are large and
 * used by one verb only (the Kubernetes client for --source cluster, pg for a PostgreSQL history). */
const RUNTIME_EXTERNAL = ['pdfkit', '@electric-sql/pglite', 'pg', '@kubernetes/client-node'];
const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'dist', 'cli');

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The oldest Node the package supports (package.json engines).
  target: 'node20.19',
  external: RUNTIME_EXTERNAL,
  // Bundled CommonJS packages call require(): give the ES modules one.
  banner: { js: "import { createRequire as __meshPostureRequire } from 'node:module'; const require = __meshPostureRequire(import.meta.url);" },
  tsconfig: path.join(root, 'tsconfig.json'),
  chunkNames: 'chunks/[name]-[hash]',
  // The bundled packages' license comments stay with their code.
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});
// The demo manifests decoded ahead of time (lib/sources/demo/decoded-demo.ts), by the same code as the CLI, built the
// same way into a throwaway file, which lives under node_modules so that its imports of packages resolve (ESM resolves
// them from the importing file's folder).
mkdirSync(path.join(root, 'node_modules', '.cache'), { recursive: true });
const scratch = mkdtempSync(path.join(root, 'node_modules', '.cache', 'mesh-posture-build-'));
try {
  const script = path.join(scratch, 'write-decoded-demo.mjs');
  await build({ absWorkingDir: root, entryPoints: ['scripts/write-decoded-demo.ts'], outfile: script, bundle: true, format: 'esm', platform: 'node', target: 'node20.19', packages: 'external', tsconfig: path.join(root, 'tsconfig.json'), logLevel: 'warning' });
  execFileSync(process.execPath, [script, path.join(root, 'demo')], { cwd: root, stdio: 'inherit' });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// Marks the folder as ESM whatever the surrounding package says.
writeFileSync(path.join(outdir, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
const outputs = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'));
const bytes = outputs.reduce((n, [, o]) => n + o.bytes, 0);
process.stderr.write(`mesh-posture CLI built: ${outputs.length} files, ${(bytes / 1024).toFixed(0)} KiB in ${path.relative(root, outdir)}/\n`);
