// GET /metrics as Next calls it, on the embedded demo mesh: access (its own token, or the API's), and the exposition.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GET } from './route';

const METRICS_TOKEN = 'prometheus-scrape-token-0123';
const get = (headers: Record<string, string> = {}) => GET(new Request('http://localhost/metrics', { headers }));

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('GET /metrics', () => {
  it('is closed when access is not configured, and with a metrics token, open only to it', async () => {
    vi.stubEnv('MESH_POSTURE_ANONYMOUS', '');
    vi.stubEnv('MESH_POSTURE_TOKEN', '');
    expect((await get()).status).toBe(401);
    vi.stubEnv('MESH_POSTURE_METRICS_TOKEN', METRICS_TOKEN);
    const denied = await get({ authorization: 'Bearer not-the-metrics-token' });
    expect(denied.status).toBe(401);
    expect(await denied.text()).toBe('the token is not valid\n');
    expect((await get({ authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200);
  });

  it('serves the demo posture in the Prometheus text format', async () => {
    vi.stubEnv('MESH_POSTURE_METRICS_ANONYMOUS', 'true');
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    const strict = text.split('\n').filter((l) => l.startsWith('mesh_posture_workloads{') && l.includes('mode="STRICT"'));
    // The demo mesh: 82 of its 148 workloads are STRICT (as `mesh-posture report --source demo` says).
    expect(strict.reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0)).toBe(82);
    expect(text).toContain('mesh_posture_history_recording{state="off"} 1');
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});
