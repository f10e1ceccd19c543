// The simulator's etcd: one global resourceVersion counter, objects keyed by resource/namespace/name, and a
// bounded history of events for watch replay and for consistent paginated lists at an older resourceVersion.
import { findResourceByKind, groupVersion, resourceKey, type SimResource } from './resources';
import type { SimObject } from './selectors';
import type { ObjectRef } from './types';

export type SimEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface SimEvent {
  readonly type: SimEventType;
  readonly rv: number;
  readonly resource: string; // resourceKey
  readonly object: SimObject;
  /** The object before this event (MODIFIED, DELETED). */
  readonly prev?: SimObject;
}

/** The requested resourceVersion is older than the retained history (etcd compaction). */
export class ExpiredError extends Error {
  override readonly name = 'ExpiredError';
  constructor(readonly oldest: number) {
    super(`history starts after resourceVersion ${oldest}`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Storage order of etcd keys: /registry/<resource>/<namespace>/<name>. */
export function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** A UUID-shaped uid derived from the creating resourceVersion: unique per object, stable across runs. */
function uidFor(rv: number): string {
  return `00000000-0000-4000-8000-${rv.toString(16).padStart(12, '0')}`;
}

/** Objects in key order, with their keys alongside for binary search. */
export interface SortedObjects {
  readonly keys: readonly string[];
  readonly items: readonly SimObject[];
}

function sortEntries(map: ReadonlyMap<string, SimObject>): SortedObjects {
  const entries = [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { keys: entries.map(([k]) => k), items: entries.map(([, o]) => o) };
}

export class SimStore {
  private counter = 0;
  private compacted = 0;
  private readonly objects = new Map<string, Map<string, SimObject>>(); // resourceKey → key → object
  private history: SimEvent[] = [];
  private readonly listeners = new Set<(e: SimEvent) => void>();
  private readonly sorted = new Map<string, { at: number; value: SortedObjects }>();
  private readonly pastStates = new Map<string, SortedObjects>();
  /** resourceKey → resourceVersion of its latest write, so caches survive writes to other resources. */
  private readonly changedAt = new Map<string, number>();

  private stamp = { second: -1, text: '' };

  constructor(private readonly historyLimit: number) {}

  get resourceVersion(): number {
    return this.counter;
  }

  /** Events after this resourceVersion are all retained. */
  get oldestReplayable(): number {
    return this.compacted;
  }

  /** Loads objects without events, as if they were created before the retained history began. */
  load(objects: readonly unknown[]): void {
    for (const o of objects) this.write(o, false);
    this.compacted = this.counter;
  }

  apply(raw: unknown): void {
    this.write(raw, true);
  }

  remove(ref: ObjectRef): void {
    const resource = findResourceByKind(ref.apiVersion, ref.kind);
    if (!resource) return;
    const key = resourceKey(resource);
    const namespace = resource.namespaced ? (ref.namespace ?? 'default') : '';
    const bucket = this.objects.get(key);
    const prev = bucket?.get(objectKey(namespace, ref.name));
    if (!bucket || !prev) return;
    bucket.delete(objectKey(namespace, ref.name));
    const rv = ++this.counter;
    // The DELETED event carries the object's last state at the deletion's resourceVersion, as etcd3 watch does.
    const object = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(rv) } } as SimObject;
    this.emit({ type: 'DELETED', rv, resource: key, object, prev });
  }

  /**
   * Drops the whole event history and advances the counter (as a write would), so every resourceVersion a client
   * holds is now too old while a fresh list returns one that is not: relisting recovers, no 410 loop.
   */
  compact(): void {
    this.history = [];
    this.compacted = ++this.counter;
  }

  subscribe(listener: (e: SimEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(resource: SimResource, namespace: string, name: string): SimObject | undefined {
    return this.objects.get(resourceKey(resource))?.get(objectKey(resource.namespaced ? namespace : '', name));
  }

  /** All objects of a resource as they were at `rv` (default: now), in etcd key order, with their keys. */
  listAt(resource: SimResource, rv: number = this.counter): SortedObjects {
    const key = resourceKey(resource);
    if (rv < this.compacted) throw new ExpiredError(this.compacted);
    const current = this.sortedNow(key);
    const changedAt = this.changedAt.get(key) ?? 0;
    if (changedAt <= rv) return current;
    // Pages of one list ask for the same past state again and again: remember the last few reconstructions.
    const memoKey = `${key}@${rv}@${changedAt}`;
    const memo = this.pastStates.get(memoKey);
    if (memo) return memo;
    const state = new Map(current.keys.map((k, i) => [k, current.items[i]!]));
    // Roll the later events back, newest first.
    const later = this.history.filter((e) => e.rv > rv && e.resource === key);
    for (const e of later.reverse()) {
      const k = objectKey(e.object.metadata.namespace ?? '', e.object.metadata.name);
      if (e.type === 'ADDED') state.delete(k);
      else if (e.prev) state.set(k, e.prev);
    }
    const past = sortEntries(state);
    this.pastStates.set(memoKey, past);
    if (this.pastStates.size > 8) this.pastStates.delete(this.pastStates.keys().next().value!);
    return past;
  }

  /** Events of a resource after `rv`, oldest first; throws ExpiredError if some were compacted away. */
  eventsSince(resource: SimResource, rv: number): SimEvent[] {
    if (rv < this.compacted) throw new ExpiredError(this.compacted);
    const key = resourceKey(resource);
    return this.history.filter((e) => e.rv > rv && e.resource === key);
  }

  private sortedNow(key: string): SortedObjects {
    const changedAt = this.changedAt.get(key) ?? 0;
    const cached = this.sorted.get(key);
    if (cached && cached.at === changedAt) return cached.value;
    const value = sortEntries(this.objects.get(key) ?? new Map<string, SimObject>());
    this.sorted.set(key, { at: changedAt, value });
    return value;
  }

  private write(raw: unknown, withEvent: boolean): void {
    if (!isRecord(raw) || typeof raw.apiVersion !== 'string' || typeof raw.kind !== 'string' || !isRecord(raw.metadata)) {
      throw new Error('kube-sim: an object needs apiVersion, kind and metadata');
    }
    const meta = raw.metadata;
    if (typeof meta.name !== 'string' || meta.name === '') throw new Error(`kube-sim: ${raw.kind} without metadata.name`);
    const resource = findResourceByKind(raw.apiVersion, raw.kind);
    if (!resource) throw new Error(`kube-sim: ${raw.apiVersion} ${raw.kind} "${meta.name}" is not a served resource`);
    const key = resourceKey(resource);
    const namespace = resource.namespaced ? (typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default') : '';
    const bucket = this.objects.get(key) ?? new Map<string, SimObject>();
    this.objects.set(key, bucket);
    const prev = bucket.get(objectKey(namespace, meta.name));
    const rv = ++this.counter;
    // Through JSON, as the object would travel to a real server (and faster than structuredClone).
    const copy = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
    const metadata: Record<string, unknown> = { ...(copy.metadata as Record<string, unknown>) };
    if (resource.namespaced) metadata.namespace = namespace;
    else delete metadata.namespace;
    metadata.resourceVersion = String(rv);
    metadata.uid = prev?.metadata.uid ?? (typeof metadata.uid === 'string' ? metadata.uid : uidFor(rv));
    metadata.creationTimestamp = prev?.metadata.creationTimestamp ?? (typeof metadata.creationTimestamp === 'string' ? metadata.creationTimestamp : this.now());
    metadata.generation = typeof prev?.metadata.generation === 'number' ? prev.metadata.generation + 1 : 1;
    const object = { ...copy, apiVersion: groupVersion(resource.group, resource.versions[0]!), metadata } as unknown as SimObject;
    bucket.set(objectKey(namespace, meta.name), object);
    this.changedAt.set(key, rv);
    if (withEvent) this.emit(prev ? { type: 'MODIFIED', rv, resource: key, object, prev } : { type: 'ADDED', rv, resource: key, object });
  }

  /** creationTimestamp of an object given without one: RFC 3339 to the second, as the API server writes it. */
  private now(): string {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.stamp.second) this.stamp = { second, text: new Date(second * 1000).toISOString().replace('.000Z', 'Z') };
    return this.stamp.text;
  }

  private emit(event: SimEvent): void {
    this.changedAt.set(event.resource, event.rv);
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compacted = dropped[dropped.length - 1]!.rv;
    }
    for (const l of this.listeners) l(event);
  }
}
