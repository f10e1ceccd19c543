// History beside the posture views on the demo mesh: the demo server records its scripted history (3, 2 and 1 days
// ago) and then its live posture; the migration board says since when each namespace is in its phase, the pod view
// lists its workload's recorded changes with their causes, and each finding says since when it has been open.
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';

const WEB_FRONTEND = '/namespaces/storefront/pods/web-frontend-qljf8x5fqr-gf49d';
const TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/;

/** The demo writes its first (live) posture a few seconds after start, after an initdb on a new database. */
async function untilRecorded(page: Page, url: string, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.goto(url);
    await check();
  }).toPass({ timeout: 90_000 });
}

test.describe('history in the posture views on the demo mesh', () => {
  test.setTimeout(120_000);

  test('the migration board says since when each namespace has been in its phase', async ({ page }) => {
    await untilRecorded(page, '/migration', async () => {
      await expect(page.getByTestId('phase-since').first()).toBeVisible({ timeout: 3_000 });
    });
    const card = page.locator('[data-testid="migration-card"][data-namespace="payments"]');
    await expect(card.getByTestId('phase-since')).toHaveText(new RegExp(`^In phase 4 since ${TIME.source}$`));
    await expectAccessible(page);
  });

  test("the pod view lists its workload's recorded changes with their causes", async ({ page }) => {
    await untilRecorded(page, WEB_FRONTEND, async () => {
      await expect(page.getByTestId('pod-history')).toBeVisible({ timeout: 3_000 });
    });
    await expect(page.getByRole('heading', { name: 'Workload history: Deployment web-frontend' })).toBeVisible();
    // The scripted history: storefront's PERMISSIVE default appeared two days ago, a regression it caused.
    await expect(page.getByTestId('pod-history')).toContainText('STRICT → PERMISSIVE (regression from STRICT)');
    await expect(page.getByTestId('pod-history')).toContainText('Caused by PeerAuthentication storefront/default added');
    await expectAccessible(page);
  });

  test('each finding says since when it has been open', async ({ page }) => {
    await untilRecorded(page, '/findings', async () => {
      await expect(page.getByTestId('finding-open-since').first()).toBeVisible({ timeout: 3_000 });
    });
    await expect(page.getByTestId('finding-open-since').first()).toHaveText(new RegExp(`^Open since ${TIME.source}$`));
    await expect(page.getByTestId('finding')).toHaveCount(await page.getByTestId('finding-open-since').count());
  });
});
