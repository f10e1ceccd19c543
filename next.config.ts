import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The engine and sources run on the server only; client-node, the history databases' drivers (PGlite loads its
  // WebAssembly from its own folder) and prom-client stay out of the bundle.
  serverExternalPackages: ['@kubernetes/client-node', '@electric-sql/pglite', 'pg', 'prom-client'],
};

export default nextConfig;
