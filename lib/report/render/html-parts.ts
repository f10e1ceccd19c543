// Building blocks of the HTML report: the stylesheet (screen and print) and a table whose cells are always escaped.
import { escapeHtml } from './escape-html';

/** Everything the report may load or run: nothing but its own inline styles and data: images. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export const REPORT_CSS = `
:root { color-scheme: light; --fg: #142330; --muted: #52606d; --line: #d9e2ec; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: #fff; }
h1 { font-size: 26px; margin: 0 0 8px; } h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; } h3 { font-size: 16px; margin: 20px 0 6px; }
.muted, caption, .note { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; } dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; margin: 0; }
.cards div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; } .cards dt { color: var(--muted); font-size: 12px; } .cards dd { margin: 2px 0 0; font-size: 17px; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12.5px; }
caption { text-align: left; padding: 4px 0; caption-side: top; }
th, td { text-align: left; vertical-align: top; padding: 3px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
thead th { background: #f2f5f8; font-size: 12px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11.5px; white-space: pre-wrap; }
.verdict-bad { font-weight: 600; color: #b42318; } .verdict-warn { font-weight: 600; color: #8a5a00; } .verdict-ok { color: #0b6e4f; }
.banner { border: 1px solid #f5c26b; background: #fff8eb; border-radius: 6px; padding: 8px 12px; }
nav ol { columns: 2; }
svg.chart { max-width: 100%; height: auto; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { break-before: page; } h2.keep { break-before: auto; } h2, h3 { break-after: avoid; }
  thead { display: table-header-group; } tr, svg.chart, .cards div { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .verdict-bad, .verdict-warn, .verdict-ok { color: #000; }
}
`;

export type Align = 'left' | 'num' | 'code';

export interface Column {
  readonly label: string;
  readonly align?: Align;
}

export type CellValue = string | number | null;

/** A cell already rendered as safe HTML (built from escaped parts by the caller). */
export interface SafeHtml {
  readonly html: string;
}

export function verdict(text: string, tone: 'bad' | 'warn' | 'ok'): SafeHtml {
  return { html: `<span class="verdict-${tone}">${escapeHtml(text)}</span>` };
}

function cellHtml(value: CellValue | SafeHtml): string {
  if (value !== null && typeof value === 'object') return value.html;
  return typeof value === 'number' ? escapeHtml(value.toLocaleString('en-US')) : escapeHtml(value ?? '');
}

export function htmlTable(caption: string, columns: readonly Column[], rows: readonly (readonly (CellValue | SafeHtml)[])[]): string {
  const cls = (c: Column | undefined) => (c?.align && c.align !== 'left' ? ` class="${c.align}"` : '');
  const head = columns.map((c) => `<th scope="col"${cls(c)}>${escapeHtml(c.label)}</th>`).join('');
  const parts: string[] = [`<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>`];
  for (const row of rows) {
    parts.push(`<tr>${row.map((v, i) => `<td${cls(columns[i])}>${cellHtml(v)}</td>`).join('')}</tr>`);
  }
  if (rows.length === 0) parts.push(`<tr><td colspan="${columns.length}" class="muted">none</td></tr>`);
  parts.push('</tbody></table>');
  return parts.join('');
}

export function moreNote(more: number, appendix: string): string {
  return more > 0 ? `<p class="note">${escapeHtml(`${more.toLocaleString('en-US')} more in ${appendix}.`)}</p>` : '';
}
