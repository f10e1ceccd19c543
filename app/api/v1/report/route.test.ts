// The report download endpoint, called as Next calls it: the exported GET with a Request. The posture is the
// embedded demo mesh (the default source), loaded once per test file.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { GET } from './route';

const get = (query: string, init?: RequestInit) => GET(new Request(`http://localhost/api/v1/report${query}`, init));

// Cluster data is served only in a mode the operator chose (lib/server/access.ts); these tests use anonymous mode.
beforeAll(() => {
  vi.stubEnv('MESH_POSTURE_ANONYMOUS', 'true');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe('GET /api/v1/report access', () => {
  it('refuses with 401 when access is not configured, naming how to configure it', async () => {
    vi.stubEnv('MESH_POSTURE_ANONYMOUS', '');
    try {
      const res = await get('?format=json');
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/MESH_POSTURE_TOKEN/);
    } finally {
      vi.stubEnv('MESH_POSTURE_ANONYMOUS', 'true');
    }
  });

  it('in token mode, serves only a request carrying the token', async () => {
    vi.stubEnv('MESH_POSTURE_ANONYMOUS', '');
    vi.stubEnv('MESH_POSTURE_TOKEN', 'correct-horse-battery-staple');
    try {
      expect((await get('?format=md')).status).toBe(401);
      expect((await get('?format=md', { headers: { authorization: 'Bearer wrong-horse-battery-staple' } })).status).toBe(401);
      expect((await get('?format=md', { headers: { authorization: 'Bearer correct-horse-battery-staple' } })).status).toBe(200);
    } finally {
      vi.stubEnv('MESH_POSTURE_TOKEN', '');
      vi.stubEnv('MESH_POSTURE_ANONYMOUS', 'true');
    }
  });
});

describe('GET /api/v1/report', () => {
  it.each([
    ['json', 'application/json; charset=utf-8'],
    ['md', 'text/markdown; charset=utf-8'],
    ['csv', 'text/csv; charset=utf-8'],
    ['sarif', 'application/sarif+json; charset=utf-8'],
    ['html', 'text/html; charset=utf-8'],
    ['pdf', 'application/pdf'],
  ])('serves format=%s as a dated attachment of type %s, nosniff, not cached', async (format, contentType) => {
    const res = await get(`?format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(contentType);
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="mesh-posture-\\d{4}-\\d{2}-\\d{2}\\.${format}"$`));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it('renders the HTML report without script', async () => {
    const html = await (await get('?format=html')).text();
    expect(html).toContain('<h1>Mesh Posture coverage report</h1>');
    expect(html).toContain('<td>checkout</td>');
    expect(html).not.toMatch(/<script/i);
  });

  it('renders a PDF a reader can open', async () => {
    const bytes = new Uint8Array(await (await get('?format=pdf')).arrayBuffer());
    const pdf = await getDocument({ data: bytes, isEvalSupported: false, verbosity: 0 }).promise;
    expect(pdf.numPages).toBeGreaterThan(2);
    await pdf.destroy();
  });

  it('narrows the report to one namespace', async () => {
    const html = await (await get('?format=html&namespace=checkout')).text();
    expect(html).toContain('Mesh Posture coverage report: namespace checkout');
    expect(html).toContain('<td>checkout</td>');
    expect(html).not.toContain('<td>payments</td>');
  });

  it('carries the demo\'s observed traffic in every format, as `report --prometheus` would', async () => {
    const json = (await (await get('?format=json')).json()) as { traffic?: { status: string; namespaces: { namespace: string; strictReadiness: string }[] } };
    expect(json.traffic?.status).toBe('ok');
    expect(json.traffic?.namespaces.find((n) => n.namespace === 'notifications')?.strictReadiness).toBe('blocked');
    const csv = await (await get('?format=csv')).text();
    expect(csv).toContain('# traffic\r\nnamespace,workload,strict_readiness');
    expect(csv).toMatch(/\r\nnotifications,notification-api,blocked,/);
    expect(await (await get('?format=md')).text()).toContain('## Observed traffic');
  });

  it('narrows observed traffic to the namespace too', async () => {
    const json = (await (await get('?format=json&namespace=checkout')).json()) as { traffic?: { workloads: { namespace: string }[] } };
    expect(json.traffic?.workloads.length).toBeGreaterThan(0);
    expect(new Set(json.traffic?.workloads.map((w) => w.namespace))).toEqual(new Set(['checkout']));
  });

  it.each([
    ['an unknown format', '?format=docx', 400, 'bad-format'],
    ['no format', '', 400, 'bad-format'],
    ['an unknown namespace', '?format=html&namespace=nope', 404, 'unknown-namespace'],
  ])('answers %s with a JSON error', async (_name, query, status, code) => {
    const res = await get(query);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });
});
