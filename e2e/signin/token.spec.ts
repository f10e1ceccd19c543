// The token mode keeps working beside the new modes, and now has a sign-out too (the config's token-mode server).
import { expect, test } from '@playwright/test';

const BASE = process.env['E2E_TOKEN_URL'] ?? 'http://127.0.0.1:3102';

test('a browser signs in with the token, is told so in the header, and signs out', async ({ page }) => {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('Access token').fill(process.env['E2E_TOKEN'] ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await expect(page.getByText('Signed in with the access token')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${BASE}/login?signed-out=1`);
  expect((await page.context().cookies()).some((c) => c.name === 'mesh-posture-token')).toBe(false);
  await page.goto(`${BASE}/`);
  await expect(page.getByRole('heading', { name: 'No access' })).toBeVisible();
});
