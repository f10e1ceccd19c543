#!/usr/bin/env node
// The `mesh-posture` command. The CLI is TypeScript (cli/main.ts); tsx's loader runs it on Node 20.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
// The embedded demo mesh ships beside this launcher, wherever the command is run from.
process.env.MESH_POSTURE_DEMO_DIR ??= fileURLToPath(new URL('../demo/', import.meta.url));
// A reader that closes early (`mesh-posture report | head`) is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
