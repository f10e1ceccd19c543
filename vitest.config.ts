import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // The marker package throws outside React's server condition; its own empty module is what Next resolves.
      'server-only': fileURLToPath(new URL('./node_modules/server-only/empty.js', import.meta.url)),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'cli/**/*.test.ts', 'test/**/*.test.ts', 'components/**/*.test.tsx', 'demo/**/*.test.ts', 'scripts/**/*.test.ts', 'bin/**/*.test.ts'],
    environment: 'node',
    pool: 'threads',
    testTimeout: 30_000,
    // Route tests load the demo posture, which the server offers to its history recorder: no test writes a database
    // under the working directory unless it sets its own.
    env: { MESH_POSTURE_DATABASE_URL: 'off' },
  },
});
