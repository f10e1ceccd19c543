// A small pure CIDR matcher for `ipBlocks`, `remoteIpBlocks`, `source.ip`, `remote.ip` and `destination.ip`
// (istio-semantics Z-9, Z-10). A bare address is a /32 (IPv4) or /128 (IPv6), as Istio's AddrStrToCidrRange does.

export interface IpAddress {
  readonly family: 4 | 6;
  /** The address as an unsigned integer of 32 or 128 bits. */
  readonly value: bigint;
}

export interface CidrRange {
  readonly address: IpAddress;
  readonly prefixLength: number;
}

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  let head = text;
  let tailV4: bigint | null = null;
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const lastColon = head.lastIndexOf(':');
  if (head.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIpv4(head.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = `${head.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const toGroups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = toGroups(halves[0] ?? '');
  const right = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  if (tailV4 !== null) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

/** Parses an IPv4 or IPv6 address; null when it is not one. */
export function parseIpAddress(text: string): IpAddress | null {
  const trimmed = text.trim();
  if (trimmed.includes(':')) {
    const v = parseIpv6(trimmed.replace(/%.*$/, ''));
    return v === null ? null : { family: 6, value: v };
  }
  const v = parseIpv4(trimmed);
  return v === null ? null : { family: 4, value: v };
}

/** Parses `addr` or `addr/len`; null when malformed. */
export function parseCidr(text: string): CidrRange | null {
  const [addr, len, extra] = text.trim().split('/');
  if (addr === undefined || extra !== undefined) return null;
  const address = parseIpAddress(addr);
  if (!address) return null;
  const max = address.family === 4 ? 32 : 128;
  if (len === undefined) return { address, prefixLength: max };
  if (!/^\d{1,3}$/.test(len)) return null;
  const prefixLength = Number(len);
  if (prefixLength > max) return null;
  return { address, prefixLength };
}

/** Whether `ip` lies in `range`; addresses of another family never do. */
export function cidrContains(range: CidrRange, ip: IpAddress): boolean {
  if (range.address.family !== ip.family) return false;
  const bits = BigInt(ip.family === 4 ? 32 : 128);
  const shift = bits - BigInt(range.prefixLength);
  return range.address.value >> shift === ip.value >> shift;
}

/** True when `ip` (undefined: unknown) lies in any of the CIDR strings; malformed entries never match. */
export function ipInAnyCidr(cidrs: readonly string[], ip: string | undefined): boolean {
  if (ip === undefined) return false;
  const addr = parseIpAddress(ip);
  if (!addr) return false;
  return cidrs.some((c) => {
    const range = parseCidr(c);
    return range !== null && cidrContains(range, addr);
  });
}
