// Text measuring and wrapping for the PDF report with the 14 standard fonts. pdfkit's own line wrapper is exact but
// slow at tens of thousands of table cells; standard fonts have no kerning in pdfkit's width measure, so a cached
// per-character advance width gives the same widths at a fraction of the cost.

export const FONTS = { regular: 'Helvetica', bold: 'Helvetica-Bold', mono: 'Courier' } as const;
export type FontRole = keyof typeof FONTS;

/** The part of pdfkit's document this module needs (so it can be tested without one). */
export interface TextMeasurer {
  font(name: string): unknown;
  fontSize(size: number): unknown;
  widthOfString(text: string): number;
}

// Characters the standard fonts' WinAnsi encoding can show; anything else (and control characters) prints as '?'.
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const UNPRINTABLE = new RegExp(`[^\\u0020-\\u007E\\u00A0-\\u00FF\\n${WIN_ANSI_EXTRA}]`, 'gu');

export function pdfSafe(text: string): string {
  return text.replace(/\t/g, ' ').replace(/\r\n?/g, '\n').replace(UNPRINTABLE, '?');
}

const advanceCache = new Map<string, Map<string, number>>();

/** Width of `text` at `size` in font `font` (the document's current font is changed to measure unseen characters). */
export function textWidth(doc: TextMeasurer, font: string, size: number, text: string): number {
  let widths = advanceCache.get(font);
  if (!widths) {
    widths = new Map();
    advanceCache.set(font, widths);
  }
  let total = 0;
  for (const ch of text) {
    let w = widths.get(ch);
    if (w === undefined) {
      doc.font(font);
      doc.fontSize(1000);
      w = doc.widthOfString(ch);
      widths.set(ch, w);
    }
    total += w;
  }
  return (total * size) / 1000;
}

function breakLongWord(doc: TextMeasurer, font: string, size: number, word: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const ch of word) {
    if (line && textWidth(doc, font, size, line + ch) > width) {
      out.push(line);
      line = ch;
    } else line += ch;
  }
  if (line) out.push(line);
  return out;
}

/** Lines of `text` wrapped to `width`, at most `maxLines` (the last one ends with '…' when cut). */
export function wrapText(doc: TextMeasurer, font: string, size: number, text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  const space = textWidth(doc, font, size, ' ');
  for (const paragraph of pdfSafe(text).split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(' ')) {
      const w = textWidth(doc, font, size, word);
      if (line && lineWidth + space + w <= width) {
        line += ` ${word}`;
        lineWidth += space + w;
        continue;
      }
      if (line) lines.push(line);
      if (w <= width) {
        line = word;
        lineWidth = w;
      } else {
        const pieces = breakLongWord(doc, font, size, word, width);
        line = pieces.pop() ?? '';
        lines.push(...pieces);
        lineWidth = textWidth(doc, font, size, line);
      }
      if (lines.length > maxLines) break;
    }
    lines.push(line);
    if (lines.length > maxLines) break;
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1] ?? '';
  while (last && textWidth(doc, font, size, `${last}…`) > width) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last}…`;
  return kept;
}
