// GET /api/v1/findings/history — since when each open finding has been open; see docs/api/findings.md.
import { serveHistoryView } from '@/lib/server/history-response';
import { buildFindingsHistory } from '@/lib/server/views/history-context';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return serveHistoryView(request, (recorder, state, _params, now) => buildFindingsHistory(recorder, state, now));
}
