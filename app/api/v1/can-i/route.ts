// GET /api/v1/can-i?from=&to=&port=&method=&path=&host=&headers=&jwt=&claims= — see docs/api/can-i.md.
import { serveView } from '@/lib/server/view-response';
import { buildCanIView } from '@/lib/server/views/can-i';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return serveView(request, buildCanIView);
}
