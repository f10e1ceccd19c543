'use client';
// A view's filters live in the URL (deep links, back button); changing one replaces the URL without scrolling.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

export function useUrlFilters<F>(parse: (params: URLSearchParams) => F, toSearch: (filters: F) => string): [F, (patch: Partial<F>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const filters = useMemo(() => parse(new URLSearchParams(params.toString())), [params, parse]);
  const update = useCallback(
    (patch: Partial<F>) => router.replace(`${pathname}${toSearch({ ...filters, ...patch })}`, { scroll: false }),
    [filters, pathname, router, toSearch],
  );
  return [filters, update];
}
