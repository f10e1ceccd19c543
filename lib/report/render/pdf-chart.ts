// The mTLS coverage chart of the PDF report, drawn as vectors (rectangles and text, no raster): the same 100%
// stacked bars, legend and per-bar figures as the HTML report's SVG (svg-charts.ts).
import { COVERAGE_SEGMENTS, coverageCaption } from './format-values';
import type { PdfPageBox } from './pdf-table';
import { FONTS, pdfSafe } from './pdf-text';
import { segmentWidths, shortLabel, type CoverageBar } from './svg-charts';

const ROW = 13;
const BAR_HEIGHT = 9;
const LEGEND = 18;

export function drawCoverageChart(box: PdfPageBox, rows: readonly CoverageBar[]): void {
  const doc = box.doc;
  const width = box.right - box.left;
  const labelWidth = width * 0.27;
  const barWidth = width * 0.45;
  const height = LEGEND + rows.length * ROW + 6;
  if (doc.y + height > box.bottom) {
    doc.addPage();
    doc.y = box.top;
  }
  let y = doc.y;
  let x = box.left;
  doc.fontSize(7);
  for (const s of COVERAGE_SEGMENTS) {
    doc.rect(x, y + 2, 8, 8).fillAndStroke(s.color, '#475467');
    doc.font(FONTS.regular).fontSize(7).fillColor('#142330').text(s.label, x + 11, y + 3, { lineBreak: false });
    x += 11 + doc.widthOfString(s.label) + 12;
  }
  y += LEGEND;
  for (const row of rows) {
    doc.font(row.label.startsWith('(') ? FONTS.bold : FONTS.regular).fontSize(7).fillColor('#142330');
    const label = pdfSafe(shortLabel(row.label, 34));
    doc.text(label, box.left + labelWidth - 4 - doc.widthOfString(label), y + 1.5, { lineBreak: false });
    let bx = box.left + labelWidth;
    if (row.coverage.total === 0) {
      doc.rect(bx, y, barWidth, BAR_HEIGHT).lineWidth(0.5).stroke('#d0d5dd');
    }
    for (const s of segmentWidths(row.coverage, barWidth)) {
      const color = COVERAGE_SEGMENTS.find((c) => c.key === s.key)?.color ?? '#000000';
      doc.rect(bx, y, s.width, BAR_HEIGHT).fill(color);
      bx += s.width;
    }
    doc.font(FONTS.regular).fontSize(7).fillColor('#142330');
    doc.text(row.coverage.total === 0 ? 'no workloads' : coverageCaption(row.coverage), box.left + labelWidth + barWidth + 5, y + 1.5, { lineBreak: false });
    y += ROW;
  }
  doc.y = y + 6;
}
