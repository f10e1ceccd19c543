// Table text written as raw PDF content operators, one content write per table row. pdfkit's text() computes kerning
// pairs and makes one buffer per operator, which at 20,000-workload appendices (hundreds of thousands of cell lines)
// dominates the time and the memory. Standard fonts only, WinAnsi encoded like pdfkit's own text (pdfSafe has
// already reduced every string to what the encoding can show). Relies on two pdfkit internals, checked at run time:
// the current font's resource id/ascender and the page's font resource dictionary.

export interface RawFont {
  readonly id: string;
  readonly ascender: number;
  readonly ref: () => unknown;
}

interface PdfInternals {
  readonly _font?: RawFont;
  readonly page: { readonly height: number; readonly fonts: Record<string, unknown> };
  addContent(data: string): unknown;
  font(name: string): unknown;
}

const internals = (doc: PDFKit.PDFDocument) => doc as unknown as PdfInternals;

/** pdfkit's font object for a standard font name (id, ascender), for raw text. */
export function rawFont(doc: PDFKit.PDFDocument, name: string): RawFont {
  const d = internals(doc);
  d.font(name);
  const font = d._font;
  if (!font || typeof font.id !== 'string' || typeof font.ascender !== 'number' || typeof font.ref !== 'function') {
    throw new Error('pdfkit internals changed: the current font has no id/ascender/ref');
  }
  return font;
}

// WinAnsi code points of the characters that differ from Latin-1 (0x80-0x9F).
const WIN_ANSI: ReadonlyMap<string, number> = new Map(
  [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'].map((ch, i) => [ch, 0x80 + i] as const).filter(([ch]) => ch.charCodeAt(0) > 0xff),
);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function winAnsiHex(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    const byte = ch.length === 1 && code <= 0xff && (code < 0x80 || code > 0x9f) ? code : (WIN_ANSI.get(ch) ?? 0x3f);
    out += HEX[byte];
  }
  return out;
}

const num = (n: number): string => (Math.round(n * 100) / 100).toString();

export function rgb(hex: string): string {
  const v = Number.parseInt(hex.replace('#', ''), 16);
  return `${num(((v >> 16) & 255) / 255)} ${num(((v >> 8) & 255) / 255)} ${num((v & 255) / 255)}`;
}

/** Collects the operators of one row (text runs and rules) and writes them as one content chunk. */
export class RawRow {
  private readonly ops: string[] = [];
  private readonly rules: string[] = [];
  private readonly fonts = new Set<RawFont>();

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Text with its top-left at (x, top), in pdfkit's top-down page coordinates. */
  text(font: RawFont, size: number, color: string, x: number, top: number, text: string): void {
    const height = internals(this.doc).page.height;
    const baseline = height - top - (font.ascender / 1000) * size;
    this.fonts.add(font);
    this.ops.push(`${rgb(color)} rg 1 0 0 1 ${num(x)} ${num(baseline)} Tm /${font.id} ${num(size)} Tf <${winAnsiHex(text)}> Tj`);
  }

  /** A horizontal rule in top-down coordinates. */
  rule(x1: number, x2: number, y: number, width: number, color: string): void {
    this.rules.push(`${num(width)} w ${rgb(color)} RG ${num(x1)} ${num(y)} m ${num(x2)} ${num(y)} l S`);
  }

  flush(): void {
    const d = internals(this.doc);
    for (const f of this.fonts) d.page.fonts[f.id] ??= f.ref();
    const parts: string[] = [];
    if (this.ops.length) parts.push(`q 1 0 0 -1 0 ${num(d.page.height)} cm BT ${this.ops.join(' ')} ET Q`);
    if (this.rules.length) parts.push(`q ${this.rules.join(' ')} Q`);
    if (parts.length) d.addContent(parts.join('\n'));
    this.ops.length = 0;
    this.rules.length = 0;
    this.fonts.clear();
  }
}
