// GET /api/v1/handshake?from=&to=&port= — see docs/api/handshake.md.
import { serveView } from '@/lib/server/view-response';
import { buildHandshakeView } from '@/lib/server/views/handshake';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return serveView(request, buildHandshakeView);
}
