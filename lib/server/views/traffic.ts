import 'server-only';
// GET /api/v1/traffic: observed traffic beside the posture (docs/api/traffic.md). The same shape as the JSON report's
// `traffic` section, with the workloads filtered by namespace and paged (a 20,000-pod mesh stays light); namespaces'
// readiness, contradictions and dry-run figures whole. Unlike the synchronous views it waits for the traffic store,
// which refreshes from Prometheus at most every MESH_POSTURE_TRAFFIC_REFRESH seconds.
import { dehydrate, type DehydratedState } from '@tanstack/react-query';
import { pageOf } from '@/lib/api/paging';
import { makeQueryClient } from '@/lib/api/query-client';
import { parseTrafficFilters, TRAFFIC_PAGE_SIZE, trafficQueryOptions, type TrafficView } from '@/lib/api/views/traffic';
import type { TrafficModel } from '@/lib/mesh/traffic';
import { buildTrafficJson } from '@/lib/report/traffic-json';
import { checkAccess } from '../access';
import { getPostureState } from '../posture-store';
import { getTrafficModel } from '../traffic-store';
import { errorResponse, toEnvelope } from '../view-response';
import { VIEW_ERROR_STATUS } from '../view-errors';

export type { TrafficView } from '@/lib/api/views/traffic';

export function buildTrafficView(traffic: TrafficModel, params: URLSearchParams): TrafficView {
  const json = buildTrafficJson(traffic);
  const filters = parseTrafficFilters(params);
  const workloads = filters.namespace ? json.workloads.filter((w) => w.namespace === filters.namespace) : json.workloads;
  return { ...json, workloads: pageOf(workloads, filters.page, TRAFFIC_PAGE_SIZE) };
}

/** The /traffic page's prefetch: the same envelope the route answers, under the view's queryKey. */
export async function prefetchTrafficView(params: URLSearchParams): Promise<DehydratedState> {
  const state = await getPostureState();
  const traffic = await getTrafficModel(state.computation);
  const client = makeQueryClient();
  client.setQueryData(trafficQueryOptions(parseTrafficFilters(params)).queryKey, toEnvelope(state, buildTrafficView(traffic, params), new Date()));
  return dehydrate(client);
}

export async function serveTrafficView(request: Request): Promise<Response> {
  const access = checkAccess(request.headers);
  if (!access.allowed) return errorResponse(VIEW_ERROR_STATUS[access.code], access.code, access.reason);
  const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const;
  try {
    const state = await getPostureState();
    const traffic = await getTrafficModel(state.computation);
    const now = new Date();
    return Response.json(toEnvelope(state, buildTrafficView(traffic, new URL(request.url).searchParams), now), { headers });
  } catch (e) {
    // A source that cannot load, or a bad MESH_POSTURE_TRAFFIC_* setting (TrafficSettingsError): the message names it.
    return errorResponse(503, 'source-unavailable', e instanceof Error ? e.message : String(e));
  }
}
