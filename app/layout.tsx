import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { MainNav } from '@/components/ui/main-nav';
import { QueryProvider } from '@/components/ui/query-provider';
import { headers } from 'next/headers';
import { SignedInUser } from '@/components/ui/signed-in-user';
import { accessMode, checkAccess } from '@/lib/server/access';
import './globals.css';

export const metadata: Metadata = {
  title: 'Mesh Posture',
  description: 'The true zero-trust posture of an Istio service mesh.',
};

// The layout reads the access mode at request time.
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  const mode = accessMode();
  const access = checkAccess(new Headers(await headers()), mode);
  const via = access.allowed && (access.mode === 'oidc' || access.mode === 'proxy' || access.mode === 'token') ? access.mode : undefined;
  return (
    <html lang="en">
      <body>
        <a href="#content" className="skip-link">
          Skip to content
        </a>
        <header className="top">
          <span className="brand">Mesh Posture</span>
          <MainNav />
          {via !== undefined && <SignedInUser user={access.identity?.user} via={via} canSignOut={via !== 'proxy'} />}
        </header>
        {mode.kind === 'anonymous' && (
          <div role="status" className="banner anonymous-banner">
            Anonymous mode: anyone who can reach this server sees this mesh&apos;s posture (MESH_POSTURE_ANONYMOUS=true).
          </div>
        )}
        <QueryProvider>
          <div id="content">{children}</div>
        </QueryProvider>
      </body>
    </html>
  );
}
