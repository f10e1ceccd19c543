// GET /api/v1/topology?expand=&namespace=&transport=&verdict=&max= — see docs/api/topology.md.
import { checkAccess } from '@/lib/server/access';
import { getPostureState } from '@/lib/server/posture-store';
import { serveView } from '@/lib/server/view-response';
import { buildTopologyView, warmTopology } from '@/lib/server/views/topology';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  // The topology is computed once per posture, in slices that keep the server responsive; only a request that may
  // see the data starts it. A posture that cannot be loaded is reported by serveView.
  if (checkAccess(request.headers).allowed) {
    const state = await getPostureState().catch(() => null);
    if (state) await warmTopology(state.computation);
  }
  return serveView(request, buildTopologyView, { view: 'topology' });
}
