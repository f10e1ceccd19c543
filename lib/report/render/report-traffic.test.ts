// The Markdown, HTML, PDF and CSV reports' observed-traffic section: readiness, senders (likely ones marked inferred), contradictions,
// and hostile label values from Prometheus neutralised like cluster strings.
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { reconcileTrafficWithPosture } from '@/lib/mesh/traffic';
import { aNamespace, aPeerAuthentication, aPod, aService, aSnapshot, NOW } from '@/test/builders';
import { anEdge, aTrafficSnapshot } from '@/test/traffic-builders';
import { buildReportModel } from '../report-model';
import { renderHtmlReport } from './html';
import { renderMarkdownReport } from './markdown';
import { renderCsvStream, renderCsvTables } from './csv';
import { renderPdfReport } from './pdf';

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

describe('CSV and PDF reports with observed traffic', () => {
  // A sender whose name a spreadsheet would run as a formula.
  const withFormula = reconcileTrafficWithPosture(
    computation,
    aTrafficSnapshot({ edges: [anEdge({ from: 'unknown', to: 'shop/web', securityPolicy: 'none', lastActiveAt: '2026-05-31T09:00:00Z' }), anEdge({ from: 'shop/<img src=x>|@admin', to: 'shop/web', securityPolicy: 'none', lastActiveAt: '2026-05-31T10:00:00Z' }), anEdge({ from: '=cmd/calc', to: 'shop/web', securityPolicy: 'none', lastActiveAt: '2026-05-31T08:00:00Z' })] }),
    { evidenceDays: 7 },
  );
  const model = { ...buildReportModel(computation, { generatedAt: NOW, toolVersion: '0.0.0-test' }), traffic: withFormula };

  it('adds a traffic table and a contradictions table, formula-like senders neutralised', () => {
    const tables = renderCsvTables(model, computation.model.workloads);
    const lines = tables.traffic?.split('\r\n') ?? [];
    expect(lines[0]).toBe('namespace,workload,strict_readiness,readiness_reason,requests,mtls,plaintext,unclassified,plaintext_sources,likely_sources_inferred,first_plaintext_at,last_plaintext_at,window_start,window_end,traffic_status');
    const web = lines.find((l) => l.startsWith('shop,web,blocked,'));
    expect(web).toContain(`"'=cmd/calc\nshop/<img src=x>|@admin\nunknown"`);
    expect(tables.contradictions?.split('\r\n')[1]).toMatch(/^MP601,warning,shop,web,shop\/web,/);
    const stream = renderCsvStream(tables);
    expect(stream.match(/^# \w+/gm)).toEqual(['# workloads', '# findings', '# certificates', '# traffic', '# contradictions']);
  });

  it('has only the three posture tables without traffic', () => {
    const tables = renderCsvTables(buildReportModel(computation, { generatedAt: NOW, toolVersion: '0.0.0-test' }), computation.model.workloads);
    expect(Object.keys(tables).sort()).toEqual(['certificates', 'findings', 'workloads']);
  });

  it('adds the Observed traffic section to the PDF, as a PDF reader extracts it', async () => {
    const pdf = await getDocument({ data: (await renderPdfReport(model)).slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
    const text: string[] = [];
    for (let i = 1; i <= pdf.numPages; i++) text.push(...(await (await pdf.getPage(i)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')));
    await pdf.destroy();
    const all = text.join('\n');
    expect(all).toContain('Observed traffic');
    expect(all).toContain('STRICT readiness per namespace, on observed traffic (blocked first)');
    expect(all).toContain('Policy and traffic disagree');
    expect(all).toContain('MP601');
  });
});
