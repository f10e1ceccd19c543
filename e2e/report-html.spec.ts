// The HTML report in Chromium: built from snapshots full of hostile strings (through the real engine, and fed
// straight into the ReportModel), it must run no script, open no dialog, log nothing and make no request beyond
// its own document. Also: the report endpoint's download and the overview's Export links.
import { expect, test, type Page } from '@playwright/test';
import { renderHtmlReport } from '@/lib/report/render/html';
import { hostileEngineModel, hostileModel } from '@/lib/report/render/report-fixtures';

const REPORT_URL = 'http://report.invalid/report.html';

interface Observed {
  readonly requests: string[];
  readonly dialogs: string[];
  readonly console: string[];
  readonly errors: string[];
}

/** Serves `html` at REPORT_URL; every other request is recorded and refused. */
async function openReport(page: Page, html: string): Promise<Observed> {
  const seen: Observed = { requests: [], dialogs: [], console: [], errors: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => seen.errors.push(e.message));
  await page.context().route('**/*', (route) =>
    route.request().url() === REPORT_URL ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }) : route.abort('blockedbyclient'),
  );
  await page.goto(REPORT_URL, { waitUntil: 'load' });
  // Give any timer, refresh or lazy resource a chance to fire.
  await page.waitForTimeout(750);
  return seen;
}

async function expectInert(page: Page, seen: Observed): Promise<void> {
  expect(seen.requests).toEqual([REPORT_URL]);
  expect(seen.dialogs).toEqual([]);
  expect(seen.console).toEqual([]);
  expect(seen.errors).toEqual([]);
  expect(await page.evaluate(() => document.scripts.length)).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed, link, base, form, [onload], [onerror], [onclick]').length)).toBe(0);
  expect(await page.evaluate(() => [...document.querySelectorAll('a[href]')].every((a) => a.getAttribute('href')?.startsWith('#')))).toBe(true);
  expect(page.url()).toBe(REPORT_URL);
}

test.describe('HTML report with hostile strings', () => {
  for (const [name, build] of [
    ['from the cluster, through the engine', hostileEngineModel],
    ['in every field of the report model', hostileModel],
  ] as const) {
    test(`${name}: runs no script, opens no dialog, logs nothing, requests nothing`, async ({ page }) => {
      const seen = await openReport(page, renderHtmlReport(build()));
      await expectInert(page, seen);
      // The hostile text is there, as text.
      await expect(page.getByText('<script>alert(1)</script>').first()).toBeAttached();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Mesh Posture coverage report/);
    });
  }

  test('prints: the print stylesheet applies and the chart is inline SVG', async ({ page }) => {
    const seen = await openReport(page, renderHtmlReport(hostileEngineModel()));
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('thead') as Element).display)).toBe('table-header-group');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('nav') as Element).display)).toBe('none');
    await expect(page.getByRole('img', { name: /mTLS coverage per namespace/ })).toBeVisible();
    await expectInert(page, seen);
  });
});

test.describe('report download', () => {
  test('the endpoint serves the HTML report as an inert attachment', async ({ page, request }) => {
    const res = await request.get('/api/v1/report?format=html');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="mesh-posture-\d{4}-\d{2}-\d{2}\.html"$/);
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    const seen = await openReport(page, await res.text());
    await expectInert(page, seen);
    await expect(page.getByRole('table', { name: 'Workloads per namespace by effective mTLS mode' }).first()).toBeVisible();
  });

  test('the endpoint serves the PDF report, generated in the server process', async ({ request }) => {
    const res = await request.get('/api/v1/report?format=pdf');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect((await res.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('the overview offers Export links, reachable with the keyboard', async ({ page }) => {
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: 'Export' });
    await expect(nav).toBeVisible();
    const pdf = nav.getByRole('link', { name: 'Export the coverage report as PDF' });
    await expect(pdf).toHaveAttribute('href', '/api/v1/report?format=pdf');
    for (const label of ['HTML', 'Markdown', 'CSV', 'JSON', 'SARIF']) await expect(nav.getByRole('link', { name: `Export the coverage report as ${label}` })).toBeVisible();
    await pdf.focus();
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    expect((await download).suggestedFilename()).toMatch(/^mesh-posture-\d{4}-\d{2}-\d{2}\.pdf$/);
  });

  test('Export on a namespace page carries the namespace', async ({ page }) => {
    await page.goto('/namespaces/checkout');
    await expect(page.getByRole('link', { name: 'Export the coverage report as HTML for namespace checkout' })).toHaveAttribute('href', '/api/v1/report?format=html&namespace=checkout');
  });
});
