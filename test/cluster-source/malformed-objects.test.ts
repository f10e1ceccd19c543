// Malformed objects served by the API server (wrong types, missing spec, huge strings), listed or arriving as watch
// events, are reported one by one, naming the object; every other object is used.
import { afterEach, describe, expect, it } from 'vitest';
import { listClusterSnapshot } from '@/lib/sources/cluster/list-cluster-snapshot';
import { names, rawPeerAuthentication, smallMeshObjects, startHarness, waitFor, type Harness } from './harness';

const HUGE = 'x'.repeat(200_000);

const MALFORMED = [
  { ...rawPeerAuthentication('shop', 'mode-is-a-number', 'STRICT'), spec: { mtls: { mode: 42 } } },
  { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'rules-not-a-list', namespace: 'shop' }, spec: { action: 'ALLOW', rules: 'everyone' } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'no-spec', namespace: 'shop' } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'huge', namespace: 'shop', labels: { app: HUGE } }, spec: { ports: 'all of them' } },
];

let h: Harness;
afterEach(async () => {
  await h.close();
});

function issueObjects(issues: readonly { object?: string; reason: string }[]): string[] {
  return issues.map((i) => i.object ?? '?').sort();
}

describe('malformed objects from the cluster', () => {
  it('are reported per object, by name, and the rest is used (listed and watched alike)', async () => {
    h = await startHarness({ objects: [...smallMeshObjects(), ...MALFORMED] });
    const feed = h.feed();
    const listed = await listClusterSnapshot({ kubeconfigPath: h.kubeconfigPath, now: new Date() });
    const watched = await feed.ready();
    for (const snapshot of [listed, watched]) {
      expect(issueObjects(snapshot.issues)).toEqual([
        'AuthorizationPolicy/shop/rules-not-a-list',
        'PeerAuthentication/shop/mode-is-a-number',
        'Pod/shop/no-spec',
        'Service/shop/huge',
      ]);
      expect(snapshot.issues.every((i) => i.reason.length < 1_000)).toBe(true);
      expect(names(snapshot.pods)).toEqual(['legacy/cron-5c7d9-klmno', 'shop/httpbin-6d8f7c9b5-abcde', 'shop/sleep-7b9f8c6d4-fghij']);
      expect(names(snapshot.peerAuthentications)).toEqual(['istio-system/default', 'shop/httpbin-admin']);
      expect(snapshot.kinds.PeerAuthentication.status).toBe('ok');
    }
  });

  it('one arriving as a watch event becomes an issue, and goes away when the object is fixed', async () => {
    h = await startHarness();
    const feed = h.feed();
    expect((await feed.ready()).issues).toEqual([]);
    h.sim.apply(MALFORMED[0]);
    const broken = await waitFor('the issue', () => (feed.current()?.issues.length ? feed.current() : undefined));
    expect(issueObjects(broken?.issues ?? [])).toEqual(['PeerAuthentication/shop/mode-is-a-number']);
    expect(names(broken?.peerAuthentications ?? [])).toEqual(['istio-system/default', 'shop/httpbin-admin']);

    h.sim.apply(rawPeerAuthentication('shop', 'mode-is-a-number', 'STRICT'));
    const fixed = await waitFor('the fix', () => (feed.current()?.issues.length === 0 ? feed.current() : undefined));
    expect(names(fixed?.peerAuthentications ?? [])).toEqual(['istio-system/default', 'shop/httpbin-admin', 'shop/mode-is-a-number']);
  });
});
