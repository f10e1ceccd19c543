import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The server's own files, traced, in .next/standalone (server.js, the .next it reads, the node_modules it loads): the
  // container image is built from it (scripts/image/build-image.sh, deploy/Dockerfile), with .next/static, public/ and
  // demo/ copied beside it. bin/mesh-posture-server.mjs runs from either place.
  output: 'standalone',
  // The engine and sources run on the server only; client-node, the history databases' drivers (PGlite loads its
  // WebAssembly from its own folder) and prom-client stay out of the bundle.
  serverExternalPackages: ['@kubernetes/client-node', '@electric-sql/pglite', 'pg', 'prom-client'],
};

export default nextConfig;
