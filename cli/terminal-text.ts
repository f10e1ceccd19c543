// The one filter for cluster strings printed to a terminal (tables, check, can-i, warnings, errors). Every string from
// the cluster or a manifest is hostile (ARCHITECTURE §5): a control character can move the cursor, rewrite what was
// printed or, with an OSC sequence, set the window title or a hyperlink, and a bidirectional override can make one
// name read as another. C0 controls (TAB included: it can hide text), DEL, C1 controls (U+009B is a CSI on many
// terminals), bidi embeddings, overrides and isolates, and lone surrogates each print as '?'.
const UNSAFE_FOR_TERMINAL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One line of terminal text from an untrusted string: no control, C1 or bidi character survives (newlines neither). */
export function terminalSafe(value: string): string {
  return value.replace(UNSAFE_FOR_TERMINAL, '?');
}
