// The History view on the demo mesh: the server records the demo's posture in its own embedded database a few
// seconds after start, after the demo's scripted history; the view says it is recording, labels the scripted
// postures as demo data, and lists the changes with their causes and the namespaces' phases.
import { expect, expectAccessible, test } from './support/fixtures';

test.describe('history on the demo mesh', () => {
  test('says history is being recorded, and lists the phase each namespace entered once the first posture is written', async ({ page }) => {
    // The demo server creates its embedded database on its first write (an initdb: seconds on a busy machine).
    test.setTimeout(120_000);
    await page.goto('/history');
    await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'History' })).toHaveAttribute('aria-current', 'page');
    // The first posture is written 5 s after the server computed it.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('history-phases')).toContainText('payments: phase 4 since', { timeout: 2_000 });
    }).toPass({ timeout: 90_000 });
    await expect(page.getByTestId('history-status')).toContainText(/^Recording in .*history; last posture recorded \d{4}-\d\d-\d\dT/);
    await expect(page.getByRole('heading', { name: 'STRICT share over time' })).toBeVisible();
    // The demo's scripted history (labelled as such): storefront's PERMISSIVE default appearing is a regression.
    await expect(page.getByTestId('history-demo-note')).toContainText('Demo data');
    await expect(page.getByTestId('history-changes')).toContainText('PeerAuthentication storefront/default added');
    await page.getByLabel('Window').selectOption('90');
    await expect(page).toHaveURL(/days=90/);
    await expectAccessible(page);
  });

  test('lists the plaintext each workload received per day, from the demo\'s recorded traffic, labelled as demo data', async ({ page }) => {
    test.setTimeout(120_000);
    // The demo's recorded traffic is offered to the recorder with the first posture, and written with it.
    await expect(async () => {
      await page.goto('/history');
      await expect(page.getByTestId('history-traffic')).toContainText('notifications/notification-api', { timeout: 2_000 });
    }).toPass({ timeout: 90_000 });
    await expect(page.getByRole('heading', { name: 'Plaintext received per day' })).toBeVisible();
    await expect(page.getByTestId('history-traffic-demo-note')).toContainText('Demo data: these days come from the demo mesh’s recorded traffic');
    const table = page.getByTestId('history-traffic');
    // 40 plaintext requests an hour from a sender without a proxy for 14 days: every whole UTC day of it counts 960.
    const wholeDays = table.locator('tbody tr').filter({ has: page.getByRole('cell', { name: 'notifications/notification-api', exact: true }) }).filter({ has: page.getByRole('cell', { name: '960', exact: true }) });
    expect(await wholeDays.count()).toBeGreaterThanOrEqual(12);
    await expect(wholeDays.first().locator('th, td').first()).toHaveText(/^\d{4}-\d\d-\d\d$/);
    // The DestinationRule DISABLE's plaintext into STRICT tax-calculator (3 an hour, 30 to 6 hours ago) is there too.
    await expect(table.locator('tbody tr').filter({ hasText: 'checkout/tax-calculator' }).first()).toBeVisible();
    // mTLS-only destinations are never listed.
    await expect(table).not.toContainText('payments/ledger');
    await expectAccessible(page);
  });

  test('the report download carries the STRICT share trend recorded by the server, in JSON and CSV', async ({ request }) => {
    test.setTimeout(120_000);
    // The scripted postures (3, 2 and 1 days ago) and the live one: four days with a posture once all are written.
    await expect(async () => {
      const json = (await (await request.get('/api/v1/report?format=json')).json()) as { history?: { source: string; daily: unknown[]; windows: { days: number }[] } };
      expect(json.history?.daily.length ?? 0).toBeGreaterThanOrEqual(4);
      expect([json.history?.source, json.history?.windows.map((w) => w.days)]).toEqual(['demo', [30, 90]]);
    }).toPass({ timeout: 90_000 });
    const csv = await (await request.get('/api/v1/report?format=csv')).text();
    expect([...csv.matchAll(/^# (\w+)\r$/gm)].map((m) => m[1])).toEqual(['workloads', 'findings', 'certificates', 'traffic', 'contradictions', 'trend', 'trend_daily']);
    expect(csv).toMatch(/\r\n# trend\r\nwindow_days,since,first_at,first_strict_ports,first_ports,first_share_percent,last_at,/);
    // A namespace's report has no mesh-wide trend.
    expect((await (await request.get('/api/v1/report?format=json&namespace=storefront')).json()).history).toBeUndefined();
  });
});
