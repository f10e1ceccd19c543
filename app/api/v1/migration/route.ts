// GET /api/v1/migration?namespace=&phase=&blocker=&page= — see docs/api/migration.md.
import { serveView } from '@/lib/server/view-response';
import { buildMigrationView } from '@/lib/server/views/migration';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return serveView(request, buildMigrationView, { view: 'migration' });
}
