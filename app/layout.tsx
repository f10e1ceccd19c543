import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { accessMode } from '@/lib/server/access';
import './globals.css';

export const metadata: Metadata = {
  title: 'Mesh Posture',
  description: 'The true zero-trust posture of an Istio service mesh.',
};

// The layout reads the access mode at request time.
export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="top">
          <h1>Mesh Posture</h1>
          <span>zero-trust posture of an Istio mesh</span>
        </header>
        {accessMode().kind === 'anonymous' && (
          <div role="status" className="banner anonymous-banner">
            Anonymous mode: anyone who can reach this server sees this mesh&apos;s posture (MESH_POSTURE_ANONYMOUS=true).
          </div>
        )}
        {children}
      </body>
    </html>
  );
}
