#!/usr/bin/env node
// Runs a TypeScript entry point of this repository as the product ships it: bundled by esbuild with the CLI's settings
// (scripts/build-cli.mjs), npm packages loaded from node_modules. For benchmarks: tsx (bin/run-ts.mjs) compiles with
// esbuild's keepNames, which wraps every function it creates in a naming call that the CLI's build and Next.js's
// compiler do not add, and which costs a tenth of a hot path's time or more.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: run-bundled.mjs FILE.ts [args...]\n');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
// Under node_modules, so that the bundle's imports of packages resolve from the repository's node_modules.
const outdir = path.join(root, 'node_modules', '.cache', 'mesh-posture-run');
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, `${path.basename(entry).replace(/\.[cm]?ts$/, '')}.mjs`);
await build({ absWorkingDir: root, entryPoints: [path.resolve(entry)], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20.19', packages: 'external', tsconfig: path.join(root, 'tsconfig.json'), logLevel: 'warning' });
process.argv = [process.argv[0], path.resolve(entry), ...rest];
await import(pathToFileURL(outfile).href);
