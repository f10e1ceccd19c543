// Remembers what buildSnapshot made of each raw object, so a watch-fed source that rebuilds the snapshot on every
// event re-parses only the objects that changed, and unchanged objects keep their identity (the incremental engine
// detects changes by identity). An object is recognised by reference (the informer cache hands out the same
// object until it changes) or, for objects re-read by a relist, by kind + uid + resourceVersion (the API server
// changes the resourceVersion on every write). Entries of objects absent from the last build are dropped.
import type { CertificateDetails } from './certificate-types';

interface Entry {
  readonly result: unknown;
  /** What the result was computed under: a result is reused only under the same key. */
  readonly key: string;
  /** kind + uid + resourceVersion of the raw object, when it has them. */
  readonly version: string | null;
  /** The last build that used it (a stamp, so a hit costs no map write). */
  used: number;
}

export interface ParseCache {
  /** The cached result for `raw` computed under `key`, or undefined. */
  get(raw: object, key: string): unknown;
  set(raw: object, key: string, result: unknown): void;
  /** Decoded PEM, by text (root-cert ConfigMaps repeat the same root in every namespace). */
  decode(pem: string, decode: (pem: string) => CertificateDetails[]): CertificateDetails[];
  /** Marks the end of one build: version-keyed entries and PEMs unused for a while are forgotten. */
  endBuild(): void;
}

/** kind + uid + resourceVersion of a raw object (the API server changes the resourceVersion on every write), or null. */
export function versionKey(raw: object): string | null {
  const r = raw as Readonly<Record<string, unknown>>;
  const meta = r['metadata'];
  if (meta === null || typeof meta !== 'object') return null;
  const m = meta as Readonly<Record<string, unknown>>;
  const { uid, resourceVersion } = m;
  if (typeof uid !== 'string' || typeof resourceVersion !== 'string' || uid === '' || resourceVersion === '') return null;
  return `${String(r['apiVersion'])}\u0000${String(r['kind'])}\u0000${uid}\u0000${resourceVersion}`;
}

export function createParseCache(): ParseCache {
  const byRaw = new WeakMap<object, Entry>();
  const byVersion = new Map<string, Entry>();
  const pems = new Map<string, { certs: CertificateDetails[]; used: number }>();
  let build = 0;
  let usedThisBuild = 0;
  const touch = (entry: Entry) => {
    if (entry.used !== build) {
      entry.used = build;
      usedThisBuild++;
    }
  };

  return {
    get(raw, key) {
      let entry = byRaw.get(raw);
      if (!entry) {
        const version = versionKey(raw);
        if (version !== null) entry = byVersion.get(version);
        if (entry) byRaw.set(raw, entry);
      }
      if (!entry || entry.key !== key) return undefined;
      touch(entry);
      return entry.result;
    },
    set(raw, key, result) {
      const entry: Entry = { result, key, version: versionKey(raw), used: -1 };
      touch(entry);
      byRaw.set(raw, entry);
      if (entry.version !== null) byVersion.set(entry.version, entry);
    },
    decode(pem, decode) {
      let hit = pems.get(pem);
      // A PEM that does not decode throws every time: nothing is cached for it.
      if (!hit) pems.set(pem, (hit = { certs: decode(pem), used: build }));
      hit.used = build;
      return hit.certs;
    },
    endBuild() {
      // Objects deleted or rewritten leave entries behind: sweep them once they outnumber the live ones.
      if (byVersion.size > 2 * usedThisBuild + 1024) {
        for (const [version, entry] of byVersion) if (entry.used !== build) byVersion.delete(version);
        for (const [pem, hit] of pems) if (hit.used !== build) pems.delete(pem);
      }
      build++;
      usedThisBuild = 0;
    },
  };
}
