// Tables in the PDF report, laid out by hand: column widths from the shared TableSpec, cells wrapped to their
// column (capped at a few lines, cut with '…'), numbers right-aligned, verdicts as words (coloured too), and the
// caption and header row repeated at the top of every page the table runs onto.
import { formatCount } from './format-values';
import { RawRow, rawFont } from './pdf-raw';
import { FONTS, pdfSafe, textWidth, wrapText } from './pdf-text';
import type { TableSpec, Tone } from './report-tables';

export interface PdfPageBox {
  readonly doc: PDFKit.PDFDocument;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export interface TableStyle {
  readonly fontSize: number;
  /** Most lines a cell may take before it is cut with '…'. */
  readonly maxLines: number;
}

export const BODY_TABLE: TableStyle = { fontSize: 8, maxLines: 6 };
export const APPENDIX_TABLE: TableStyle = { fontSize: 7, maxLines: 8 };

const PAD = 3;
const TONE_COLORS: Readonly<Record<Tone, string>> = { bad: '#b42318', warn: '#8a5a00', ok: '#0b6e4f' };
const TEXT_COLOR = '#142330';

/** Moves to a new page unless `height` still fits below the current position; returns the y to draw at. */
export function reserve(box: PdfPageBox, height: number): number {
  if (box.doc.y + height > box.bottom) {
    box.doc.addPage();
    box.doc.y = box.top;
  }
  return box.doc.y;
}

interface Cell {
  readonly lines: readonly string[];
  readonly font: string;
  readonly align: 'left' | 'num' | 'code';
  readonly color: string;
}

function drawCells(box: PdfPageBox, row: RawRow, cells: readonly Cell[], xs: readonly number[], widths: readonly number[], y: number, size: number): void {
  const lineHeight = size * 1.2;
  cells.forEach((cell, i) => {
    const x = xs[i] ?? box.left;
    const w = widths[i] ?? 0;
    const font = rawFont(box.doc, cell.font);
    cell.lines.forEach((line, j) => {
      const dx = cell.align === 'num' ? w - PAD - textWidth(box.doc, cell.font, size, line) : PAD;
      row.text(font, size, cell.color, x + dx, y + PAD + j * lineHeight, line);
    });
  });
}

function rowHeight(cells: readonly Cell[], size: number): number {
  return Math.max(1, ...cells.map((c) => c.lines.length)) * size * 1.2 + 2 * PAD;
}

export function drawTable<T>(box: PdfPageBox, caption: string, spec: TableSpec<T>, rows: readonly T[], style: TableStyle): void {
  const doc = box.doc;
  const size = style.fontSize;
  const totalWeight = spec.reduce((a, c) => a + c.width, 0);
  const widths = spec.map((c) => ((box.right - box.left) * c.width) / totalWeight);
  const xs = widths.map((_, i) => box.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const header: Cell[] = spec.map((c, i) => ({
    lines: wrapText(doc, FONTS.bold, size, c.label, (widths[i] ?? 0) - 2 * PAD, 2),
    font: FONTS.bold,
    align: c.align === 'num' ? 'num' : 'left',
    color: TEXT_COLOR,
  }));
  const headerHeight = rowHeight(header, size);
  const captionHeight = 14;

  const raw = new RawRow(doc);
  const drawHeader = (continued: boolean) => {
    const y = doc.y;
    doc.font(FONTS.bold).fontSize(9).fillColor(TEXT_COLOR).text(pdfSafe(continued ? `${caption} (continued)` : caption), box.left, y, { lineBreak: false });
    const hy = y + captionHeight;
    doc.rect(box.left, hy, box.right - box.left, headerHeight).fill('#eef2f6');
    drawCells(box, raw, header, xs, widths, hy, size);
    raw.flush();
    doc.y = hy + headerHeight;
  };

  reserve(box, captionHeight + headerHeight + size * 1.2 + 2 * PAD);
  drawHeader(false);
  if (rows.length === 0) {
    doc.font(FONTS.regular).fontSize(size).fillColor('#52606d').text('none', box.left + PAD, doc.y + PAD, { lineBreak: false });
    doc.y += size * 1.2 + 2 * PAD + 8;
    return;
  }
  for (const row of rows) {
    const cells: Cell[] = spec.map((c, i) => {
      const v = c.value(row);
      const font = c.align === 'code' ? FONTS.mono : FONTS.regular;
      const text = typeof v === 'number' ? formatCount(v) : v;
      const tone = c.tone?.(row);
      return {
        lines: wrapText(doc, font, size, text, (widths[i] ?? 0) - 2 * PAD, style.maxLines),
        font,
        align: c.align ?? 'left',
        color: tone ? TONE_COLORS[tone] : TEXT_COLOR,
      };
    });
    const h = rowHeight(cells, size);
    if (doc.y + h > box.bottom) {
      doc.addPage();
      doc.y = box.top;
      drawHeader(true);
    }
    const y = doc.y;
    drawCells(box, raw, cells, xs, widths, y, size);
    raw.rule(box.left, box.right, y + h, 0.3, '#d9e2ec');
    raw.flush();
    doc.y = y + h;
  }
  doc.y += 8;
}
