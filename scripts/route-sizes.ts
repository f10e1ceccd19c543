// Prints the first-load JavaScript of every route of the last `next build` (uncompressed and gzipped, from the
// build's own .next/diagnostics/route-bundle-stats.json) and fails when a route is over its budget. Run after
// `next build`: `npm run size`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** First-load JS budgets, gzipped (issue #4: the overview ≤ 250 KB). Routes not listed use DEFAULT_BUDGET. */
const BUDGETS: Readonly<Record<string, number>> = { '/': 250 * 1024 };
const DEFAULT_BUDGET = 300 * 1024;

interface RouteStats {
  readonly route: string;
  readonly firstLoadUncompressedJsBytes: number;
  readonly firstLoadChunkPaths: readonly string[];
}

const root = process.cwd();
const statsFile = path.join(root, '.next/diagnostics/route-bundle-stats.json');
const stats = JSON.parse(await readFile(statsFile, 'utf8').catch(() => {
  console.error(`route-sizes: ${statsFile} not found; run \`next build\` first`);
  process.exit(2);
})) as RouteStats[];

const gzipped = new Map<string, number>();
async function gzipSize(chunk: string): Promise<number> {
  let size = gzipped.get(chunk);
  if (size === undefined) {
    size = gzipSync(await readFile(path.join(root, chunk))).length;
    gzipped.set(chunk, size);
  }
  return size;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
let over = 0;
const rows: string[][] = [];
for (const route of stats.filter((s) => !s.route.startsWith('/api/')).sort((a, b) => a.route.localeCompare(b.route))) {
  let gz = 0;
  for (const chunk of route.firstLoadChunkPaths) gz += await gzipSize(chunk);
  const budget = BUDGETS[route.route] ?? DEFAULT_BUDGET;
  const ok = gz <= budget;
  if (!ok) over += 1;
  rows.push([route.route, kb(route.firstLoadUncompressedJsBytes), kb(gz), kb(budget), ok ? 'ok' : 'OVER']);
}
const header = ['route', 'first-load JS', 'gzipped', 'budget (gz)', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
if (over > 0) {
  console.error(`route-sizes: ${over} route(s) over their first-load JavaScript budget`);
  process.exit(1);
}
