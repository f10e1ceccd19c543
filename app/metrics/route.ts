// GET /metrics — the posture in Prometheus exposition format (docs/history.md). Access: MESH_POSTURE_METRICS_TOKEN,
// MESH_POSTURE_METRICS_ANONYMOUS, or the API's (lib/server/access.ts).
import { checkAccess, metricsAccessMode } from '@/lib/server/access';
import { VIEW_ERROR_STATUS } from '@/lib/server/view-errors';
import { getHistoryRecorder, getPostureMetrics, getPostureState } from '@/lib/server/posture-store';

export const dynamic = 'force-dynamic';

const HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const;

export async function GET(request: Request): Promise<Response> {
  const access = checkAccess(request.headers, metricsAccessMode());
  if (!access.allowed) return new Response(`${access.reason}\n`, { status: VIEW_ERROR_STATUS[access.code], headers: { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
  const metrics = getPostureMetrics();
  const now = new Date();
  // No posture yet (the source is unreadable): the process metrics and mesh_posture_up 0 are still served.
  const state = await getPostureState().catch(() => null);
  const text = await metrics.scrape(
    state && {
      model: state.computation.model,
      computedAt: state.loadedAt,
      asOf: state.asOf(now),
      stale: state.staleness(now).stale,
      history: getHistoryRecorder().status(),
      now,
    },
  );
  return new Response(text, { headers: { ...HEADERS, 'Content-Type': metrics.contentType } });
}
