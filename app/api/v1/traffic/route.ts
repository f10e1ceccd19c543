// GET /api/v1/traffic?namespace=&page= — observed traffic beside the posture; see docs/api/traffic.md.
import { serveTrafficView } from '@/lib/server/views/traffic';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return serveTrafficView(request);
}
