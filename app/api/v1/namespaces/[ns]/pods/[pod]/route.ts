// GET /api/v1/namespaces/{ns}/pods/{pod}?verdict=&port=&group=&page= — see docs/api/pod.md.
import { decodePathSegment } from '@/lib/api/views/pod';
import { serveView } from '@/lib/server/view-response';
import { podViewBuilder } from '@/lib/server/views/pod';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ ns: string; pod: string }> }): Promise<Response> {
  const { ns, pod } = await params;
  return serveView(request, podViewBuilder(decodePathSegment(ns), decodePathSegment(pod)), { view: 'pod', path: [ns, pod] });
}
