import 'server-only';
// The GET handler body of the history side views (/api/v1/migration/history, /api/v1/findings/history, a pod's
// /history): the access check, the current posture (for its source), and the envelope, as for every view.
import { checkAccess } from './access';
import { getHistoryRecorder, getPostureState, type PostureState } from './posture-store';
import type { HistoryRecorder } from './history-recorder';
import { errorResponse, toEnvelope } from './view-response';
import { VIEW_ERROR_STATUS } from './view-errors';

export async function serveHistoryView<T>(request: Request, build: (recorder: HistoryRecorder, state: PostureState, params: URLSearchParams, now: Date) => Promise<T>): Promise<Response> {
  const access = checkAccess(request.headers);
  if (!access.allowed) return errorResponse(VIEW_ERROR_STATUS[access.code], access.code, access.reason);
  try {
    const state = await getPostureState();
    const now = new Date();
    const view = await build(getHistoryRecorder(), state, new URL(request.url).searchParams, now);
    return Response.json(toEnvelope(state, view, now), { headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } });
  } catch (e) {
    return errorResponse(503, 'source-unavailable', e instanceof Error ? e.message : String(e));
  }
}
