// GET /api/v1/findings?severity=&code=&namespace=&page=&pageSize= — see docs/api/findings.md.
import { serveView } from '@/lib/server/view-response';
import { buildFindingsView } from '@/lib/server/views/findings';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return serveView(request, buildFindingsView, { view: 'findings' });
}
