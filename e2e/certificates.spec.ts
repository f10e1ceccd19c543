// The certificates view on the demo mesh, anchored on the certificates demo/certificates.yaml plants: an expired
// (payments ledger), an expiring (payments fraud-detector), an unknown (ops-tools bastion, proxy not reached) and a
// trust-domain mismatch (partner-api partner-sync, SPIRE), plus proxies holding the legacy root.
import { expect, expectAccessible, test } from './support/fixtures';

const LEDGER = 'payments/ledger-c4v5b7kwvd-629wz';
const FRAUD = 'payments/fraud-detector-mzhhkp79wj-nl6hs';
const BASTION = 'ops-tools/bastion-q626c88rc-hc4v2';
const PARTNER_SYNC = 'partner-api/partner-sync-l8n8gx9gg8-lpqv9';

test.describe('certificates on the demo mesh', () => {
  test('shows counts, warnings with their reasons, roots, the timeline and the fleet table', async ({ page }) => {
    await page.goto('/certificates');
    await expect(page.getByRole('heading', { name: 'Certificates', level: 1 })).toBeVisible();
    await expect(page.getByTestId('count-total')).toHaveText('116');
    await expect(page.getByTestId('count-expired')).toHaveText('1');
    await expect(page.getByTestId('count-expiring')).toHaveText('1');
    await expect(page.getByTestId('count-unknown')).toHaveText('1');

    await expect(page.getByTestId('warning-expired')).toContainText(LEDGER);
    await expect(page.getByTestId('warning-expired')).toContainText('peers reject its mTLS handshakes');
    await expect(page.getByTestId('warning-expiring')).toContainText(FRAUD);
    await expect(page.getByTestId('warning-trust-domain-mismatch')).toContainText(`${PARTNER_SYNC}: presents spiffe://spire.example.org/`);
    await expect(page.getByTestId('warning-different-root')).toContainText('Pods holding a different root: 4');
    await expect(page.getByTestId('warning-unknown')).toContainText('proxy not reached: no certificate data was collected for this pod (1)');
    await expect(page.getByTestId('warning-unknown').getByRole('link', { name: BASTION })).toHaveAttribute('href', `/namespaces/${BASTION.replace('/', '/pods/')}`);
    await expect(page.getByTestId('warning-root-expiring')).toContainText('O=legacy-root, CN=legacy-root');

    const roots = page.getByRole('table', { name: 'Roots of trust' });
    await expect(roots.getByRole('row', { name: /legacy-root/ })).toContainText('expiring');
    await expect(roots.getByRole('row', { name: /mesh-root/ })).toContainText('19 namespace(s)');

    await expect(page.getByTestId('timeline-summary')).toContainText('In the next 90 days: 114 workload certificate(s) and 1 root(s) expire.');
    await expect(page.locator('.recharts-surface').first()).toBeVisible();

    const table = page.getByRole('table', { name: 'Workload certificates' });
    await expect(table).toHaveAttribute('aria-rowcount', '101');
    // A page of 100 rows is virtualised: only the rows in view (plus overscan) are in the DOM.
    expect(await page.getByTestId('certificate-table-row').count()).toBeLessThan(60);
    // Soonest expiry first: the expired ledger certificate heads the table, with its SPIFFE ID and data origin.
    const first = page.getByTestId('certificate-table-row').first();
    await expect(first).toContainText(LEDGER);
    await expect(first).toContainText('expired');
    await expect(first).toContainText('spiffe://cluster.local/ns/payments/sa/ledger');
    await expect(first).toContainText('Envoy config dump, read');
    await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText('Page 1 of 2 (116 rows)');
    await expectAccessible(page);
  });

  test('filters and sorts the table through the URL', async ({ page }) => {
    await page.goto('/certificates?status=expiring');
    const rows = page.getByTestId('certificate-table-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(FRAUD);

    await page.getByLabel('Status').selectOption('unknown');
    await expect(page).toHaveURL(/status=unknown/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(BASTION);
    await expect(rows.first()).toContainText('not read');

    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Namespace').selectOption('payments');
    await expect(page).toHaveURL(/namespace=payments/);
    await page.getByLabel('Search pod, SPIFFE ID or serial').fill('ledger');
    await expect(page).toHaveURL(/q=ledger/);
    await expect(rows).toHaveCount(2);

    await page.getByRole('button', { name: /^Pod/ }).click();
    await expect(page).toHaveURL(/sort=namespace/);
    await page.getByRole('button', { name: /^Pod/ }).click();
    await expect(page).toHaveURL(/dir=desc/);
    await expect(page.getByRole('columnheader', { name: /Pod/ })).toHaveAttribute('aria-sort', 'descending');
  });

  test('a warning links to all its certificates in the table', async ({ page }) => {
    await page.goto('/certificates');
    await page.getByTestId('warning-different-root').getByRole('link', { name: 'Show all 4 in the table' }).click();
    await expect(page).toHaveURL(/status=different-root/);
    await expect(page.getByTestId('certificate-table-row')).toHaveCount(4);
    await expect(page.getByTestId('certificate-table-row').filter({ hasText: PARTNER_SYNC })).toContainText('trust domain mismatch, different root');
  });

  test('switches the timeline to hours and offers it as a table', async ({ page }) => {
    await page.goto('/certificates');
    await page.getByLabel('Timeline').selectOption('48h');
    await expect(page).toHaveURL(/span=48h/);
    await expect(page.getByTestId('timeline-summary')).toContainText('In the next 48 hours');
    await page.getByText('Timeline as a table').click();
    const table = page.getByRole('table', { name: 'Upcoming expiries' });
    await expect(table).toBeVisible();
    await expect(table.getByRole('columnheader', { name: 'Hour starting (UTC)' })).toBeVisible();
  });

  test('says so when no certificate matches the filters', async ({ page }) => {
    await page.goto('/certificates?namespace=no-such-namespace');
    await expect(page.getByTestId('view-empty')).toContainText('No certificate matches these filters.');
    await expect(page.getByLabel('Namespace')).toHaveValue('no-such-namespace');
  });

  test('serves the API with paging and the envelope', async ({ page }) => {
    const res = await page.request.get('/api/v1/certificates?status=expired&pageSize=5');
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { apiVersion: string; data: { certificates: { total: number; pageSize: number; rows: { pod: string }[] } } };
    expect({ apiVersion: body.apiVersion, total: body.data.certificates.total, pageSize: body.data.certificates.pageSize, pod: body.data.certificates.rows[0]?.pod }).toEqual({
      apiVersion: 'v1',
      total: 1,
      pageSize: 5,
      pod: LEDGER.split('/')[1],
    });
  });
});
