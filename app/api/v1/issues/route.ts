// GET /api/v1/issues?kind=&page=&pageSize= — see docs/api/issues.md.
import { serveView } from '@/lib/server/view-response';
import { buildIssuesView } from '@/lib/server/views/issues';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return serveView(request, buildIssuesView);
}
