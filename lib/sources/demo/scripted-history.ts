// Scripted history for the demo mesh (issue #12: "the demo may replay a few scripted policy changes at start so the
// view is not empty, clearly labelled as demo data"). Before the live demo posture is recorded, a new history
// database gets postures of the demo mesh from the last three days, each the demo with one PeerAuthentication
// removed, so the History view shows real changes recorded by the real store, with their causes. Pure: snapshots in,
// snapshots out; the History view says which postures are scripted (DEMO_HISTORY_NOTE in lib/api/views/history.ts).
import type { MeshSnapshot } from '@/lib/snapshot/types';

export interface ScriptedPosture {
  readonly at: Date;
  readonly snapshot: MeshSnapshot;
}

const DAY_MS = 86_400_000;

/** The demo without one PeerAuthentication (namespace/name). */
function without(snapshot: MeshSnapshot, namespace: string, name: string): MeshSnapshot {
  return { ...snapshot, peerAuthentications: snapshot.peerAuthentications.filter((p) => !(p.meta.namespace === namespace && p.meta.name === name)) };
}

/**
 * 3 days ago: storefront without its PERMISSIVE `default` policy (its workloads inherit the mesh's STRICT);
 * 2 days ago: the policy appears (a regression to PERMISSIVE, caused by it);
 * 1 day ago: checkout's `checkout-webhooks-metrics` port exception goes away (its port back to STRICT);
 * then the live demo, where it is back.
 */
export function scriptedDemoHistory(demo: MeshSnapshot, now: Date): ScriptedPosture[] {
  const ago = (days: number) => new Date(Math.floor(now.getTime() / 60_000) * 60_000 - days * DAY_MS);
  return [
    { at: ago(3), snapshot: without(demo, 'storefront', 'default') },
    { at: ago(2), snapshot: demo },
    { at: ago(1), snapshot: without(demo, 'checkout', 'checkout-webhooks-metrics') },
  ];
}
