// GET /api/v1/history?days=&namespace= — see docs/history.md.
import { checkAccess } from '@/lib/server/access';
import { getHistoryRecorder, getPostureState } from '@/lib/server/posture-store';
import { errorResponse, toEnvelope } from '@/lib/server/view-response';
import { VIEW_ERROR_STATUS } from '@/lib/server/view-errors';
import { buildHistoryView } from '@/lib/server/views/history';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const access = checkAccess(request.headers);
  if (!access.allowed) return errorResponse(VIEW_ERROR_STATUS[access.code], access.code, access.reason);
  try {
    const state = await getPostureState();
    const now = new Date();
    const view = await buildHistoryView(getHistoryRecorder(), new URL(request.url).searchParams, now);
    return Response.json(toEnvelope(state, view, now), { headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } });
  } catch (e) {
    return errorResponse(503, 'source-unavailable', e instanceof Error ? e.message : String(e));
  }
}
