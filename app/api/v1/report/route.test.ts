// The report download endpoint, called as Next calls it: the exported GET with a Request. The posture is the
// embedded demo mesh (the default source), loaded once per test file.
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { GET } from './route';

const get = (query: string) => GET(new Request(`http://localhost/api/v1/report${query}`));

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
