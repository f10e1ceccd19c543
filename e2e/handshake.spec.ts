// The handshake page of one connection on the demo mesh: the variants (sidecar, ambient HBONE, no dataplane) and
// the issuers (istiod, SPIRE), each drawn as a Mermaid sequence diagram.
import { DEMO_EXPECTED } from '../demo/expectations';
import { expect, expectAccessible, test } from './support/fixtures';

// MP105: payments/ledger is STRICT and has plaintext clients; MP504: partner-sync holds a SPIRE identity.
const LEDGER = DEMO_EXPECTED.findings.MP105.find((o) => o.startsWith('Pod/payments/'))!.replace(/^Pod\//, '');
const SPIRE_CLIENT = DEMO_EXPECTED.findings.MP504[0].replace(/^Pod\//, '');
const href = (from: string, to: string, port: number) => `/handshake?${new URLSearchParams({ from, to, port: String(port) }).toString()}`;

test.describe('handshake on the demo mesh', () => {
  test('from outside the mesh to a STRICT pod: plaintext, reset; the server certificate comes from istiod', async ({ page }) => {
    await page.goto(href('outside', LEDGER, 8080));
    await expect(page.getByRole('heading', { name: 'Handshake', level: 1 })).toBeVisible();
    await expect(page.getByTestId('handshake-from')).toHaveText('outside the mesh');
    await expect(page.getByTestId('handshake-outcome')).toHaveText('CONNECTION-FAILED: connection reset at the transport step');
    const diagram = page.getByTestId('handshake-diagram');
    await expect(diagram).toHaveAttribute('data-state', 'drawn');
    await expect(diagram.locator('svg')).toContainText('client outside the mesh');
    await expect(diagram.locator('svg')).toContainText('istiod (CA)');
    await expect(diagram.locator('svg')).toContainText('connection reset: STRICT requires mTLS');
    await expectAccessible(page);
  });

  test('ambient to ambient: ztunnel to ztunnel over HBONE, authorized at L4', async ({ page }) => {
    await page.goto(href('shipping/shipping-api-lhkv2wjk9-chkk9', 'shipping/carrier-adapter-5qbnggzpx-vqr6p', 8080));
    await expect(page.getByTestId('handshake-transport')).toContainText('hbone (mTLS)');
    const diagram = page.getByTestId('handshake-diagram');
    await expect(diagram).toHaveAttribute('data-state', 'drawn');
    await expect(diagram.locator('svg')).toContainText('ztunnel for shipping/shipping-api-lhkv2wjk9-chkk9');
    await expect(diagram.locator('svg')).toContainText(':15008, HTTP/2 CONNECT');
    await expect(diagram.locator('svg')).toContainText('authorization: allowed by shipping/allow-carrier-adapter');
    await expect(page.getByTestId('handshake-notes')).toContainText('ztunnel checks L4 attributes only');
  });

  test('through a waypoint: three hops, the waypoint allows, the destination ztunnel sees the waypoint and resets (MP313)', async ({ page }) => {
    await page.goto(href('search/search-indexer-hmfr8tj4zd-7hk2q', 'search/opensearch-0', 9200));
    await expect(page.getByTestId('handshake-outcome')).toHaveText('DENIED: connection reset at the authorization step');
    await expect(page.getByTestId('handshake-waypoint')).toContainText('spiffe://cluster.local/ns/search/sa/search-waypoint');
    const diagram = page.getByTestId('handshake-diagram');
    await expect(diagram).toHaveAttribute('data-state', 'drawn');
    await expect(diagram.locator('svg')).toContainText('waypoint search/search-waypoint');
    await expect(diagram.locator('svg')).toContainText('authorization at the waypoint: allowed by search/opensearch-read-only');
    await expect(page.getByTestId('handshake-steps')).toContainText('peer identity spiffe://cluster.local/ns/search/sa/search-waypoint: the waypoint does not impersonate the client');
    await expectAccessible(page);
  });

  test('no dataplane on either side: plaintext straight to the application', async ({ page }) => {
    await page.goto(href('monitoring/prometheus-0', 'data/postgres-0', 5432));
    await expect(page.getByTestId('handshake-outcome')).toHaveText('ALLOWED: delivered to the application without mTLS');
    await expect(page.getByTestId('handshake-diagram')).toHaveAttribute('data-state', 'drawn');
    await expect(page.getByTestId('handshake-steps')).toContainText('no proxy: nothing enforces authorization');
  });

  test('a SPIRE identity is issued by SPIRE', async ({ page }) => {
    await page.goto(href(SPIRE_CLIENT, 'partner-api/webhook-relay-gl2tfcf9x-ztw2f', 8080));
    await expect(page.getByTestId('handshake-client')).toContainText('certificate from SPIRE');
    const diagram = page.getByTestId('handshake-diagram');
    await expect(diagram).toHaveAttribute('data-state', 'drawn');
    await expect(diagram.locator('svg')).toContainText('SVID request for spiffe://spire.example.org/ns/partner-api/sa/partner-sync');
  });

  test('without a connection: an empty state pointing to Can I?', async ({ page }) => {
    await page.goto('/handshake');
    await expect(page.getByTestId('view-empty')).toContainText('No connection chosen');
    await expect(page.getByRole('link', { name: 'Can I?' }).last()).toHaveAttribute('href', '/can-i');
  });

  test('a pod that is not in the source is not found', async ({ page }) => {
    const res = await page.goto(href('outside', 'payments/no-such-pod', 8080));
    expect(res?.status()).toBe(404);
    await expect(page.getByText('This page could not be found.')).toBeVisible();
  });
});
