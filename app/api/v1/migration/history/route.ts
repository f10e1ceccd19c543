// GET /api/v1/migration/history — when each namespace entered its current phase; see docs/api/migration.md.
import { serveHistoryView } from '@/lib/server/history-response';
import { buildMigrationHistory } from '@/lib/server/views/history-context';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return serveHistoryView(request, (recorder, state, _params, now) => buildMigrationHistory(recorder, state, now));
}
