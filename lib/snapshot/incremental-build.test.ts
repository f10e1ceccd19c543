// The incremental build against buildSnapshot: random single-object events (and a few batches, relists and
// malformed objects) on keyed sources; after every build the snapshot equals buildSnapshot over the same objects in
// the same order, objects no event touched keep their parsed identity, and lists no event touched stay the same array.
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from './build-snapshot';
import { createIncrementalBuild, type KeyChange, type KeyedSource } from './incremental-build';
import type { MeshSnapshot } from './types';
import { createPrng, fakeDecode, MESH_EVENTS, MeshUnderEvents } from '@/test/incremental/mesh-events';
import type { Prng } from '@/test/synthetic/prng';

type Raw = Record<string, unknown>;

const NAMESPACES = ['istio-system', 'shop', 'pay'];
const NAMES = ['a', 'b', 'c', 'd', 'e'];
const AS_OF = '2026-05-01T00:00:00Z';

/** A source as a watch keeps it: a Map by namespace/name, and the log of keys changed since the last build. */
interface Source {
  objects: Map<string, unknown>;
  unnamed: readonly unknown[];
  log: Map<string, KeyChange> | 'all';
}

/** The events of the model, per source: what kind of object it holds. */
const SOURCE_KINDS = ['Namespace', 'Pod', 'ConfigMap', 'PeerAuthentication', 'AuthorizationPolicy', 'Deployment', 'ReplicaSet', 'misc'] as const;
type SourceKind = (typeof SOURCE_KINDS)[number];

class Model {
  readonly sources: Source[] = SOURCE_KINDS.map(() => ({ objects: new Map(), unnamed: [], log: 'all' }));
  /** Names (and kinds) of the objects the current step touched: objects not named here must keep their identity. */
  touchedNames = new Set<string>();
  touchedKinds = new Set<string>();
  private version = 0;

  constructor(private readonly prng: Prng) {}

  private meta(ns: string | null, name: string, extra: Raw = {}): Raw {
    const versioned = this.prng.chance(0.9) ? { uid: `uid-${ns}-${name}-${this.prng.int(0, 3)}`, resourceVersion: String(++this.version) } : {};
    return { name, ...(ns ? { namespace: ns } : {}), ...versioned, ...extra };
  }

  private object(kind: SourceKind, ns: string, name: string): unknown {
    const p = this.prng;
    switch (kind) {
      case 'Namespace':
        return { apiVersion: 'v1', kind, metadata: this.meta(null, p.pick(NAMESPACES), { labels: p.chance(0.5) ? { 'istio-injection': 'enabled' } : {} }) };
      case 'Pod': {
        const owner = p.pick([null, { kind: 'ReplicaSet', name: `${p.pick(NAMES)}-5d8f9`, controller: true }, { kind: 'Deployment', name: p.pick(NAMES) }]);
        const containers = [{ name: 'app', image: 'app:1', ports: [{ containerPort: 8080 }] }, ...(p.chance(0.7) ? [{ name: 'istio-proxy', image: 'proxyv2' }] : [])];
        return {
          apiVersion: 'v1', kind,
          metadata: this.meta(ns, name, { labels: { app: p.pick(NAMES) }, ...(owner ? { ownerReferences: [owner] } : {}) }),
          spec: p.chance(0.1) ? 'oops' : { serviceAccountName: 'default', containers },
          status: { phase: 'Running', podIP: `10.0.0.${p.int(1, 9)}` },
        };
      }
      case 'ConfigMap': {
        const which = p.pick(['istio', 'istio-canary', 'istio-ca-root-cert', 'istio-ca-root-cert', 'istio-broken']);
        if (which === 'istio-ca-root-cert') {
          const pem = p.pick(['FAKE r1 2027-01-01T00:00:00Z', 'FAKE r2 2026-06-01T00:00:00Z', 'not a pem']);
          return { apiVersion: 'v1', kind, metadata: this.meta(ns, which), ...(p.chance(0.9) ? { data: { 'root-cert.pem': pem } } : {}) };
        }
        if (which === 'istio-broken') return { apiVersion: 'v1', kind, metadata: this.meta('istio-system', 'istio') };
        const mesh = p.pick(['trustDomain: cluster.local\n', 'trustDomain: corp.example\nrootNamespace: istio-system\n', 'trustDomain: [', 42]);
        return { apiVersion: 'v1', kind, metadata: this.meta(p.pick(['istio-system', ns]), which), data: { mesh } };
      }
      case 'PeerAuthentication':
        return { apiVersion: 'security.istio.io/v1', kind, metadata: this.meta(ns, name), spec: { mtls: { mode: p.pick(['STRICT', 'PERMISSIVE', 'DISABLE', 'bogus']) } } };
      case 'AuthorizationPolicy':
        return { apiVersion: p.pick(['security.istio.io/v1', 'security.istio.io/v1', 'security.istio.io/v9']), kind, metadata: this.meta(ns, name), spec: { action: p.pick(['ALLOW', 'DENY']) } };
      case 'Deployment':
      case 'ReplicaSet': {
        const managed = kind === 'ReplicaSet' || p.chance(0.2);
        const rsName = kind === 'ReplicaSet' ? `${name}-5d8f9` : name;
        return {
          apiVersion: 'apps/v1', kind,
          metadata: this.meta(ns, rsName, managed ? { ownerReferences: [{ kind: 'Deployment', name, controller: true }] } : {}),
          spec: { replicas: p.pick([0, 1, 2, null]), template: { metadata: { labels: { app: name } }, spec: { containers: p.chance(0.1) ? 'oops' : [{ name: 'app' }] } } },
        };
      }
      case 'misc':
        // What a watch does not normally hold, which buildSnapshot still reads: duplicates, unknown and ignored
        // kinds, non-objects, Lists.
        return p.pick<() => unknown>([
          () => this.object('Pod', ns, name),
          () => this.object('PeerAuthentication', ns, name),
          () => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: this.meta(ns, name) }),
          () => ({ apiVersion: 'v1', kind: 'Secret', metadata: this.meta(ns, name) }),
          () => 'a string',
          () => null,
          () => ({ apiVersion: 'v1', kind: 'List', items: [this.object('Pod', ns, name), this.object('PeerAuthentication', ns, name)] }),
          () => ({ apiVersion: 'v1', kind: 'PodList', items: [{ metadata: this.meta(ns, name), spec: { containers: [{ name: 'x' }] } }] }),
        ])();
    }
  }

  private touch(raw: unknown): void {
    if (raw === null || typeof raw !== 'object') return;
    const r = raw as Raw;
    const meta = (r['metadata'] ?? {}) as Raw;
    this.touchedKinds.add(String(r['kind']));
    this.touchedNames.add(String(meta['name']));
    if (typeof r['kind'] === 'string' && r['kind'].endsWith('List')) {
      this.touchedKinds.add('*');
      for (const item of (r['items'] ?? []) as unknown[]) this.touch(item);
    }
    const owners = meta['ownerReferences'];
    if (Array.isArray(owners)) for (const o of owners) this.touchedNames.add(String((o as Raw)['name']));
  }

  private log(source: Source, key: string, change: 'written' | 'added' | 'deleted'): void {
    if (source.log === 'all') return;
    if (change === 'written') {
      if (!source.log.has(key)) source.log.set(key, 'updated');
      return;
    }
    const mark = change === 'deleted' ? 'moved' : (source.log.get(key) ?? 'updated');
    source.log.delete(key);
    source.log.set(key, mark);
  }

  private set(source: Source, key: string, raw: unknown): void {
    if (source.objects.get(key) !== raw) {
      this.touch(source.objects.get(key));
      this.touch(raw);
    }
    const existed = source.objects.has(key);
    source.objects.set(key, raw);
    this.log(source, key, existed ? 'written' : 'added');
  }

  private delete(source: Source, key: string): void {
    this.touch(source.objects.get(key));
    if (source.objects.delete(key)) this.log(source, key, 'deleted');
  }

  /** One random event. */
  event(): void {
    const p = this.prng;
    const i = p.int(0, SOURCE_KINDS.length - 1);
    const source = this.sources[i]!;
    const kind = SOURCE_KINDS[i]!;
    const keys = [...source.objects.keys()];
    const ns = p.pick(NAMESPACES);
    const name = p.pick(NAMES);
    switch (p.weighted<string>([['write', 6], ['delete', 2], ['re-add', 1], ['same', 1], ['relist', 1], ['unnamed', 0.5]])) {
      case 'write': {
        const raw = this.object(kind, ns, name);
        const meta = raw !== null && typeof raw === 'object' ? ((raw as Raw)['metadata'] as Raw | undefined) : undefined;
        this.set(source, meta ? `${String(meta['namespace'] ?? '')}/${String(meta['name'])}` : `${ns}/${name}/${kind}`, raw);
        return;
      }
      case 'delete':
        if (keys.length > 0) this.delete(source, p.pick(keys));
        return;
      case 're-add': {
        if (keys.length === 0) return;
        const key = p.pick(keys);
        const raw = p.chance(0.5) ? source.objects.get(key) : this.object(kind, ns, name);
        this.delete(source, key);
        this.set(source, key, raw);
        return;
      }
      case 'same':
        if (keys.length > 0) {
          const key = p.pick(keys);
          this.set(source, key, source.objects.get(key));
        }
        return;
      case 'relist': {
        // A fresh Map of copies (same uid and resourceVersion), perhaps in another order, perhaps with one change.
        // An object without uid and resourceVersion cannot be recognised in its copy: it is read again.
        const entries = [...source.objects].map(([k, v]): [string, unknown] => [k, structuredClone(v)]);
        for (const [, v] of entries) if (!(v !== null && typeof v === 'object' && ((v as Raw)['metadata'] as Raw | undefined)?.['resourceVersion'])) this.touch(v);
        if (p.chance(0.3)) {
          p.shuffle(entries);
          this.touchedKinds.add('*'); // reordered: the lists change
        }
        source.objects = new Map(entries);
        source.log = 'all';
        if (entries.length > 0 && p.chance(0.5)) this.set(source, p.pick(entries)[0], this.object(kind, ns, name));
        return;
      }
      case 'unnamed':
        source.unnamed.forEach((o) => this.touch(o));
        source.unnamed = p.pick([[], [{ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: ns } }], [{ apiVersion: 'v1', kind: 'Namespace', metadata: {} }, 7]]);
        source.unnamed.forEach((o) => this.touch(o));
        this.touchedKinds.add('*');
        return;
    }
  }

  /** The sources as the build reads them; the logs start again. Without a 'moved' key, a Set is enough. */
  drain(useSets: boolean): KeyedSource[] {
    return this.sources.map((s) => {
      const log = s.log;
      s.log = new Map();
      const changed = log !== 'all' && useSets && [...log.values()].every((c) => c === 'updated') ? new Set(log.keys()) : log;
      return { objects: s.objects, unnamed: s.unnamed, changed };
    });
  }

  documents(): { raw: unknown }[] {
    return this.sources.flatMap((s) => [...s.objects.values(), ...s.unnamed]).map((raw) => ({ raw }));
  }
}

type Identified = { readonly meta: { readonly namespace: string; readonly name: string }; readonly predictedFrom?: { readonly name: string } };
const CHECKED = ['namespaces', 'pods', 'peerAuthentications', 'authorizationPolicies'] as const;
const KINDS_OF: Readonly<Record<(typeof CHECKED)[number] | 'rootCertConfigMaps', readonly string[]>> = {
  namespaces: ['Namespace'],
  pods: ['Pod', 'Deployment', 'ReplicaSet'],
  peerAuthentications: ['PeerAuthentication'],
  authorizationPolicies: ['AuthorizationPolicy'],
  rootCertConfigMaps: ['ConfigMap'],
};
const hasDuplicates = (s: MeshSnapshot) => s.issues.some((i) => i.reason.startsWith('duplicate object'));

function expectIdentityKept(prev: MeshSnapshot, next: MeshSnapshot, model: Model, step: number): void {
  for (const collection of CHECKED) {
    const before = new Map<string, unknown>();
    for (const item of prev[collection] as readonly Identified[]) before.set(`${item.predictedFrom ? 'predicted ' : ''}${item.meta.namespace}/${item.meta.name}`, item);
    for (const item of next[collection] as readonly Identified[]) {
      const earlier = before.get(`${item.predictedFrom ? 'predicted ' : ''}${item.meta.namespace}/${item.meta.name}`);
      if (earlier === undefined || earlier === item) continue;
      // A new parsed object for an object no event touched: its identity was lost.
      expect(model.touchedNames.has(item.predictedFrom?.name ?? item.meta.name), `step ${step}: ${collection} ${item.meta.namespace}/${item.meta.name} is a new object`).toBe(true);
    }
  }
  if (hasDuplicates(prev) || hasDuplicates(next) || model.touchedKinds.has('*')) return;
  for (const collection of [...CHECKED, 'rootCertConfigMaps'] as const) {
    if (KINDS_OF[collection].some((k) => model.touchedKinds.has(k))) continue;
    expect(next[collection], `step ${step}: ${collection}, untouched, is the same array`).toBe(prev[collection]);
  }
}

describe('the incremental build', () => {
  it.each([1, 2, 3, 4])('equals buildSnapshot after every random event, keeping what no event touched (seed %i)', (seed) => {
    const prng = createPrng(seed, 99);
    const model = new Model(prng);
    for (let i = 0; i < 40; i++) model.event();
    const build = createIncrementalBuild({ decodeCertificates: fakeDecode });
    let prev: MeshSnapshot | null = null;
    let withDuplicates = 0;
    for (let step = 0; step < 300; step++) {
      model.touchedNames = new Set();
      model.touchedKinds = new Set();
      // Mostly one event per build; now and then a burst (more than the patching limit, too).
      const events = prng.weighted([[1, 8], [3, 1], [40, 0.3]]);
      if (step > 0) for (let e = 0; e < events; e++) model.event();
      const issues = prng.chance(0.1) ? [{ reason: 'from the source' }] : [];
      const options = { source: 'model', asOf: AS_OF, issues, ...(prng.chance(0.2) ? { kinds: { Pod: { status: 'forbidden' as const, asOf: null, reason: 'no' } } } : {}) };
      const next = build.build(model.drain(prng.chance(0.5)), options);
      expect(next, `step ${step}`).toEqual(buildSnapshot(model.documents(), { ...options, decodeCertificates: fakeDecode }));
      if (prev) expectIdentityKept(prev, next, model, step);
      if (hasDuplicates(next)) withDuplicates++;
      prev = next;
    }
    // Both ways were taken: the walk (duplicates present) and the patched lists (none).
    expect(withDuplicates).toBeGreaterThan(0);
    expect(withDuplicates).toBeLessThan(300);
  });

  it('follows a synthetic mesh under its events, one new parsed pod at most per event', () => {
    const mesh = new MeshUnderEvents({ pods: 240, namespaces: 10, policiesPerNamespace: 3, seed: 5 });
    const keyOf = (o: Raw) => {
      const meta = o['metadata'] as Raw;
      return `${String(meta['namespace'] ?? '')}/${String(meta['name'])}`;
    };
    const kinds = ['Namespace', 'Pod', 'Service', 'ServiceAccount', 'ConfigMap', 'PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication', 'DestinationRule', 'Telemetry', 'Gateway'];
    const maps = kinds.map(() => new Map<string, unknown>());
    const changed = kinds.map(() => new Set<string>());
    const place = (o: Raw) => kinds.indexOf(String(o['kind']));
    for (const o of mesh.items) maps[place(o)]!.set(keyOf(o), o);
    let held = new Set<unknown>(mesh.items);
    const build = createIncrementalBuild({ decodeCertificates: fakeDecode });
    const documents = () => maps.flatMap((m) => [...m.values()]).map((raw) => ({ raw }));
    const options = () => ({ source: 'synthetic', asOf: AS_OF, proxyCertificates: mesh.proxyCertificates });
    let prev = build.build(maps.map((objects) => ({ objects, changed: 'all' as const })), options());
    const prng = createPrng(5, 7);
    for (let step = 0; step < 120; step++) {
      mesh.apply(prng, MESH_EVENTS);
      // What a watch would have delivered: writes in place first, then deletions.
      const now = new Set<unknown>(mesh.items);
      for (const o of mesh.items) {
        if (held.has(o)) continue;
        maps[place(o)]!.set(keyOf(o), o);
        changed[place(o)]!.add(keyOf(o));
      }
      for (const o of held as Set<Raw>) {
        if (now.has(o) || maps[place(o)]!.get(keyOf(o)) !== o) continue;
        maps[place(o)]!.delete(keyOf(o));
        changed[place(o)]!.add(keyOf(o));
      }
      held = now;
      const next = build.build(maps.map((objects, i) => ({ objects, changed: new Set(changed[i]!) })), options());
      changed.forEach((c) => c.clear());
      expect(next, `step ${step}`).toEqual(buildSnapshot(documents(), { ...options(), decodeCertificates: fakeDecode }));
      expect(next.pods.filter((p) => !prev.pods.includes(p)).length, `step ${step}: new pod objects`).toBeLessThanOrEqual(1);
      prev = next;
    }
  });

  it('starts over when the number of sources changes', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'shop' }, spec: { containers: [{ name: 'app' }] } };
    const build = createIncrementalBuild();
    build.build([{ objects: new Map([['shop/a', pod]]), changed: 'all' }], { source: 's', asOf: AS_OF });
    const objects = new Map([['shop/a', pod]]);
    // The second source is new: whatever its log says, it is read in whole.
    const next = build.build([{ objects: new Map(), changed: new Set() }, { objects, changed: new Set() }], { source: 's', asOf: AS_OF });
    expect(next).toEqual(buildSnapshot([{ raw: pod }], { source: 's', asOf: AS_OF }));
  });
});
