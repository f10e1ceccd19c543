// GET /api/v1/namespaces/{ns}/pods/{pod}/history?days= — the changes of the pod's workload; see docs/api/pod.md.
import { decodePathSegment } from '@/lib/api/views/pod';
import { serveHistoryView } from '@/lib/server/history-response';
import { buildWorkloadHistory } from '@/lib/server/views/history-context';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ ns: string; pod: string }> }): Promise<Response> {
  const { ns, pod } = await params;
  return serveHistoryView(request, (recorder, state, search, now) => buildWorkloadHistory(recorder, state, decodePathSegment(ns), decodePathSegment(pod), search, now));
}
