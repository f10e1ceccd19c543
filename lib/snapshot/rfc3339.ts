/** An instant as RFC 3339 in UTC to the second (`2026-11-26T12:00:00Z`), the form every `asOf` and `now` takes. */
export function toRfc3339Seconds(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
