// GET /api/v1/health: the probes' endpoint. The process is up and Next.js is serving requests: nothing more. It is
// deliberately outside the access gate (a probe holds no credential) and so carries no cluster data, and it neither
// starts nor waits for the source, so a slow or unreachable API server never gets a healthy pod restarted.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } });
}
