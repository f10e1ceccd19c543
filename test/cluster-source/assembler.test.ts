// The feed's assembler (createSnapshotAssembler) against the one-shot assembleSnapshot over the same kinds: objects
// written and deleted, kinds becoming unreadable and readable again (their objects dropped, then read in whole),
// sync times moving, unnamed objects, certificate issues. Provenance and issues included, not only collections.
import { describe, expect, it } from 'vitest';
import { assembleSnapshot, createSnapshotAssembler, type KindDelta, type KindReading, type ReadStatus } from '@/lib/sources/cluster/assemble-snapshot';
import { KIND_TABLE } from '@/lib/sources/cluster/kind-table';
import { createPrng } from '@/test/synthetic/prng';
import { rawPeerAuthentication, rawPod } from './harness';

interface Kind {
  status: ReadStatus;
  lastSyncOk: number | null;
  objects: Map<string, unknown>;
  unnamed: readonly unknown[];
  changed: Set<string> | 'all';
}

const index = (resource: string) => KIND_TABLE.findIndex((s) => s.resource === resource);
const NAMESPACES = ['istio-system', 'shop', 'legacy'];

describe('the feed assembler', () => {
  it('gives what assembleSnapshot gives, after every change of objects, status or sync time', () => {
    const prng = createPrng(11, 2);
    const kinds: Kind[] = KIND_TABLE.map(() => ({ status: 'ok', lastSyncOk: 1_000, objects: new Map(), unnamed: [], changed: 'all' }));
    const write = (resource: string, key: string, raw: unknown | undefined) => {
      const kind = kinds[index(resource)]!;
      if (raw === undefined) kind.objects.delete(key);
      else kind.objects.set(key, raw);
      if (kind.changed !== 'all') kind.changed.add(key);
    };
    const assembler = createSnapshotAssembler();
    let unreadable = 0;
    for (let step = 0; step < 250; step++) {
      const ns = prng.pick(NAMESPACES);
      const name = prng.pick(['a', 'b', 'c']);
      switch (prng.weighted<string>([['pod', 5], ['pa', 2], ['configmap', 1], ['delete', 2], ['status', 1], ['sync', 1], ['unnamed', 0.5]])) {
        case 'pod':
          write('pods', `${ns}/${name}`, rawPod(ns, name, { app: prng.pick(['x', 'y']) }));
          break;
        case 'pa':
          write('peerauthentications', `${ns}/${name}`, rawPeerAuthentication(ns, name, prng.pick(['STRICT', 'PERMISSIVE', 'bogus'])));
          break;
        case 'configmap':
          write('configmaps', `${ns}/istio`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: ns }, data: { mesh: prng.pick(['trustDomain: a.example\n', 'x: [']) } });
          break;
        case 'delete':
          write(prng.pick(['pods', 'peerauthentications', 'configmaps']), `${ns}/${prng.pick([name, 'istio'])}`, undefined);
          break;
        case 'status': {
          // A kind becomes unreadable (its map emptied, as the supervisor does) or readable again after a relist.
          const kind = kinds[prng.int(0, kinds.length - 1)]!;
          kind.status = kind.status === 'ok' ? prng.pick<ReadStatus>(['forbidden', 'absent', 'error']) : 'ok';
          if (kind.status !== 'ok') {
            unreadable++;
            kind.objects = new Map();
            kind.lastSyncOk = null;
          } else {
            kind.lastSyncOk = 2_000 + step;
          }
          kind.changed = 'all';
          break;
        }
        case 'sync':
          kinds[prng.int(0, kinds.length - 1)]!.lastSyncOk = 5_000 + step * 1_000;
          break;
        case 'unnamed':
          kinds[index('pods')]!.unnamed = prng.pick([[], [{ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: ns } }]]);
          break;
      }
      const options = { source: 'cluster test', now: 10_000 + step, ...(prng.chance(0.3) ? { issues: [{ kind: 'ProxyCertificates', reason: 'proxy certificates: timed out' }] } : {}) };
      const deltas: KindDelta[] = KIND_TABLE.map((spec, i) => {
        const k = kinds[i]!;
        const changed = k.changed;
        k.changed = new Set();
        return { spec, status: k.status, ...(k.status === 'ok' ? {} : { reason: `${spec.id} is ${k.status}` }), lastSyncOk: k.lastSyncOk, objects: k.objects, unnamed: k.unnamed, changed };
      });
      const readings: KindReading[] = deltas.map((d) => ({ spec: d.spec, status: d.status, ...(d.reason ? { reason: d.reason } : {}), lastSyncOk: d.lastSyncOk, objects: [...d.objects.values(), ...(d.unnamed ?? [])] }));
      expect(assembler.assemble(deltas, options), `step ${step}`).toEqual(assembleSnapshot(readings, options));
    }
    expect(unreadable).toBeGreaterThan(0);
  });

  it("reads a kind in whole when it becomes readable again, whatever its change log says", () => {
    const spec = KIND_TABLE[index('pods')]!;
    const objects = new Map([['shop/a', rawPod('shop', 'a')]]);
    const assembler = createSnapshotAssembler();
    const forbidden = assembler.assemble([{ spec, status: 'forbidden', reason: 'no', lastSyncOk: null, objects, changed: 'all' }], { source: 's', now: 0 });
    expect(forbidden.pods).toEqual([]);
    const back = assembler.assemble([{ spec, status: 'ok', lastSyncOk: 0, objects, changed: new Set() }], { source: 's', now: 0 });
    expect(back.pods.map((p) => p.meta.name)).toEqual(['a']);
  });
});
