// Can I? view (/can-i and GET /api/v1/can-i): from a pod or outside the mesh, to a pod and container port, with the
// request (method, path, host, headers, JWT): the outcome, the deciding policies and the handshake.
import { queryOptions } from '@tanstack/react-query';
import type { CanIOutcome } from '@/lib/mesh/can-i';
import { fetchView, toQueryString } from '../fetch-json';
import { oneOf } from '../paging';
import { POLL_INTERVAL_MS } from '../query-client';
import { OUTSIDE, type HandshakeDto } from './handshake';

export const JWT_MODES = ['none', 'valid', 'invalid'] as const;
/** none: no token; valid: a token whose signature verifies, with `claims`; invalid: a token that fails verification. */
export type JwtMode = (typeof JWT_MODES)[number];

export interface CanIAnswerDto {
  readonly outcome: CanIOutcome;
  readonly reason: string;
  /** 'ns/name' of the deciding policies (DestinationRule for a failed connection, authorization/authentication otherwise). */
  readonly policies: readonly string[];
  readonly mtls: boolean;
  readonly protocol: 'http' | 'tcp';
  /** 'ns/name' of the Service dialled, null when the pod IP is dialled. */
  readonly service: string | null;
  readonly transport: HandshakeDto['transport'];
  readonly serverMode: HandshakeDto['serverMode'];
  /** AUDIT policies that matched (they never decide). */
  readonly audited: readonly string[];
  readonly handshake: HandshakeDto;
  readonly diagram: string;
  readonly endText: string;
  /** The /handshake page of this connection. */
  readonly handshakeHref: string;
}

export interface CanIView {
  /** 'ns/pod' of pods for the pickers (sorted), at most MAX_PICKER_PODS of them. */
  readonly pods: { readonly names: readonly string[]; readonly omitted: number };
  /** Declared container ports of the `to` pod (empty when it is not given or not found). */
  readonly targetPorts: readonly number[];
  /** null until a target and a port are given. */
  readonly answer: CanIAnswerDto | null;
}

/** The pickers carry at most this many pods; beyond, the field still accepts any 'ns/pod'. */
export const MAX_PICKER_PODS = 2000;

/** Raw form values; the server validates them and answers 400 naming the bad one. */
export interface CanIFilters {
  readonly from: string;
  readonly to: string;
  readonly port: string;
  readonly method: string;
  readonly path: string;
  readonly host: string;
  /** One 'name: value' per line. */
  readonly headers: string;
  readonly jwt: JwtMode;
  /** JSON object of claims, for jwt=valid. */
  readonly claims: string;
}

const text = (params: URLSearchParams, key: string, max: number): string => (params.get(key) ?? '').slice(0, max);

export function parseCanIFilters(params: URLSearchParams): CanIFilters {
  return {
    from: text(params, 'from', 600).trim() || OUTSIDE,
    to: text(params, 'to', 600).trim(),
    port: text(params, 'port', 5).trim(),
    method: text(params, 'method', 20).trim(),
    path: text(params, 'path', 2000),
    host: text(params, 'host', 300).trim(),
    headers: text(params, 'headers', 4000),
    jwt: oneOf(params.get('jwt'), JWT_MODES, 'none'),
    claims: text(params, 'claims', 4000),
  };
}

export function canISearch(filters: CanIFilters): string {
  return toQueryString({
    from: filters.from === OUTSIDE ? null : filters.from,
    to: filters.to,
    port: filters.port,
    method: filters.method,
    path: filters.path,
    host: filters.host,
    headers: filters.headers,
    jwt: filters.jwt === 'none' ? null : filters.jwt,
    claims: filters.jwt === 'valid' ? filters.claims : null,
  });
}

export function canIQueryOptions(filters: CanIFilters) {
  return queryOptions({
    queryKey: ['v1', 'can-i', filters] as const,
    queryFn: ({ signal }) => fetchView<CanIView>(`/api/v1/can-i${canISearch(filters)}`, signal),
    refetchInterval: POLL_INTERVAL_MS,
    placeholderData: (previous) => previous,
  });
}
