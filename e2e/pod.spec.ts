import { expect, expectAccessible, test } from './support/fixtures';

// catalog is STRICT, with a PERMISSIVE port-level exception on 9090; legacy-batch pods (no sidecar) call it (MP105).
const CATALOG = '/namespaces/catalog/pods/catalog-ngb92jcpzd-994w5';

test.describe('pod drill-down on the demo mesh', () => {
  test('shows identity, mTLS per port with its chain, and the clients that fail first', async ({ page }) => {
    await page.goto(CATALOG);
    await expect(page.getByRole('heading', { name: 'Pod catalog-ngb92jcpzd-994w5', level: 1 })).toBeVisible();
    await expect(page.getByTestId('service-account')).toHaveText('catalog');
    await expect(page.getByTestId('spiffe-id')).toHaveText('spiffe://cluster.local/ns/catalog/sa/catalog');
    await expect(page.getByTestId('dataplane')).toContainText('Sidecar');
    const ports = page.getByRole('table', { name: 'Effective mTLS per port' });
    await expect(ports.locator('tbody tr')).toHaveText([/8080\s*STRICT\s*No/, /9090\s*PERMISSIVE\s*Yes/]);
    await expect(page.getByTestId('mtls-chain')).toContainText('Port 9090: PERMISSIVE (PeerAuthentication catalog/catalog-metrics-permissive; sets port 9090)');
    const clients = page.getByRole('table', { name: 'Clients that can reach the pod' });
    await expect(clients.locator('tbody tr').first()).toContainText('Outside the mesh');
    await expect(clients.locator('tbody tr').first()).toContainText('Fails');
    await expect(clients.getByRole('link', { name: 'Handshake from legacy-batch/batch-scheduler-ztsb8mpzgc-4r4z5 on port 8080' })).toHaveAttribute(
      'href',
      '/handshake?from=legacy-batch%2Fbatch-scheduler-ztsb8mpzgc-4r4z5&port=8080&to=catalog%2Fcatalog-ngb92jcpzd-994w5',
    );
    await expect(page.getByTestId('pod-findings')).toContainText('MP105');
    await expectAccessible(page);
  });

  test('shows the commands to confirm a section, names single-quoted', async ({ page }) => {
    await page.goto(CATALOG);
    const mtls = page.getByTestId('commands-mtls');
    await mtls.getByText(/Confirm on a live cluster/).click();
    await expect(mtls.getByText("kubectl get peerauthentication 'catalog-metrics-permissive' -n 'catalog' -o yaml")).toBeVisible();
  });

  test('filters clients through the URL', async ({ page }) => {
    await page.goto(`${CATALOG}?port=9090&verdict=fails`);
    const clients = page.getByRole('table', { name: 'Clients that can reach the pod' });
    // The PERMISSIVE port accepts plaintext: the one failure is a client whose own certificate expired (payments/ledger).
    await expect(clients.locator('tbody tr')).toHaveCount(1);
    await expect(clients.locator('tbody tr').first()).toContainText('payments');
    await expect(clients.locator('tbody tr').first()).toContainText("client proxy's certificate expired");
    await page.getByLabel('Verdict').selectOption('plaintext');
    await expect(page).toHaveURL(/verdict=plaintext/);
    await expect(clients.locator('tbody tr').first()).toContainText('Plaintext');
    await page.getByLabel('Group by').selectOption('namespace');
    await expect(page).toHaveURL(/group=namespace/);
    await expect(clients.locator('tbody tr').filter({ hasText: 'legacy-batch' })).toHaveCount(1);
  });

  test('lists AuthorizationPolicies in evaluation order and the RequestAuthentication rules', async ({ page }) => {
    await page.goto('/namespaces/partner-api/pods/partner-gateway-l8bqtgfhv4-xxxc2');
    await expect(page.getByRole('list', { name: 'AuthorizationPolicies in evaluation order' }).getByRole('listitem')).toHaveCount(3);
    await expect(page.getByTestId('request-authentications')).toContainText('Issuer');
  });

  test('an ambient pod shows its waypoint per Service and for its IP, and the source its ztunnel sees', async ({ page }) => {
    await page.goto('/namespaces/search/pods/opensearch-0');
    const table = page.getByTestId('pod-waypoints');
    await expect(table.locator('tbody tr')).toHaveCount(3);
    const viaService = table.locator('tbody tr').filter({ hasText: 'Service search/opensearch' }).first();
    await expect(viaService).toContainText('through waypoint search/search-waypoint');
    await expect(viaService).toContainText('search/opensearch-read-only');
    await expect(viaService).toContainText('spiffe://cluster.local/ns/search/sa/search-waypoint');
    await expect(table.locator('tbody tr').filter({ hasText: 'the pod IP' })).toContainText('no waypoint');
    await expectAccessible(page);
  });

  test('says a pod without a dataplane has no identity and no certificate', async ({ page }) => {
    await page.goto('/namespaces/data/pods/postgres-0');
    await expect(page.getByTestId('spiffe-id')).toContainText('None');
    await expect(page.getByTestId('certificate-none')).toHaveText('No dataplane, so no workload certificate.');
    await expectAccessible(page);
  });

  test('shows the not-found page for an unknown pod, and the API answers 404', async ({ page, request }) => {
    const page404 = await page.goto('/namespaces/catalog/pods/no-such-pod');
    expect(page404?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Pod not found', level: 1 })).toBeVisible();
    const res = await request.get('/api/v1/namespaces/catalog/pods/no-such-pod');
    expect(res.status()).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not-found', message: 'pod catalog/no-such-pod is not in the source' } });
  });
});
