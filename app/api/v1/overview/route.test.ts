// GET /api/v1/overview called as Next calls it, on the embedded demo mesh (the default source): the envelope,
// server-side filtering, sorting and paging, and access control.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiEnvelope, ApiErrorBody } from '@/lib/api/envelope';
import type { OverviewView } from '@/lib/api/views/overview';
import { GET } from './route';

const get = async (query = '') => {
  const res = await GET(new Request(`http://localhost/api/v1/overview${query}`));
  return { status: res.status, headers: res.headers, body: (await res.json()) as ApiEnvelope<OverviewView> & ApiErrorBody };
};

beforeAll(() => {
  vi.stubEnv('MESH_POSTURE_ANONYMOUS', 'true');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe('GET /api/v1/overview', () => {
  it('answers the v1 envelope: source, asOf, a current (not stale) snapshot and no collection gaps', async () => {
    const { status, headers, body } = await get();
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({ apiVersion: 'v1', source: 'demo', staleness: { stale: false, staleSince: null, ageSeconds: null }, collection: [] });
    expect(body.asOf).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('summarises the demo mesh as its expectations say: 148 workloads in 19 namespaces, phase 0', async () => {
    const { data } = (await get()).body;
    expect(data.meshPhase).toBe(0);
    expect(data.workloads.total).toBe(148);
    expect(data.namespaces.total).toBe(19);
    expect(data.workloads.strict + data.workloads.permissive + data.workloads.disable + data.workloads.none + data.workloads.unknown).toBe(148);
    // The chart draws every namespace with workloads (fewer than the cap), largest first.
    expect(data.chart.omitted).toBe(0);
    const totals = data.chart.rows.map((r) => r.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });

  it('filters, sorts and pages on the server', async () => {
    const filtered = (await get('?q=PAY')).body.data.namespaces;
    expect(filtered.rows.map((r) => r.name)).toEqual(['payments']);
    const sorted = (await get('?sort=total&dir=desc&pageSize=3')).body.data.namespaces;
    expect(sorted).toMatchObject({ total: 19, page: 1, pageSize: 3 });
    expect(sorted.rows).toHaveLength(3);
    expect(sorted.rows[0]?.name).toBe('istio-system');
    const last = (await get('?pageSize=5&page=99')).body.data.namespaces;
    expect(last).toMatchObject({ page: 4, pageSize: 5 });
    expect(last.rows).toHaveLength(4);
  });

  it('ignores malformed paging and sorting instead of failing, and caps the page size', async () => {
    const { data } = (await get('?sort=%22%3E%3Cscript%3E&dir=sideways&page=-3&pageSize=100000')).body;
    expect(data.namespaces).toMatchObject({ page: 1, pageSize: 500 });
    expect(data.namespaces.rows[0]?.name).toBe('analytics');
  });

  it('refuses with 401 and the error shape when access is not configured', async () => {
    vi.stubEnv('MESH_POSTURE_ANONYMOUS', '');
    try {
      const { status, body } = await get();
      expect(status).toBe(401);
      expect(body.error.code).toBe('unauthorized');
      expect(body).not.toHaveProperty('data');
    } finally {
      vi.stubEnv('MESH_POSTURE_ANONYMOUS', 'true');
    }
  });
});
