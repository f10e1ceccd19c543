import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env['E2E_PORT'] ?? 3100);
// The degraded server: the live cluster source against the API simulator (test/kube-sim) serving the demo mesh plus
// an empty namespace, with AuthorizationPolicy forbidden cluster-wide. Specs under e2e/degraded/ use it.
const DEGRADED_PORT = Number(process.env['E2E_DEGRADED_PORT'] ?? PORT + 1);
const SIM_PORT = Number(process.env['E2E_SIM_PORT'] ?? PORT + 90);
// The token-mode server (demo mesh, access by token only): e2e/access.spec.ts probes its gate.
const TOKEN_PORT = Number(process.env['E2E_TOKEN_PORT'] ?? PORT + 2);
process.env['E2E_TOKEN'] ??= 'e2e-correct-horse-battery-staple';
// The demo server records its history in a fresh embedded database per run (set once: workers inherit it); the
// degraded server is given a PostgreSQL URL nothing listens on, so its History view shows why nothing is recorded.
process.env['E2E_HISTORY_DB'] ??= path.join(mkdtempSync(path.join(tmpdir(), 'mesh-posture-e2e-')), 'history');
const UNREACHABLE_DATABASE = 'postgres://mesh-posture@127.0.0.1:1/history';
process.env['E2E_UNREACHABLE_DATABASE'] ??= UNREACHABLE_DATABASE;
const KUBECONFIG = `.e2e/kubeconfig-${SIM_PORT}`;
process.env['E2E_DEGRADED_URL'] ??= `http://127.0.0.1:${DEGRADED_PORT}`;
process.env['E2E_SIM_URL'] ??= `http://127.0.0.1:${SIM_PORT}`;
process.env['E2E_TOKEN_URL'] ??= `http://127.0.0.1:${TOKEN_PORT}`;

// Debian's Chromium, started with the flags this closed network needs (ARCHITECTURE.md §4).
export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'off',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: [
    {
      command: `node bin/mesh-posture-server.mjs --hostname 127.0.0.1 --port ${PORT}`,
      url: `http://127.0.0.1:${PORT}/login`,
      env: { MESH_POSTURE_SOURCE: 'demo', MESH_POSTURE_ANONYMOUS: 'true', MESH_POSTURE_DATABASE_URL: process.env['E2E_HISTORY_DB'] },
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command:
        `node bin/run-ts.mjs test/kube-sim/serve.ts --port ${SIM_PORT} --manifests demo/manifests --manifests e2e/degraded/fixtures ` +
        `--kubeconfig-out ${KUBECONFIG} --forbid authorizationpolicies.security.istio.io --envoy-pods --bookmark-interval-ms 2000`,
      url: `http://127.0.0.1:${SIM_PORT}/__sim/requests`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node bin/mesh-posture-server.mjs --hostname 127.0.0.1 --port ${DEGRADED_PORT}`,
      url: `http://127.0.0.1:${DEGRADED_PORT}/login`,
      env: { MESH_POSTURE_SOURCE: 'cluster', KUBECONFIG, MESH_POSTURE_ANONYMOUS: 'true', MESH_POSTURE_DATABASE_URL: UNREACHABLE_DATABASE },
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: `node bin/mesh-posture-server.mjs --hostname 127.0.0.1 --port ${TOKEN_PORT}`,
      url: `http://127.0.0.1:${TOKEN_PORT}/login`,
      env: { MESH_POSTURE_SOURCE: 'demo', MESH_POSTURE_TOKEN: process.env['E2E_TOKEN'], MESH_POSTURE_DATABASE_URL: 'off' },
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
