// Handshake view (/handshake and GET /api/v1/handshake?from=&to=&port=): one connection's sequence diagram.
import { queryOptions } from '@tanstack/react-query';
import type { HandshakeModel } from '@/lib/mesh/handshake/model';
import { fetchView, toQueryString } from '../fetch-json';
import { POLL_INTERVAL_MS } from '../query-client';

/** The engine's handshake model as served (plain data; the types are shared with lib/mesh, nothing else is). */
export type HandshakeDto = HandshakeModel;

export interface HandshakeView {
  /** The connection asked about, normalised: from is 'ns/pod' or 'outside'. */
  readonly query: { readonly from: string; readonly to: string; readonly port: number };
  readonly handshake: HandshakeDto;
  /** Mermaid sequence diagram text (labels escaped, ids generated on the server). */
  readonly diagram: string;
  /** The outcome in words, as the diagram's last line says it. */
  readonly endText: string;
}

/** Raw query strings; the server validates them (and answers 400 naming the bad one). */
export interface HandshakeFilters {
  readonly from: string;
  readonly to: string;
  readonly port: string;
}

/** What `from` is when the client is outside the mesh (no dataplane, no identity). */
export const OUTSIDE = 'outside';

export function parseHandshakeFilters(params: URLSearchParams): HandshakeFilters {
  return {
    from: (params.get('from') ?? OUTSIDE).slice(0, 600) || OUTSIDE,
    to: (params.get('to') ?? '').slice(0, 600),
    port: (params.get('port') ?? '').slice(0, 5),
  };
}

export function handshakeSearch(filters: HandshakeFilters): string {
  return toQueryString({ from: filters.from === OUTSIDE ? null : filters.from, to: filters.to, port: filters.port });
}

/** The page of one connection, e.g. from a pod's client row. */
export function handshakeHref(from: string | null, to: string, port: number): string {
  return `/handshake${toQueryString({ from: from ?? OUTSIDE, to, port })}`;
}

export function handshakeQueryOptions(filters: HandshakeFilters) {
  return queryOptions({
    queryKey: ['v1', 'handshake', filters] as const,
    queryFn: ({ signal }) => fetchView<HandshakeView>(`/api/v1/handshake${handshakeSearch(filters)}`, signal),
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}
