// What two snapshots of the same cluster must agree on: every collection, order aside. Provenance times and the
// source label are left out (a feed's asOf is when each kind last synced, a one-shot list's is when it ran).
import type { MeshSnapshot } from '@/lib/snapshot/types';

export function content(snapshot: MeshSnapshot): Record<string, unknown> {
  const { kinds, source, ...rest } = snapshot;
  void source;
  const statuses = Object.fromEntries(Object.entries(kinds).map(([k, p]) => [k, p.status]));
  const sorted = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, Array.isArray(value) ? value.map((v) => JSON.stringify(v)).sort() : value]),
  );
  return { statuses, ...sorted };
}
