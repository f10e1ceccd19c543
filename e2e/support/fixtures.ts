// The Playwright `test` every spec uses: it fails a test on any console error or uncaught page error, and offers
// `expectAccessible(page)`, an axe-core check of WCAG 2.1 A/AA rules on the page as it is.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: { text: string; url: string }[] = [];
      // A page that answers 404 on purpose (not-found specs assert the status) makes Chromium log the document's
      // 404; only that one is not an error. Any other failed resource still fails the test. The console message can
      // arrive before the response event, so the filter runs at the end of the test.
      const notFoundDocuments = new Set<string>();
      page.on('response', (r) => {
        if (r.status() === 404 && r.request().isNavigationRequest()) notFoundDocuments.add(r.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push({ text: m.text(), url: m.location().url });
      });
      page.on('pageerror', (e) => errors.push({ text: e.message, url: '' }));
      await use(errors.map((e) => e.text));
      const unexpected = errors.filter((e) => !(/status of 404/.test(e.text) && notFoundDocuments.has(e.url)));
      expect(unexpected.map((e) => (e.url ? `${e.text} (${e.url})` : e.text)), 'console errors on the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(' ') ?? ''})`);
  expect(summary, 'accessibility violations').toEqual([]);
}

/** Base URL of the second server: the live-cluster source against the API simulator with faults (e2e/degraded). */
export const DEGRADED_BASE_URL = process.env['E2E_DEGRADED_URL'] ?? 'http://127.0.0.1:3101';

/** Control API of the API simulator behind the degraded server (test/kube-sim/control-api.ts). */
export const SIM_URL = process.env['E2E_SIM_URL'] ?? 'http://127.0.0.1:3190';
