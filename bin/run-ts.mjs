#!/usr/bin/env node
// Runs a TypeScript entry point of this repository on plain Node 20 (no type stripping there):
// tsx registers its loader, which also resolves the `@/` path alias from tsconfig.json.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: run-ts.mjs FILE.ts [args...]\n');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...rest];
register();
await import(pathToFileURL(path.resolve(entry)).href);
