import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Mesh Posture',
  description: 'The true zero-trust posture of an Istio service mesh.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="top">
          <h1>Mesh Posture</h1>
          <span>zero-trust posture of an Istio mesh</span>
        </header>
        {children}
      </body>
    </html>
  );
}
