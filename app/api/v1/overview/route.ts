// GET /api/v1/overview?q=&sort=&dir=&page=&pageSize= — see docs/api.md.
import { serveView } from '@/lib/server/view-response';
import { buildOverviewView } from '@/lib/server/views/overview';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return serveView(request, buildOverviewView, { view: 'overview' });
}
