import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The engine and sources run on the server only; client-node stays out of the bundle.
  serverExternalPackages: ['@kubernetes/client-node'],
};

export default nextConfig;
