// Unreadable input on the live-cluster source (issue #15 item 7): the degraded fixtures hold one PeerAuthentication
// whose mode no API server would accept, and AuthorizationPolicy cannot be listed at all. Every view says what could
// not be read and links to the list.
import { DEGRADED_BASE_URL, expect, expectAccessible, test } from '../support/fixtures';

test.describe('objects that could not be read', () => {
  for (const path of ['/', '/findings', '/migration', '/namespaces/empty-ns', '/certificates']) {
    test(`${path} says so and links to the list`, async ({ page }) => {
      await page.goto(`${DEGRADED_BASE_URL}${path}`);
      await expect(page.getByTestId('unreadable-banner')).toContainText('2 objects or files could not be read, so they are in no verdict');
    });
  }

  test('the list names the kind, object and reason, and the API envelope counts it', async ({ page, request }) => {
    await page.goto(`${DEGRADED_BASE_URL}/`);
    await page.getByTestId('unreadable-banner').getByRole('link', { name: 'see what and why' }).click();
    await expect(page).toHaveURL(/\/issues$/);
    await expect(page.getByRole('heading', { name: '2 objects or files could not be read' })).toBeVisible();
    const row = page.getByTestId('issue-table').getByRole('row').filter({ hasText: 'lowercase-mode' });
    await expect(row).toContainText('PeerAuthentication');
    await expect(row).toContainText('PeerAuthentication/empty-ns/lowercase-mode');
    await expect(row).toContainText('got "strict"');
    await expect(page.getByTestId('issue-table').getByRole('row').filter({ hasText: 'authorizationpolicies.security.istio.io' })).toContainText('403 Forbidden');
    await expectAccessible(page);

    const body = (await (await request.get(`${DEGRADED_BASE_URL}/api/v1/issues`)).json()) as { unreadable: number; data: { issues: { total: number } } };
    expect({ unreadable: body.unreadable, total: body.data.issues.total }).toEqual({ unreadable: 2, total: 2 });
  });
});

test('a source read whole shows no unreadable banner', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await expect(page.getByTestId('unreadable-banner')).toHaveCount(0);
});
