// mTLS coverage per namespace as an inline SVG stacked bar chart (one 100% bar per namespace, segments in
// COVERAGE_SEGMENTS order). Pure string building: every cluster string goes through escapeHtml, ids and numbers are
// ours. Colour is never the only carrier: a legend names the segments, each bar ends with its figures in text, and
// every segment has a <title>.
import type { CoverageCounts } from '@/lib/mesh/model';
import { escapeHtml } from './escape-html';
import { COVERAGE_SEGMENTS, coverageCaption, formatCount, formatPercent, sharePercent } from './format-values';

export interface CoverageBar {
  readonly label: string;
  readonly coverage: CoverageCounts;
}

const WIDTH = 760;
const LABEL_WIDTH = 190;
const BAR_WIDTH = 360;
const ROW = 20;
const BAR_HEIGHT = 14;
const LEGEND_HEIGHT = 28;
const MAX_LABEL_CHARS = 30;

/** Cuts a label to what fits the label column; the full text stays in the table beside the chart. */
export function shortLabel(label: string, max: number = MAX_LABEL_CHARS): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

/** Segment widths in the bar's units, rounded so they sum exactly to `width` (no hairline gaps). */
export function segmentWidths(c: CoverageCounts, width: number): { key: (typeof COVERAGE_SEGMENTS)[number]['key']; width: number; count: number }[] {
  if (c.total === 0) return [];
  let used = 0;
  let cumulative = 0;
  return COVERAGE_SEGMENTS.map((s) => {
    cumulative += c[s.key];
    const end = Math.round((cumulative / c.total) * width * 10) / 10;
    const w = Math.max(0, Math.round((end - used) * 10) / 10);
    used = end;
    return { key: s.key, width: w, count: c[s.key] };
  }).filter((s) => s.count > 0);
}

function legend(): string {
  let x = 0;
  return COVERAGE_SEGMENTS.map((s) => {
    const item = `<rect x="${x.toFixed(1)}" y="6" width="12" height="12" fill="${s.color}" stroke="#475467" stroke-width="0.5"/><text x="${(x + 16).toFixed(1)}" y="16" class="legend">${escapeHtml(s.label)}</text>`;
    x += 16 + s.label.length * 6.2 + 14;
    return item;
  }).join('');
}

function bar(row: CoverageBar, y: number): string {
  const color = new Map<string, string>(COVERAGE_SEGMENTS.map((s) => [s.key, s.color]));
  const labels = new Map<string, string>(COVERAGE_SEGMENTS.map((s) => [s.key, s.label]));
  let x = LABEL_WIDTH;
  const segments =
    row.coverage.total === 0
      ? `<rect x="${x}" y="${y}" width="${BAR_WIDTH}" height="${BAR_HEIGHT}" fill="#ffffff" stroke="#d0d5dd"><title>${escapeHtml(row.label)}: no workloads</title></rect>`
      : segmentWidths(row.coverage, BAR_WIDTH)
          .map((s) => {
            const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${s.width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${color.get(s.key) ?? '#000'}"><title>${escapeHtml(row.label)}: ${formatCount(s.count)} ${escapeHtml(labels.get(s.key) ?? s.key)} (${formatPercent(sharePercent(s.count, row.coverage.total))})</title></rect>`;
            x += s.width;
            return rect;
          })
          .join('');
  const caption = row.coverage.total === 0 ? 'no workloads' : coverageCaption(row.coverage);
  return (
    `<text x="${LABEL_WIDTH - 6}" y="${y + 11}" text-anchor="end" class="label">${escapeHtml(shortLabel(row.label))}</text>` +
    segments +
    `<text x="${LABEL_WIDTH + BAR_WIDTH + 6}" y="${y + 11}" class="figure">${escapeHtml(caption)}</text>`
  );
}

/** The chart as an <svg> element to inline in HTML; `title` is its accessible name. */
export function coverageBarChartSvg(rows: readonly CoverageBar[], title: string): string {
  const height = LEGEND_HEIGHT + rows.length * ROW + 4;
  const body = rows.map((r, i) => bar(r, LEGEND_HEIGHT + i * ROW)).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="coverage-chart-title" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" class="chart">` +
    `<title id="coverage-chart-title">${escapeHtml(title)}</title>` +
    `<style>.label,.figure,.legend{font:11px sans-serif;fill:#142330}</style>` +
    `<g>${legend()}</g>${body}</svg>`
  );
}
