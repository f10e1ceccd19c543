// GET /api/v1/namespaces/{ns}/pods/{pod}?verdict=&port=&group=&page= — see docs/api/pod.md.
import { serveView } from '@/lib/server/view-response';
import { podViewBuilder } from '@/lib/server/views/pod';

export const dynamic = 'force-dynamic';

/** A path segment as the user typed it; a malformed escape is kept raw (the builder then refuses the name). */
function segment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export async function GET(request: Request, { params }: { params: Promise<{ ns: string; pod: string }> }): Promise<Response> {
  const { ns, pod } = await params;
  return serveView(request, podViewBuilder(segment(ns), segment(pod)));
}
