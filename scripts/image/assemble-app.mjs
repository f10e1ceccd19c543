#!/usr/bin/env node
// The dashboard's application folder, as the container image holds it at /app: Next's standalone output of the last
// `next build` (.next/standalone: the traced .next and node_modules the server loads), plus what the trace leaves out
// (.next/static, the embedded demo mesh) and the launcher (bin/mesh-posture-server.mjs). One definition for both
// images: scripts/image/build-image.sh (OCI image, built here with umoci) and deploy/Dockerfile.
//
//   node scripts/image/assemble-app.mjs DEST      (DEST must not exist; run after `next build` and `npm run build:cli`)
//
// Left out of the trace's output, to keep the image small and free of what never runs in it:
// - sharp and its libvips (~20 MB): Next's image optimiser, which nothing here uses (no next/image);
// - PGlite's optional PostgreSQL extensions (*.tar.gz): the history store loads none;
// - the build's trace files (*.nft.json, ~6 MB): read by `next build` to make this folder, never by the server;
// - Next's font metrics for next/font (capsize-font-metrics.json and font-utils.js, ~4 MB), which nothing in the
//   server requires at run time;
// - TypeScript declarations, source maps, and the demo's tests and TypeScript helpers (the server reads only the
//   manifests, certificates.yaml and the decoded copy).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dest = process.argv[2];
if (!dest || process.argv.length > 3) {
  process.stderr.write('usage: node scripts/image/assemble-app.mjs DEST\n');
  process.exit(2);
}
if (existsSync(dest)) fail(`${dest} exists: give a new folder`);

const standalone = path.join(root, '.next', 'standalone');
if (!existsSync(path.join(standalone, 'server.js'))) fail(`no ${standalone}/server.js: run \`next build\` first (next.config.ts sets output: 'standalone')`);
const builtId = readFileSync(path.join(root, '.next', 'BUILD_ID'), 'utf8');
if (readFileSync(path.join(standalone, '.next', 'BUILD_ID'), 'utf8') !== builtId) fail('.next/standalone is not from the last build: run `next build` again');

/** Paths (relative to the standalone folder) that are not copied. */
const EXCLUDED = [
  /^node_modules\/sharp(\/|$)/,
  /^node_modules\/@img(\/|$)/,
  /^node_modules\/@electric-sql\/pglite\/dist\/[^/]+\.tar\.gz$/,
  /^node_modules\/next\/dist\/server\/(capsize-font-metrics\.json|font-utils\.js)$/,
  /\.nft\.json$/,
  /\.d\.[cm]?ts$/,
  /\.map$/,
  /^demo(\/|$)/,
];

mkdirSync(dest, { recursive: true });
cpSync(standalone, dest, {
  recursive: true,
  verbatimSymlinks: true,
  filter: (src) => {
    const rel = path.relative(standalone, src).split(path.sep).join('/');
    return rel === '' || !EXCLUDED.some((re) => re.test(rel));
  },
});
// The browser's assets are not in the trace: Next serves them from .next/static. There is no public/ folder today.
cpSync(path.join(root, '.next', 'static'), path.join(dest, '.next', 'static'), { recursive: true });
if (existsSync(path.join(root, 'public'))) cpSync(path.join(root, 'public'), path.join(dest, 'public'), { recursive: true });

// The demo mesh (MESH_POSTURE_SOURCE=demo), read at run time from MESH_POSTURE_DEMO_DIR, with the copy decoded ahead of
// time by `npm run build:cli` (without it the server decodes the manifests at each start, slower but the same).
const demo = path.join(dest, 'demo');
cpSync(path.join(root, 'demo', 'manifests'), path.join(demo, 'manifests'), { recursive: true });
cpSync(path.join(root, 'demo', 'certificates.yaml'), path.join(demo, 'certificates.yaml'));
const decoded = path.join(root, 'demo', 'manifests.decoded.json');
if (existsSync(decoded)) cpSync(decoded, path.join(demo, 'manifests.decoded.json'));
else process.stderr.write('assemble-app: demo/manifests.decoded.json is missing (run `npm run build:cli`): the demo source will decode the manifests at start\n');

// The launcher: Next's request handler behind the request-target check (server.js, Next's own, is left unused).
mkdirSync(path.join(dest, 'bin'));
for (const file of ['mesh-posture-server.mjs', 'request-target.mjs']) cpSync(path.join(root, 'bin', file), path.join(dest, 'bin', file));

// Next writes its runtime cache under .next/cache; the image starts with it empty (an emptyDir is mounted over it where
// the root filesystem is read-only).
rmSync(path.join(dest, '.next', 'cache'), { recursive: true, force: true });
mkdirSync(path.join(dest, '.next', 'cache'));

function fail(message) {
  process.stderr.write(`assemble-app: ${message}\n`);
  process.exit(1);
}
