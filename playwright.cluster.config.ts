// `npm run test:e2e:cluster`: the live-cluster specs (e2e/live) against a real cluster, read with the current
// KUBECONFIG context (or MESH_POSTURE_CONTEXT). Read-only, like the product; needs the RBAC in deploy/kubernetes.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

const PORT = Number(process.env['E2E_CLUSTER_PORT'] ?? 3300);
process.env['E2E_DEGRADED_URL'] = `http://127.0.0.1:${PORT}`;

if (!process.env['KUBECONFIG'] && !process.env['HOME']) throw new Error('set KUBECONFIG to the cluster to test');

export default defineConfig({
  ...base,
  testDir: './e2e/live',
  timeout: 60_000,
  webServer: {
    command: `node bin/mesh-posture-server.mjs --hostname 127.0.0.1 --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/login`,
    env: { MESH_POSTURE_SOURCE: 'cluster', MESH_POSTURE_ANONYMOUS: 'true' },
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
