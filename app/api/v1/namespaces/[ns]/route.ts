// GET /api/v1/namespaces/{ns}?q=&sort=&dir=&page=&pageSize= — see docs/api/namespace.md. 404 for an unknown namespace.
import { serveView } from '@/lib/server/view-response';
import { namespaceFromPath, namespaceViewBuilder } from '@/lib/server/views/namespace';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ ns: string }> }): Promise<Response> {
  const { ns } = await context.params;
  return serveView(request, namespaceViewBuilder(namespaceFromPath(ns)), { view: 'namespace', path: [ns] });
}
