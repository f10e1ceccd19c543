// GET /api/v1/report?format=json|md|csv|sarif|html|pdf[&namespace=NS]: the coverage report as a download. Every
// format renders the one ReportModel (lib/report); this handler only picks the renderer and sets the headers. The
// response is an attachment with the exact content type, nosniff and no caching, and a CSP that lets nothing run
// even if a browser were to open it in place.
import { buildReportModel, type ReportModel } from '@/lib/report/report-model';
import { filterPostureByNamespace, filterReportByNamespace } from '@/lib/report/filter-report';
import { buildJsonReport } from '@/lib/report/json-report';
import { renderCsvStream, renderCsvTables } from '@/lib/report/render/csv';
import { renderHtmlReport } from '@/lib/report/render/html';
import { renderMarkdownReport } from '@/lib/report/render/markdown';
import { renderPdfReport } from '@/lib/report/render/pdf';
import { renderSarifReport } from '@/lib/report/render/sarif';
import type { PostureModel } from '@/lib/mesh/model';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { checkAccess } from '@/lib/server/access';
import { getHistoryRecorder, getPostureState } from '@/lib/server/posture-store';
import { historyForExport } from '@/lib/server/report-history';
import type { ReportHistory } from '@/lib/report/history-trend';
import { getTrafficModel } from '@/lib/server/traffic-store';
import { WorkLimit, WorkRefused } from '@/lib/server/work-limit';
import { applyTrafficEvidence, type TrafficModel } from '@/lib/mesh/traffic';
import type { PostureComputation } from '@/lib/mesh/compute-posture';
import { VIEW_ERROR_STATUS } from '@/lib/server/view-errors';
import pkg from '@/package.json';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const REPORT_FORMATS = ['json', 'md', 'csv', 'sarif', 'html', 'pdf'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

interface RenderInput {
  readonly report: ReportModel;
  readonly model: PostureModel;
  readonly snapshot: MeshSnapshot;
}

interface FormatSpec {
  readonly contentType: string;
  readonly extension: string;
  readonly render: (input: RenderInput) => string | Uint8Array | Promise<string | Uint8Array>;
}

const FORMATS: Readonly<Record<ReportFormat, FormatSpec>> = {
  json: { contentType: 'application/json; charset=utf-8', extension: 'json', render: ({ report, model, snapshot }) => `${JSON.stringify(buildJsonReport(report, model, snapshot, report.traffic ?? null), null, 2)}\n` },
  md: { contentType: 'text/markdown; charset=utf-8', extension: 'md', render: ({ report }) => renderMarkdownReport(report) },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv', render: ({ report, model }) => renderCsvStream(renderCsvTables(report, model.workloads)) },
  sarif: { contentType: 'application/sarif+json; charset=utf-8', extension: 'sarif', render: ({ report }) => renderSarifReport(report) },
  html: { contentType: 'text/html; charset=utf-8', extension: 'html', render: ({ report }) => renderHtmlReport(report) },
  pdf: { contentType: 'application/pdf', extension: 'pdf', render: ({ report }) => renderPdfReport(report) },
};

/** Served with every report, so that a report opened in place can load and run nothing (sandbox: no scripts). */
const RESPONSE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; sandbox";

/** The traffic model for an export (waiting for a due refresh), or null when none is configured or it cannot be read. */
async function trafficForReport(computation: PostureComputation): Promise<TrafficModel | null> {
  try {
    const traffic = await getTrafficModel(computation);
    return traffic.status === 'not-configured' ? null : traffic;
  } catch {
    // A bad MESH_POSTURE_TRAFFIC_* setting: /api/v1/traffic reports it; the report goes on without traffic.
    return null;
  }
}

function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

function jsonError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers } });
}

type Rendered = { readonly body: string | Uint8Array; readonly generatedAt: string } | null;

async function render(spec: FormatSpec, snapshot: MeshSnapshot, computation: PostureComputation, traffic: TrafficModel | null, namespace: string | null): Promise<Rendered> {
  const now = new Date();
  const generatedAt = toRfc3339Seconds(now);
  const evidenced = traffic ? { ...computation, model: applyTrafficEvidence(computation.model, traffic) } : computation;
  // The trend of the whole mesh (as `report --db`): not in a namespace's report, whose counts it would not match.
  const history: ReportHistory | null = namespace ? null : await historyForExport(getHistoryRecorder(), computation.model.source, now);
  let report: ReportModel = { ...buildReportModel(evidenced, { generatedAt, toolVersion: pkg.version }), traffic, ...(history ? { history } : {}) };
  let model = evidenced.model;
  if (namespace) {
    const narrowed = filterReportByNamespace(report, namespace);
    if (!narrowed) return null;
    report = narrowed;
    model = filterPostureByNamespace(model, namespace);
  }
  return { body: await spec.render({ report, model, snapshot }), generatedAt };
}

const IDS = new WeakMap<object, number>();
let nextId = 1;
/** A number per object for the process's life (the posture and the traffic model of an export's key). */
function identity(o: object): number {
  let id = IDS.get(o);
  if (id === undefined) IDS.set(o, (id = nextId++));
  return id;
}

const LIMIT_KEY = Symbol.for('mesh-posture.export-limit');
/** One limit per process (Next bundles routes separately): MESH_POSTURE_EXPORT_CONCURRENCY renders at once (2). */
function exportLimit(): WorkLimit {
  const g = globalThis as Record<symbol, WorkLimit | undefined>;
  g[LIMIT_KEY] ??= new WorkLimit({ concurrency: exportConcurrency(process.env['MESH_POSTURE_EXPORT_CONCURRENCY']), queue: 16, maxWaitMs: 60_000 });
  return g[LIMIT_KEY];
}

function exportConcurrency(raw: string | undefined): number {
  const n = Number(raw);
  return raw && /^\d{1,2}$/.test(raw) && n >= 1 && n <= 16 ? n : 2;
}

export async function GET(request: Request): Promise<Response> {
  const access = checkAccess(request.headers);
  if (!access.allowed) return jsonError(VIEW_ERROR_STATUS[access.code], access.code, access.reason);
  const params = new URL(request.url).searchParams;
  const format = params.get('format') ?? '';
  if (!isReportFormat(format)) {
    return jsonError(400, 'bad-format', `format must be one of ${REPORT_FORMATS.join(', ')}`);
  }
  const namespace = params.get('namespace');
  const { snapshot, computation } = await getPostureState();
  if (namespace && !computation.model.namespaces.some((n) => n.name === namespace)) return jsonError(404, 'unknown-namespace', 'no such namespace in the mesh');
  // Observed traffic joins the report as in `mesh-posture report --prometheus` (evidence on the board and MP106, its
  // own section), when a Prometheus is configured or the demo plays its recording.
  const traffic = await trafficForReport(computation);
  const spec = FORMATS[format];
  let rendered: Rendered;
  try {
    // One render per posture, traffic, format and namespace in flight, under the export limit (lib/server/work-limit.ts).
    rendered = await exportLimit().run(`${identity(computation)}:${traffic ? identity(traffic) : 0}:${format}:${namespace ?? ''}`, () => render(spec, snapshot, computation, traffic, namespace));
  } catch (e) {
    if (e instanceof WorkRefused) return jsonError(429, 'busy', e.message, { 'Retry-After': String(e.retryAfterSeconds) });
    throw e;
  }
  if (rendered === null) return jsonError(404, 'unknown-namespace', 'no such namespace in the mesh');
  const { body, generatedAt } = rendered;
  return new Response(typeof body === 'string' ? body : new Blob([body.slice()]), {
    status: 200,
    headers: {
      'Content-Type': spec.contentType,
      'Content-Disposition': `attachment; filename="mesh-posture-${generatedAt.slice(0, 10)}.${spec.extension}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': RESPONSE_CSP,
    },
  });
}
