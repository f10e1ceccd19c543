// Objects read live came through the API server, which admitted them against the CRD versions the cluster serves:
// the live source does not validate them again (assemble-snapshot.ts, LIVE_OBJECTS_ADMITTED), so an object that the
// file source would reject (a name or a field the vendored schemas refuse) is read, not dropped, in the one-shot
// assembly and in the feed's incremental one alike. The same object from a file is an issue (validate-object.test.ts).
import { describe, expect, it } from 'vitest';
import { assembleSnapshot, createSnapshotAssembler, type KindDelta, type KindReading } from '@/lib/sources/cluster/assemble-snapshot';
import { KIND_TABLE } from '@/lib/sources/cluster/kind-table';
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import { rawPeerAuthentication } from './harness';

const spec = KIND_TABLE.find((s) => s.resource === 'peerauthentications')!;
// Rejected by the vendored CRD (a wildcard in a selector's label value; a name with capitals): a cluster with other
// schemas, or ratcheting, may hold such objects all the same.
const ADMITTED = [
  { ...rawPeerAuthentication('shop', 'wildcard-selector', 'STRICT'), spec: { selector: { matchLabels: { app: 'web*' } }, mtls: { mode: 'STRICT' } } },
  rawPeerAuthentication('shop', 'Legacy-Name', 'PERMISSIVE'),
];

describe('objects read live are not validated again', () => {
  it('the file source rejects them', () => {
    const fromFiles = buildSnapshot(ADMITTED.map((raw) => ({ raw, location: { file: 'dump.yaml' } })), { source: 'files', asOf: '2026-05-01T00:00:00Z' });
    expect(fromFiles.peerAuthentications).toEqual([]);
    expect(fromFiles.issues).toHaveLength(2);
  });

  it('assembleSnapshot and the feed assembler read them', () => {
    const options = { source: 'cluster', now: 0 };
    const readings: KindReading[] = [{ spec, status: 'ok', lastSyncOk: 0, objects: ADMITTED }];
    const deltas: KindDelta[] = [{ spec, status: 'ok', lastSyncOk: 0, objects: new Map(ADMITTED.map((o, i) => [`shop/${i}`, o])), changed: 'all' }];
    for (const snapshot of [assembleSnapshot(readings, options), createSnapshotAssembler().assemble(deltas, options)]) {
      expect(snapshot.issues).toEqual([]);
      expect(snapshot.peerAuthentications.map((p) => p.meta.name)).toEqual(['wildcard-selector', 'Legacy-Name']);
    }
  });
});
