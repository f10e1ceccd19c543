// The pod endpoint, called as Next calls it: the exported GET with a Request and the path params. The posture is the
// embedded demo mesh (the default source); anonymous mode, as the report route test.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiEnvelope } from '@/lib/api/envelope';
import type { PodView } from '@/lib/api/views/pod';
import { GET } from './route';

const get = (ns: string, pod: string, query = '') =>
  GET(new Request(`http://localhost/api/v1/namespaces/${ns}/pods/${pod}${query}`), { params: Promise.resolve({ ns, pod }) });

beforeAll(() => {
  vi.stubEnv('MESH_POSTURE_ANONYMOUS', 'true');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe('GET /api/v1/namespaces/{ns}/pods/{pod}', () => {
  it('serves the pod in the envelope, with the client filters of the query applied', async () => {
    const res = await get('catalog', 'catalog-ngb92jcpzd-994w5', '?verdict=fails&port=8080');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as ApiEnvelope<PodView>;
    expect({ source: body.source, ns: body.data.namespace, pod: body.data.pod }).toEqual({ source: 'demo', ns: 'catalog', pod: 'catalog-ngb92jcpzd-994w5' });
    expect(new Set(body.data.clients.page.rows.map((r) => `${r.verdict}:${r.port}`))).toEqual(new Set(['fails:8080']));
  });

  it.each([
    ['an unknown pod', 'catalog', 'no-such-pod', 404, { code: 'not-found', message: 'pod catalog/no-such-pod is not in the source' }],
    ['an escaped impossible name', 'catalog', '%24(id)', 400, { code: 'bad-request', message: 'the pod name "$(id)" is not a valid Kubernetes name' }],
  ])('answers %s with a JSON error', async (_what, ns, pod, status, error) => {
    const res = await get(ns, pod);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error });
  });

  it('refuses without access', async () => {
    vi.stubEnv('MESH_POSTURE_ANONYMOUS', '');
    try {
      expect((await get('catalog', 'catalog-ngb92jcpzd-994w5')).status).toBe(401);
    } finally {
      vi.stubEnv('MESH_POSTURE_ANONYMOUS', 'true');
    }
  });
});
