'use client';
// The top navigation; the current view is marked for assistive technology (aria-current), not by colour alone.
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export const VIEWS = [
  { href: '/', label: 'Overview' },
  { href: '/migration', label: 'Migration' },
  { href: '/traffic', label: 'Traffic' },
  { href: '/certificates', label: 'Certificates' },
  { href: '/findings', label: 'Findings' },
  { href: '/topology', label: 'Topology' },
  { href: '/can-i', label: 'Can I?' },
  { href: '/history', label: 'History' },
] as const;

/** The view whose page this is: `/` only for the overview itself (a namespace or pod page is none of these views). */
export function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

export function MainNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Views" className="main-nav">
      <ul>
        {VIEWS.map((v) => (
          <li key={v.href}>
            <Link href={v.href} aria-current={isCurrent(pathname, v.href) ? 'page' : undefined}>
              {v.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
