// The PDF coverage report, generated in-process with pdfkit (no headless browser): standard fonts only, the coverage
// chart drawn as vectors, tables laid out by hand with their header repeated on every page, a bookmark per section
// and "Page N of M" on every page (pages are buffered until the count is known).
import PDFDocument from 'pdfkit';
import type { ReportModel } from '../report-model';
import { formatTime } from './format-values';
import type { PdfPageBox } from './pdf-table';
import { appendixSections, bodySections, coverPages } from './pdf-sections';
import { FONTS, pdfSafe } from './pdf-text';

const MARGIN = { top: 46, bottom: 46, left: 40, right: 40 } as const;

function footers(doc: PDFKit.PDFDocument, model: ReportModel): void {
  const range = doc.bufferedPageRange();
  const label = pdfSafe(`${model.cover.title} - ${model.cover.source} - generated ${formatTime(model.cover.generatedAt)}`);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing into the bottom margin must not start a new page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 30;
    const pageText = `Page ${i + 1} of ${range.count}`;
    doc.font(FONTS.regular).fontSize(7).fillColor('#52606d');
    doc.text(label, MARGIN.left, y, { lineBreak: false, width: doc.page.width - MARGIN.left - MARGIN.right - 80, ellipsis: true, height: 10 });
    doc.text(pageText, doc.page.width - MARGIN.right - doc.widthOfString(pageText), y, { lineBreak: false });
  }
}

function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('error', reject);
    doc.on('end', () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
      let offset = 0;
      for (const c of chunks) {
        out.set(c, offset);
        offset += c.byteLength;
      }
      resolve(out);
    });
  });
}

export async function renderPdfReport(model: ReportModel): Promise<Uint8Array> {
  const generated = new Date(model.cover.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    compress: true,
    displayTitle: true,
    info: {
      Title: pdfSafe(model.cover.title),
      Subject: pdfSafe(`mTLS coverage of ${model.cover.source}`),
      Creator: pdfSafe(`Mesh Posture ${model.cover.toolVersion}`),
      Producer: 'Mesh Posture',
      ...(Number.isNaN(generated.getTime()) ? {} : { CreationDate: generated, ModDate: generated }),
    },
  });
  const done = collect(doc);
  const box: PdfPageBox = { doc, left: MARGIN.left, right: doc.page.width - MARGIN.right, top: MARGIN.top, bottom: doc.page.height - MARGIN.bottom };
  doc.y = box.top;
  coverPages(box, model);
  bodySections(box, model);
  appendixSections(box, model);
  footers(doc, model);
  doc.end();
  return done;
}
