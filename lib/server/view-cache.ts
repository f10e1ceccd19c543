import 'server-only';
// Each view's answer worked out once per posture and traffic model, not once per request (issue #14): the answer's
// JSON is kept, with a hash of it for the ETag, until the posture or the prepared traffic model changes (a live
// cluster's posture is replaced whole after each change, lib/server/live-posture.ts; the traffic store prepares a new
// model per posture and refresh, lib/server/traffic-store.ts). Building is synchronous, so requests arriving together
// for an answer not yet kept wait for one build, not one each. Only answers are kept here; who may receive one is
// decided per request before this cache is asked (lib/server/view-response.ts).
import { createHash } from 'node:crypto';
import type { TrafficModel } from '@/lib/mesh/traffic';
import type { PostureState } from './posture-store';
import { preparedTraffic } from './views/traffic-brief';

export interface CachedAnswer {
  /** The view's data, as JSON. */
  readonly json: string;
  /** A hash of `json` (base64url), the answer's part of its ETag. */
  readonly hash: string;
}

/** Answers kept per posture, at most this many characters of JSON; the least recently asked are dropped first. */
export const VIEW_CACHE_MAX_CHARS = 64 * 1024 * 1024;
/** A key longer than this (an odd query string) is answered without being kept. */
export const MAX_VIEW_KEY_LENGTH = 600;

/** What a cached answer is keyed by: the view, its path parameters, and its query parameters (sorted). */
export interface ViewKey {
  readonly view: string;
  readonly path?: readonly string[];
}

interface Generation {
  readonly state: PostureState;
  readonly traffic: TrafficModel | null;
  /** In order of last use (a hit moves its answer to the end). */
  readonly answers: Map<string, CachedAnswer>;
  chars: number;
}

interface Store {
  generation: Generation | null;
  /** Answers built since the process started (tests and benchmarks read it). */
  builds: number;
}

// Next bundles route handlers and pages separately: one cache per process, on globalThis, like the posture store.
const STORE_KEY = Symbol.for('mesh-posture.view-cache');
const store: Store = ((globalThis as Record<symbol, unknown>)[STORE_KEY] as Store | undefined) ?? { generation: null, builds: 0 };
(globalThis as Record<symbol, unknown>)[STORE_KEY] = store;

/** The cache key of a request for a view, or null when it is too long to keep. */
export function viewCacheKey(key: ViewKey, params: URLSearchParams): string | null {
  const query = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = JSON.stringify([key.view, key.path ?? [], query]);
  return text.length <= MAX_VIEW_KEY_LENGTH ? text : null;
}

function generationFor(state: PostureState): Generation {
  const traffic = preparedTraffic(state)?.model ?? null;
  const g = store.generation;
  if (g && g.state === state && g.traffic === traffic) return g;
  // A new posture or traffic model: every answer may differ, so none is kept (the old ones are left to the GC).
  store.generation = { state, traffic, answers: new Map(), chars: 0 };
  return store.generation;
}

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 27);
}

/** The answer for `key` in this posture: kept, or built now with `build` and kept. */
export function cachedAnswer(state: PostureState, key: string, build: () => unknown): CachedAnswer {
  const g = generationFor(state);
  const kept = g.answers.get(key);
  if (kept) {
    g.answers.delete(key);
    g.answers.set(key, kept);
    return kept;
  }
  const json = JSON.stringify(build());
  store.builds += 1;
  const answer = { json, hash: hashOf(json) };
  // The build may have prepared the traffic it read (never waited for): keep the answer only in the generation it
  // belongs to.
  if (store.generation !== g || (preparedTraffic(state)?.model ?? null) !== g.traffic) return answer;
  g.answers.set(key, answer);
  g.chars += json.length;
  for (const [k, a] of g.answers) {
    if (g.chars <= VIEW_CACHE_MAX_CHARS || k === key) break;
    g.answers.delete(k);
    g.chars -= a.json.length;
  }
  return answer;
}

/** Answers built since the process started, and answers kept now. */
export function viewCacheStats(): { readonly builds: number; readonly kept: number } {
  return { builds: store.builds, kept: store.generation?.answers.size ?? 0 };
}

/** Forgets every kept answer (tests). */
export function clearViewCache(): void {
  store.generation = null;
}
