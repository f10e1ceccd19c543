// A kind's change log (KindSupervisor.drainChanges): the keys its watch set or deleted since the feed last read it,
// 'all' after a relist or a reset; and, fed to the feed's assembler after random watch events, the snapshot that
// assembling every object again gives. The supervisor runs against a scripted client (lists and watch events by hand).
import { afterEach, describe, expect, it } from 'vitest';
import { assembleSnapshot, createSnapshotAssembler, type KindDelta } from '@/lib/sources/cluster/assemble-snapshot';
import type { DiscoveryCache } from '@/lib/sources/cluster/discovery-cache';
import { KindSupervisor } from '@/lib/sources/cluster/kind-supervisor';
import { KIND_TABLE } from '@/lib/sources/cluster/kind-table';
import { KubeApiError, type KubeClient, type WatchEvent } from '@/lib/sources/cluster/kube-client';
import { createPrng } from '@/test/synthetic/prng';
import { rawPod, waitFor } from './harness';

const PODS = KIND_TABLE.find((s) => s.resource === 'pods')!;

/** Answers lists with `items` (or `failList`) and keeps the open watch's event callback for the test to push to. */
class ScriptedClient {
  items: unknown[] = [];
  failList: Error | null = null;
  watchEvents: ((e: WatchEvent) => void) | null = null;
  lists = 0;
  private version = 1;

  async getJson(): Promise<unknown> {
    this.lists++;
    if (this.failList) throw this.failList;
    return { kind: 'PodList', metadata: { resourceVersion: String(this.version) }, items: this.items };
  }

  async watch(_path: string, _query: unknown, onEvent: (e: WatchEvent) => void): Promise<{ close(): void }> {
    this.watchEvents = onEvent;
    return { close: () => (this.watchEvents = null) };
  }

  push(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: Record<string, unknown>): void {
    const meta = object['metadata'] as Record<string, unknown>;
    this.watchEvents!({ type, object: { ...object, metadata: { ...meta, resourceVersion: String(++this.version) } } });
  }
}

const discovery = { resolve: async () => ({ type: 'served', version: 'v1' }) } as unknown as DiscoveryCache;
const TUNING = { watchdogMs: 60_000, relistIntervalMs: 3_600_000, backoffBaseMs: 10, backoffMaxMs: 20, forbiddenRetryMs: 10, watchTimeoutSeconds: 300, now: () => Date.now() };

let supervisor: KindSupervisor | null = null;
afterEach(async () => {
  await supervisor?.stop();
  supervisor = null;
});

async function watching(items: unknown[] = []): Promise<{ client: ScriptedClient; supervisor: KindSupervisor }> {
  const client = new ScriptedClient();
  client.items = items;
  supervisor = new KindSupervisor(PODS, client as unknown as KubeClient, discovery, TUNING, () => undefined);
  supervisor.start();
  await waitFor('the watch', () => client.watchEvents !== null && supervisor!.current.status === 'ok');
  return { client, supervisor };
}

const pod = (name: string, labels: Record<string, string> = { app: name }) => rawPod('shop', name, labels);

describe('a kind supervisor change log', () => {
  it("is 'all' at first, then names each key changed since the last drain, a deleted key 'moved'", async () => {
    const { client, supervisor: s } = await watching([pod('a'), pod('b'), pod('c')]);
    expect(s.drainChanges()).toBe('all');
    expect(s.drainChanges()).toEqual(new Map());

    client.push('MODIFIED', pod('a', { app: 'a2' }));
    client.push('ADDED', pod('d'));
    client.push('DELETED', pod('b'));
    client.push('MODIFIED', pod('a', { app: 'a3' })); // written twice: once in the log, where it first was
    expect([...(s.drainChanges() as Map<string, string>)]).toEqual([['shop/a', 'updated'], ['shop/d', 'updated'], ['shop/b', 'moved']]);

    // Deleted and added again: 'moved', and last in the log as in the map.
    client.push('DELETED', pod('c'));
    client.push('ADDED', pod('e'));
    client.push('ADDED', pod('c'));
    client.push('DELETED', pod('nobody')); // not in the map: no change
    expect([...(s.drainChanges() as Map<string, string>)]).toEqual([['shop/e', 'updated'], ['shop/c', 'moved']]);
    expect([...s.objects.keys()]).toEqual(['shop/a', 'shop/d', 'shop/e', 'shop/c']);
  });

  it("is 'all' after a relist and after the kind became unreadable", async () => {
    const { client, supervisor: s } = await watching([pod('a')]);
    s.drainChanges();
    client.items = [pod('a'), pod('b')];
    s.requestRelist();
    await waitFor('the relist', () => s.objects.size === 2 && client.watchEvents !== null);
    expect(s.drainChanges()).toBe('all');

    client.push('MODIFIED', pod('a', { app: 'x' }));
    expect(s.drainChanges()).toEqual(new Map([['shop/a', 'updated']]));
    client.failList = new KubeApiError('pods is forbidden', 403);
    s.requestRelist();
    await waitFor('the kind forbidden', () => s.current.status === 'forbidden');
    expect(s.drainChanges()).toBe('all');
    expect(s.objects.size).toBe(0);
  });

  it('fed to the assembler after random watch events, gives the snapshot assembling every object gives', async () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const { client, supervisor: s } = await watching(names.slice(0, 3).map((n) => pod(n)));
    const assembler = createSnapshotAssembler();
    const prng = createPrng(3, 1);
    const kinds = (): KindDelta[] => [{ spec: PODS, status: 'ok', lastSyncOk: 0, objects: s.objects, unnamed: s.unnamed, changed: s.drainChanges() }];
    assembler.assemble(kinds(), { source: 's', now: 0 });
    let moved = 0;
    for (let step = 0; step < 200; step++) {
      for (let e = prng.int(1, 3); e > 0; e--) {
        const name = prng.pick(names);
        const type = prng.pick(['ADDED', 'MODIFIED', 'DELETED'] as const);
        client.push(type, prng.chance(0.1) ? { ...pod(name), spec: 'oops' } : pod(name, { app: prng.pick(names) }));
      }
      const delta = kinds();
      if (delta[0]!.changed !== 'all' && [...delta[0]!.changed.values()].includes('moved')) moved++;
      const next = assembler.assemble(delta, { source: 's', now: 0 });
      expect(next, `step ${step}`).toEqual(assembleSnapshot([{ spec: PODS, status: 'ok', lastSyncOk: 0, objects: [...s.objects.values(), ...s.unnamed] }], { source: 's', now: 0 }));
    }
    expect(moved).toBeGreaterThan(0);
  });
});
