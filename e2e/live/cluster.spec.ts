// Runs against any live cluster: by default the API simulator behind the second server (npm test), or a real
// cluster with `npm run test:e2e:cluster` (KUBECONFIG). It asserts what must hold on every cluster: the views load
// from the cluster source without console errors, and every kind is either read or named with its reason.
import { DEGRADED_BASE_URL, expect, test } from '../support/fixtures';

interface Envelope {
  source: string;
  staleness: { stale: boolean };
  collection: { kind: string; status: string; reason: string | null }[];
  data: { workloads: { total: number; strict: number; permissive: number; disable: number; none: number; unknown: number } };
}

test('the overview of a live cluster: a cluster source, consistent counts, and every unread kind named', async ({ page, request }) => {
  const res = await request.get(`${DEGRADED_BASE_URL}/api/v1/overview`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as Envelope;
  expect(body.source).toMatch(/^cluster /);
  const w = body.data.workloads;
  expect(w.strict + w.permissive + w.disable + w.none + w.unknown).toBe(w.total);
  for (const c of body.collection) expect(c.reason, `reason for ${c.kind}`).toBeTruthy();

  await page.goto(`${DEGRADED_BASE_URL}/`);
  await expect(page.getByTestId('as-of')).toContainText('cluster');
  await expect(page.getByTestId('mesh-phase')).toHaveText(/^[0-4]$/);
  if (body.collection.length > 0) await expect(page.getByTestId('collection-banner')).toContainText(body.collection[0]?.kind ?? '');
});
