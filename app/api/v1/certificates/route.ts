// GET /api/v1/certificates?q=&status=&namespace=&span=&sort=&dir=&page=&pageSize= — see docs/api/certificates.md.
import { serveView } from '@/lib/server/view-response';
import { buildCertificatesView } from '@/lib/server/views/certificates';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return serveView(request, buildCertificatesView, { view: 'certificates' });
}
