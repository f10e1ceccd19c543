// One CSV cell and one RFC 4180 table (csv-stringify): every text cell that a spreadsheet would run as a formula
// (= + - @ TAB CR LF first) is prefixed with a single quote (ARCHITECTURE §5, OWASP CSV injection). Shared by the
// report's tables (csv.ts), its history tables and the `history` verb's (csv-history.ts).
import { stringify } from 'csv-stringify/sync';

/** A cell: text (neutralised) or a number from a numeric column; null is an empty cell. */
export type CsvCell = string | number | boolean | null;

const FORMULA_TRIGGER = /^[=+\-@\t\r\n]/;

export function neutraliseCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return FORMULA_TRIGGER.test(cell) ? `'${cell}` : cell;
}

// csv-stringify quotes a field holding the record delimiter it writes (CRLF) but, once a delimiter is set, not one
// holding a lone LF or CR: that field would split its row, and the next physical line would start a new row whose
// first cell was never neutralised. RFC 4180 §2.6: every field holding CR, LF, a quote or a comma is quoted.
const CSV_OPTIONS = { record_delimiter: 'windows', quote_record_delimiter: true, quoted_match: /[\r\n",]/ } as const;

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify([[...header], ...rows.map((r) => header.map((_, i) => neutraliseCell(r[i] ?? null)))], CSV_OPTIONS);
}

