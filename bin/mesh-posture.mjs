#!/usr/bin/env node
// The `mesh-posture` command. Two ways to run the same CLI (cli/main.ts):
// - installed from the package: the JavaScript build in dist/cli/ (scripts/build-cli.mjs, run at `npm pack`), on
//   plain Node, with neither tsx nor the repository's tsconfig;
// - in a checkout of the repository: the TypeScript sources through tsx (a dev dependency), so an edit is live
//   without a build step and a stale dist/ never shadows it.
// The package holds no cli/ sources, so their presence tells the two apart; MESH_POSTURE_CLI=dist|source overrides
// that (e.g. to run a fresh `npm run build:cli` from the checkout).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node >= 22.1 keeps V8's compiled code of the CLI and its dependencies on disk (in the OS temp folder), which cuts
// the start of every later run; Node 20 has no such cache and runs as before.
module.enableCompileCache?.();

const here = (relative) => fileURLToPath(new URL(relative, import.meta.url));
const choice = process.env.MESH_POSTURE_CLI ?? (existsSync(here('../cli/main.ts')) ? 'source' : 'dist');

async function loadMain() {
  if (choice === 'dist') {
    if (!existsSync(here('../dist/cli/main.js'))) {
      process.stderr.write('mesh-posture: the compiled CLI (dist/cli/main.js) is missing: run `npm run build:cli`, or unset MESH_POSTURE_CLI\n');
      process.exit(2);
    }
    return import('../dist/cli/main.js');
  }
  if (choice !== 'source') {
    process.stderr.write(`mesh-posture: MESH_POSTURE_CLI must be "dist" or "source", got ${JSON.stringify(choice)}\n`);
    process.exit(2);
  }
  // tsx's loader resolves the `@/` path alias from tsconfig.json.
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: here('../tsconfig.json') });
  return import('../cli/main.ts');
}

// The embedded demo mesh ships beside this launcher, wherever the command is run from.
process.env.MESH_POSTURE_DEMO_DIR ??= here('../demo/');
// A reader that closes early (`mesh-posture report | head`) is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = await loadMain();
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
