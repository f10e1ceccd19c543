import 'server-only';
// The address of the TCP peer, which a route handler cannot see: bin/mesh-posture-server.mjs (the only server we
// ship) drops any client's copy of PEER_HEADER and sets it to `<per-process key> <address>`, the key being random
// per start and kept in this process's environment. A request that did not pass through that server (or a client
// writing the header itself) has no valid key, so the address is unknown and an address-based rule never matches.
import { createHash, timingSafeEqual } from 'node:crypto';

export const PEER_HEADER = 'x-mesh-posture-peer';
export const PEER_KEY_ENV = 'MESH_POSTURE_PEER_KEY';

function sameKey(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** The peer's IP address (IPv4-mapped IPv6 unwrapped), or undefined when not set by our server. */
export function peerAddress(headers: Headers, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const key = env[PEER_KEY_ENV];
  const value = headers.get(PEER_HEADER);
  if (!key || key.length < 32 || !value) return undefined;
  const space = value.indexOf(' ');
  if (space < 0 || !sameKey(value.slice(0, space), key)) return undefined;
  const address = value.slice(space + 1);
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}
