import 'server-only';
// GET /api/v1/traffic: observed traffic beside the posture (docs/api/traffic.md). The same shape as the JSON report's
// `traffic` section, with the workloads filtered by namespace and paged (a 20,000-pod mesh stays light); namespaces'
// readiness, contradictions and dry-run figures whole. Unlike the synchronous views it waits for the traffic store,
// which refreshes from Prometheus at most every MESH_POSTURE_TRAFFIC_REFRESH seconds.
import { pageOf, positiveInt, type PageDto } from '@/lib/api/paging';
import type { TrafficModel } from '@/lib/mesh/traffic';
import { buildTrafficJson, type TrafficJson } from '@/lib/report/traffic-json';
import { checkAccess } from '../access';
import { getPostureState } from '../posture-store';
import { getTrafficModel } from '../traffic-store';
import { errorResponse, toEnvelope } from '../view-response';
import { VIEW_ERROR_STATUS } from '../view-errors';

export const TRAFFIC_PAGE_SIZE = 100;

export type TrafficView = Omit<TrafficJson, 'workloads'> & { readonly workloads: PageDto<TrafficJson['workloads'][number]> };

export function buildTrafficView(traffic: TrafficModel, params: URLSearchParams): TrafficView {
  const json = buildTrafficJson(traffic);
  const namespace = (params.get('namespace') ?? '').slice(0, 253);
  const workloads = namespace ? json.workloads.filter((w) => w.namespace === namespace) : json.workloads;
  return { ...json, workloads: pageOf(workloads, positiveInt(params.get('page'), 1), TRAFFIC_PAGE_SIZE) };
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
