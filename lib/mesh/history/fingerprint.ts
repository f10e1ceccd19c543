// Content fingerprints of the objects that decide a verdict, so two postures recorded hours apart (by another
// process, from a database) can still say which object was added, modified or removed in between. Pure: a stable
// JSON text and a 64-bit FNV-1a hash of it (two 32-bit lanes), not a security boundary — only "did it change".

/** JSON with object keys sorted at every level, so equal content gives equal text whatever the key order. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

/** FNV-1a over UTF-16 code units, two lanes with different offsets: 16 hex digits. */
export function fingerprint(value: unknown): string {
  const text = stableJson(value);
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
    b = (b ^ (b >>> 13)) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
