// The cached answers of the views (lib/server/view-cache.ts) as a client sees them through serveView and answerView:
// an ETag per answer, 304 for a matching If-None-Match, a new ETag and new content when the posture or the traffic
// model changes, and nothing (no 304, no ETag) for a request that may not see the data.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiEnvelope, ApiErrorBody } from '@/lib/api/envelope';
import type { OverviewView } from '@/lib/api/views/overview';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import { staticPostureState, type PostureState } from './posture-store';
import { prepareTrafficModel } from './traffic-store';
import { clearViewCache, viewCacheStats } from './view-cache';
import { answerView, loadView, serveView } from './view-response';
import { buildOverviewView } from './views/overview';
import { podViewBuilder } from './views/pod';

const NOW = new Date('2026-11-26T12:00:00Z');
const TOKEN = 'a-token-of-twenty-four-chars';
const OVERVIEW = { view: 'overview' } as const;
let demo: PostureState;

beforeAll(async () => {
  demo = staticPostureState(await loadDemoSnapshot({ now: NOW }), NOW);
  vi.stubEnv('MESH_POSTURE_ANONYMOUS', '');
  vi.stubEnv('MESH_POSTURE_TOKEN', TOKEN);
});
afterAll(() => {
  vi.unstubAllEnvs();
});
beforeEach(() => clearViewCache());

const request = (path: string, headers: Record<string, string> = {}) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${TOKEN}`, ...headers } });

async function overviewOf(res: Response): Promise<OverviewView> {
  return ((await res.json()) as ApiEnvelope<OverviewView>).data;
}

describe('answerView with a cache key', () => {
  it('builds an answer once per posture and serves it again with the same weak ETag', async () => {
    const before = viewCacheStats().builds;
    const first = answerView(request('/api/v1/overview'), demo, buildOverviewView, OVERVIEW, NOW);
    const second = answerView(request('/api/v1/overview'), demo, buildOverviewView, OVERVIEW, new Date(NOW.getTime() + 5000));
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toMatch(/^W\/"[\w-]+\.[\w-]+"$/);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(viewCacheStats().builds - before).toBe(1);
    // The envelope around the kept answer is made per request (servedAt), the data is the builder's.
    const body = (await second.json()) as ApiEnvelope<OverviewView>;
    expect(body.servedAt).toBe('2026-11-26T12:00:05Z');
    expect(body.data).toEqual(JSON.parse(JSON.stringify(buildOverviewView(demo, new URLSearchParams()))));
  });

  it('answers 304 with no body to a request whose If-None-Match names the current ETag', async () => {
    const etag = answerView(request('/api/v1/overview'), demo, buildOverviewView, OVERVIEW, NOW).headers.get('etag') ?? '';
    for (const header of [etag, etag.replace(/^W\//, ''), `"other", ${etag}`, '*']) {
      const res = answerView(request('/api/v1/overview', { 'if-none-match': header }), demo, buildOverviewView, OVERVIEW, NOW);
      expect(res.status, header).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(await res.text()).toBe('');
    }
    const stale = answerView(request('/api/v1/overview', { 'if-none-match': 'W/"something-else"' }), demo, buildOverviewView, OVERVIEW, NOW);
    expect(stale.status).toBe(200);
  });

  it('keeps one answer per query: another page is another answer with another ETag', async () => {
    const a = answerView(request('/api/v1/overview?pageSize=3'), demo, buildOverviewView, OVERVIEW, NOW);
    const b = answerView(request('/api/v1/overview?pageSize=3&page=2'), demo, buildOverviewView, OVERVIEW, NOW);
    const c = answerView(request('/api/v1/overview?page=2&pageSize=3'), demo, buildOverviewView, OVERVIEW, NOW);
    expect(a.headers.get('etag')).not.toBe(b.headers.get('etag'));
    expect(c.headers.get('etag')).toBe(b.headers.get('etag'));
    expect((await overviewOf(a)).namespaces.page).toBe(1);
    expect((await overviewOf(b)).namespaces.page).toBe(2);
  });

  it('a new posture gives a new ETag and new content; the old ETag no longer gets a 304', async () => {
    const res = answerView(request('/api/v1/overview'), demo, buildOverviewView, OVERVIEW, NOW);
    const etag = res.headers.get('etag') ?? '';
    const before = await overviewOf(res);
    // The same cluster without its payments namespace's pods.
    const changed = staticPostureState({ ...demo.snapshot, pods: demo.snapshot.pods.filter((p) => p.meta.namespace !== 'payments') }, NOW);
    const after = answerView(request('/api/v1/overview', { 'if-none-match': etag }), changed, buildOverviewView, OVERVIEW, NOW);
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const data = await overviewOf(after);
    expect(data.workloads.total).toBeLessThan(before.workloads.total);
  });

  it('a new traffic model for the same posture gives a new ETag and the traffic in the answer', async () => {
    const state = staticPostureState(demo.snapshot, NOW);
    const without = answerView(request('/api/v1/overview'), state, buildOverviewView, OVERVIEW, NOW);
    expect((await overviewOf(without)).traffic).toBeNull();
    // The demo source plays its recorded traffic: prepared for this posture, off the request path.
    prepareTrafficModel(state.computation);
    const withTraffic = answerView(request('/api/v1/overview', { 'if-none-match': without.headers.get('etag') ?? '' }), state, buildOverviewView, OVERVIEW, NOW);
    expect(withTraffic.status).toBe(200);
    expect(withTraffic.headers.get('etag')).not.toBe(without.headers.get('etag'));
    expect((await overviewOf(withTraffic)).traffic).not.toBeNull();
  });

  it('an error of the builder (an unknown pod) is thrown, never kept', () => {
    const build = podViewBuilder('catalog', 'no-such-pod');
    for (let i = 0; i < 2; i++) expect(() => answerView(request('/x'), demo, build, { view: 'pod', path: ['catalog', 'no-such-pod'] }, NOW)).toThrow(/not in the source/);
    expect(viewCacheStats().kept).toBe(0);
  });
});

describe('serveView: access before any kept answer', () => {
  it('a request without a token gets 401, no ETag and no 304, even with the current ETag', async () => {
    const ok = await serveView(request('/api/v1/overview'), buildOverviewView, OVERVIEW);
    const etag = ok.headers.get('etag') ?? '';
    expect(ok.status).toBe(200);
    expect(etag).not.toBe('');
    for (const headers of [{ 'if-none-match': etag }, { 'if-none-match': '*' }]) {
      const res = await serveView(new Request('http://localhost/api/v1/overview', { headers }), buildOverviewView, OVERVIEW);
      expect(res.status).toBe(401);
      expect(res.headers.get('etag')).toBeNull();
      const body = (await res.json()) as ApiErrorBody;
      expect(body.error.code).toBe('unauthorized');
    }
    const wrong = await serveView(request('/api/v1/overview', { authorization: 'Bearer not-the-token-at-all', 'if-none-match': etag }), buildOverviewView, OVERVIEW);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('etag')).toBeNull();
  });

  it('the same request with the token gets the 304', async () => {
    const etag = (await serveView(request('/api/v1/overview'), buildOverviewView, OVERVIEW)).headers.get('etag') ?? '';
    const res = await serveView(request('/api/v1/overview', { 'if-none-match': etag }), buildOverviewView, OVERVIEW);
    expect(res.status).toBe(304);
  });

  it('a page prefetch reads the same kept answer as the API (one build for both)', async () => {
    await serveView(request('/api/v1/overview?pageSize=4'), buildOverviewView, OVERVIEW);
    const builds = viewCacheStats().builds;
    const envelope = await loadView(buildOverviewView, new URLSearchParams('pageSize=4'), OVERVIEW);
    expect(viewCacheStats().builds).toBe(builds);
    expect(envelope.data.namespaces.pageSize).toBe(4);
  });
});
