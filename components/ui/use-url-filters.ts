'use client';
// A view's filters live in the URL (deep links, back button); changing one replaces the URL without scrolling.
// Two changes in quick succession (pick a status, then a namespace) must both land: the URL commits
// asynchronously, so a change builds on the newest requested filters that the URL has not reached yet.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useRef } from 'react';

export function useUrlFilters<F>(parse: (params: URLSearchParams) => F, toSearch: (filters: F) => string): [F, (patch: Partial<F>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const filters = useMemo(() => parse(new URLSearchParams(params.toString())), [params, parse]);
  const pending = useRef<F[]>([]);
  const update = useCallback(
    (patch: Partial<F>) => {
      const list = pending.current;
      // Requests up to the one the URL now shows are done; what remains has not reached the URL yet.
      const reached = list.map(toSearch).lastIndexOf(toSearch(filters));
      if (reached >= 0) list.splice(0, reached + 1);
      const next = { ...(list.at(-1) ?? filters), ...patch };
      list.push(next);
      router.replace(`${pathname}${toSearch(next)}`, { scroll: false });
    },
    [filters, pathname, router, toSearch],
  );
  return [filters, update];
}
