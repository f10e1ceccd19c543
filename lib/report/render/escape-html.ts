// The one escape function for every cluster string that goes into the HTML report and its inline SVG charts
// (ARCHITECTURE §5: every string from the cluster is hostile). Text and attribute values are both covered: the five
// HTML metacharacters and the backtick are encoded, so no cluster string can open a tag, close an attribute or start
// an event handler. Script-scheme prefixes are broken up as well (`javascript:` → `javascript&#58;`), so the report
// carries the text but never a string a browser or a mail client could turn into a live link; control characters and
// bidirectional overrides (which can make a name read as another) become U+FFFD.

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

// C0 controls other than TAB/LF/CR, DEL, C1 controls, bidi embeddings/overrides/isolates, and lone surrogates.
const UNSAFE_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SCRIPT_SCHEMES = /\b(java|vb|live)(script)\s*:/gi;

export function escapeHtml(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(UNSAFE_CHARS, '\uFFFD')
    .replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c)
    .replace(SCRIPT_SCHEMES, '$1$2&#58;');
}
