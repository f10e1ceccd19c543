// A small seeded PRNG (sfc32, seeded through splitmix32) so the synthetic mesh is identical for a given seed on
// every machine and Node version. Math.random is never used: a benchmark or test must be reproducible.

const HEX = '0123456789abcdef';
/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes). */
const KUBE_SUFFIX = 'bcdfghjklmnpqrstvwxz2456789';

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(values: readonly T[]): T;
  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  shuffle<T>(values: T[]): T[];
  hex(length: number): string;
  /** A random-looking RFC 4122 v4 UID, as the API server assigns to every object. */
  uid(): string;
  /** A generated-name suffix such as the `-7d8f9` of a ReplicaSet's pod. */
  kubeSuffix(length: number): string;
}

/** Derives independent streams from one seed: `createPrng(seed, 3, 17)` for namespace 3, pod 17. */
export function createPrng(seed: number, ...stream: readonly number[]): Prng {
  const mix = splitmix32(seed);
  let a = mix();
  for (const s of stream) a = (splitmix32((a ^ Math.imul(s + 1, 0x27d4eb2d)) >>> 0)() ^ mix()) >>> 0;
  let b = mix();
  let c = mix();
  let d = 1;
  const next32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next32();

  const next = (): number => next32() / 4294967296;
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(values: readonly T[]): T => {
    const value = values[Math.floor(next() * values.length)];
    if (value === undefined) throw new Error('pick: empty list');
    return value;
  };
  const fromAlphabet = (alphabet: string, length: number): string => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick,
    weighted: (entries) => {
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [value, weight] of entries) {
        r -= weight;
        if (r < 0) return value;
      }
      const last = entries[entries.length - 1];
      if (!last) throw new Error('weighted: empty list');
      return last[0];
    },
    shuffle: (values) => {
      for (let i = values.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = values[i] as (typeof values)[number];
        values[i] = values[j] as (typeof values)[number];
        values[j] = tmp;
      }
      return values;
    },
    hex: (length) => fromAlphabet(HEX, length),
    uid: () => {
      const h = fromAlphabet(HEX, 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    kubeSuffix: (length) => fromAlphabet(KUBE_SUFFIX, length),
  };
}
