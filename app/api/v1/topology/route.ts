// GET /api/v1/topology?expand=&namespace=&transport=&verdict=&max= — see docs/api/topology.md.
import { serveView } from '@/lib/server/view-response';
import { buildTopologyView } from '@/lib/server/views/topology';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return serveView(request, buildTopologyView);
}
