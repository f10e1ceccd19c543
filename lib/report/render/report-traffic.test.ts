// The Markdown and HTML reports' observed-traffic section: readiness, senders (likely ones marked inferred), contradictions,
// and hostile label values from Prometheus neutralised like cluster strings.
import { describe, expect, it } from 'vitest';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { reconcileTrafficWithPosture } from '@/lib/mesh/traffic';
import { aNamespace, aPeerAuthentication, aPod, aService, aSnapshot, NOW } from '@/test/builders';
import { anEdge, aTrafficSnapshot } from '@/test/traffic-builders';
import { buildReportModel } from '../report-model';
import { renderHtmlReport } from './html';
import { renderMarkdownReport } from './markdown';

const mesh = aSnapshot({
  namespaces: [aNamespace('shop', { 'istio-injection': 'enabled' })],
  pods: [aPod({ name: 'web', namespace: 'shop', labels: { app: 'web' } }), aPod({ name: 'cron', namespace: 'shop', dataplane: 'none', labels: { app: 'cron' } })],
  services: [aService({ name: 'web', namespace: 'shop' })],
  peerAuthentications: [aPeerAuthentication({ name: 'web', namespace: 'shop', selector: { app: 'web' }, mode: 'STRICT' })],
});
const computation = computePostureDetailed(mesh, { now: NOW });
const traffic = reconcileTrafficWithPosture(
  computation,
  aTrafficSnapshot({ edges: [anEdge({ from: 'unknown', to: 'shop/web', securityPolicy: 'none', firstActiveAt: '2026-05-30T00:00:00Z', lastActiveAt: '2026-05-31T09:00:00Z' }), anEdge({ from: 'shop/<img src=x>|@admin', to: 'shop/web', securityPolicy: 'none', lastActiveAt: '2026-05-31T10:00:00Z' })] }),
  { evidenceDays: 7 },
);

describe('renderMarkdownReport with observed traffic', () => {
  const md = renderMarkdownReport({ ...buildReportModel(computation, { generatedAt: NOW, toolVersion: '0.0.0-test' }), traffic });

  it('adds the readiness, blocked workloads and contradictions tables', () => {
    expect(md).toContain('## Observed traffic');
    expect(md).toContain('| shop | blocked |  | plaintext into web from shop/&lt;img src=x&gt;\\|\\@admin, unknown |');
    expect(md).toContain('| shop/web | shop/&lt;img src=x&gt;\\|\\@admin, unknown | shop/cron | 2026-05-30T00:00:00Z | 2026-05-31T10:00:00Z |');
    expect(md).toMatch(/\| MP601 \| warning \| shop\/web \| shop\/web \| plaintext from shop\/&lt;img src=x&gt;\\\|\\@admin, unknown, last at 2026-05-31T10:00:00Z \|/);
  });

  it('has no traffic section without traffic', () => {
    expect(renderMarkdownReport(buildReportModel(computation, { generatedAt: NOW, toolVersion: '0.0.0-test' }))).not.toContain('Observed traffic');
    expect(renderHtmlReport(buildReportModel(computation, { generatedAt: NOW, toolVersion: '0.0.0-test' }))).not.toContain('Observed traffic');
  });

  it('adds the same tables to the HTML report, hostile labels escaped', () => {
    const html = renderHtmlReport({ ...buildReportModel(computation, { generatedAt: NOW, toolVersion: '0.0.0-test' }), traffic });
    expect(html).toContain('<li><a href="#traffic">Observed traffic</a></li>');
    expect(html).toContain('<td>shop/web</td><td>shop/&lt;img src=x&gt;|@admin, unknown</td><td>shop/cron</td><td>2026-05-31T10:00:00Z</td>');
    expect(html).not.toContain('<img src=x>');
  });
});
