// Timestamps from proxies arrive in several shapes (OpenSSL's "May 15 01:30:52 2023 GMT" from node:crypto,
// proto-JSON RFC 3339 with fractions or offsets from Envoy). The snapshot keeps one: RFC 3339 UTC to the
// second, `YYYY-MM-DDTHH:MM:SSZ`, as istioctl prints NotBefore/NotAfter (istio-semantics §5.3).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
// OpenSSL ASN1_TIME_print: month, day padded with a space, time, year, "GMT".
const OPENSSL_TIME = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Formats epoch milliseconds as `YYYY-MM-DDTHH:MM:SSZ` (sub-second part dropped). */
export function formatUtcSeconds(epochMs: number): string {
  const d = new Date(Math.floor(epochMs / 1000) * 1000);
  if (Number.isNaN(d.getTime())) throw new Error(`time out of range: ${epochMs}`);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

/** Epoch milliseconds of a strict RFC 3339 timestamp, or null when the text is not one. */
export function parseRfc3339(text: string): number | null {
  if (text.length > 40 || !RFC3339.test(text)) return null;
  const ms = Date.parse(text.replace(' ', 'T').toUpperCase());
  return Number.isNaN(ms) ? null : ms;
}

/** Normalises a strict RFC 3339 timestamp to UTC seconds, or null when the text is not one. */
export function normaliseRfc3339(text: string): string | null {
  const ms = parseRfc3339(text);
  return ms === null ? null : formatUtcSeconds(ms);
}

/** Converts node:crypto's `validFrom`/`validTo` (OpenSSL's print format, always GMT) to RFC 3339 UTC. */
export function opensslTimeToRfc3339(text: string): string {
  const m = OPENSSL_TIME.exec(text);
  const month = m ? MONTHS.indexOf(m[1] as (typeof MONTHS)[number]) : -1;
  if (!m || month < 0) throw new Error(`unexpected certificate time format: ${JSON.stringify(text.slice(0, 40))}`);
  const ms = Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return formatUtcSeconds(ms);
}
