// The overview of a live cluster (API simulator) where AuthorizationPolicy cannot be listed: the gap is named and
// nothing that depends on it looks secure.
import { DEGRADED_BASE_URL, expect, expectAccessible, test } from '../support/fixtures';

test.describe('overview with a forbidden kind (live cluster source)', () => {
  test('names the forbidden kind, shows the cluster source, and lists the empty namespace', async ({ page }) => {
    await page.goto(`${DEGRADED_BASE_URL}/`);
    const banner = page.getByTestId('collection-banner');
    await expect(banner).toContainText('AuthorizationPolicy');
    await expect(banner).toContainText('forbidden');
    await expect(page.getByTestId('as-of')).toContainText('cluster');
    await expect(page.getByRole('table', { name: 'mTLS coverage per namespace' }).getByRole('link', { name: 'empty-ns' })).toBeVisible();
    await expectAccessible(page);
  });

  test('the API reports the gap in the envelope', async ({ request }) => {
    const body = (await (await request.get(`${DEGRADED_BASE_URL}/api/v1/overview`)).json()) as { collection: { kind: string; status: string }[] };
    expect(body.collection).toContainEqual(expect.objectContaining({ kind: 'AuthorizationPolicy', status: 'forbidden' }));
  });
});
