// GET /api/v1/traffic called as Next calls it, on the embedded demo mesh (the default source) with no Prometheus: the
// demo's recorded traffic (demo/traffic.ts) reconciled with its posture, in the v1 envelope; access control.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiEnvelope, ApiErrorBody } from '@/lib/api/envelope';
import type { TrafficView } from '@/lib/server/views/traffic';
import { GET } from './route';

const get = async (query = '') => {
  const res = await GET(new Request(`http://localhost/api/v1/traffic${query}`));
  return { status: res.status, body: (await res.json()) as ApiEnvelope<TrafficView> & ApiErrorBody };
};

describe('GET /api/v1/traffic', () => {
  beforeAll(() => {
    vi.stubEnv('MESH_POSTURE_ANONYMOUS', 'true');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('serves the demo recording: readiness per namespace with evidence, contradictions, dry run', async () => {
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({ apiVersion: 'v1', source: 'demo', data: { status: 'ok', evidenceDays: 7 } });
    const readiness = new Map(body.data.namespaces.map((n) => [n.namespace, n.strictReadiness]));
    expect([readiness.get('storefront'), readiness.get('notifications'), readiness.get('ops-tools')]).toEqual(['ready', 'blocked', 'ready']);
    expect(body.data.contradictions.map((c) => c.code)).toEqual(['MP601']);
    expect(body.data.dryRun?.[0]).toMatchObject({ workload: 'orders-api', wouldDeny: 12 });
  });

  it('filters the workloads by namespace and pages them', async () => {
    const { data } = (await get('?namespace=notifications')).body;
    expect(data.workloads).toMatchObject({ total: 4, page: 1 });
    expect(data.workloads.rows.find((w) => w.workload === 'notification-api')).toMatchObject({ strictReadiness: 'blocked', plaintextSources: ['unknown'], likelySources: [{ workload: 'legacy-batch/batch-scheduler', inferred: true }] });
  });

  it('says why a bad setting stops it', async () => {
    vi.stubEnv('MESH_POSTURE_EVIDENCE_DAYS', 'seven');
    const { status, body } = await get();
    vi.stubEnv('MESH_POSTURE_EVIDENCE_DAYS', undefined as unknown as string);
    expect([status, body.error]).toEqual([503, { code: 'source-unavailable', message: 'MESH_POSTURE_EVIDENCE_DAYS: expected a whole number from 1 to 14, got "seven"' }]);
  });
});

describe('GET /api/v1/traffic without access', () => {
  it('refuses an anonymous request when the server is not in anonymous mode', async () => {
    vi.stubEnv('MESH_POSTURE_ANONYMOUS', '');
    vi.stubEnv('MESH_POSTURE_TOKEN', 'secret-token-of-this-test');
    const { status, body } = await get();
    vi.unstubAllEnvs();
    expect(status).toBe(401);
    expect(body.error.code).toBe('unauthorized');
  });
});
