import { beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ReportModel } from '../report-model';
import { hostileEngineModel, hostileModel, SECRET_MARKERS, syntheticModel } from './report-fixtures';
import { renderPdfReport } from './pdf';
import { buildReportHistory } from '../history-trend';
import { winAnsiHex } from './pdf-raw';

const NOW = '2026-05-01T00:00:00Z';

interface ExtractedPdf {
  readonly pages: readonly string[];
  readonly title: string | null;
}

/** The text of every page as a real PDF reader (pdf.js) extracts it, one line per text run. */
async function extract(bytes: Uint8Array): Promise<ExtractedPdf> {
  const pdf = await getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).filter((s) => s.trim() !== '').join('\n'));
  }
  const meta = await pdf.getMetadata();
  const info = meta.info as { Title?: string };
  await pdf.destroy();
  return { pages, title: info.Title ?? null };
}

let demo: ReportModel;
let bytes: Uint8Array;
let pdf: ExtractedPdf;
beforeAll(async () => {
  demo = syntheticModel(400, 24, NOW);
  bytes = await renderPdfReport(demo);
  pdf = await extract(bytes);
});

describe('renderPdfReport on a synthetic mesh', () => {
  it('is a PDF titled as the report, with the cover and completeness on the first page', () => {
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    expect(pdf.title).toBe('Mesh Posture coverage report');
    const first = pdf.pages[0] ?? '';
    expect(first).toContain('Mesh Posture coverage report');
    expect(first).toContain('Source');
    expect(first).toContain('synthetic');
    expect(first).toContain('Tool version');
    expect(first).toContain('0.1.0');
    expect(first).toContain('Completeness');
    // Everything that was unknown: the synthetic source carries no proxy certificates.
    expect(first).toContain('ProxyCertificates');
    expect(first).toContain('not-collected');
  });

  it('states the executive summary figures', () => {
    const text = pdf.pages.join('\n');
    const s = demo.summary;
    expect(text).toContain(`Mesh phase\n${s.meshPhase} (not in the mesh)`);
    expect(text).toContain(`${s.workloadStrictPercent?.toFixed(1)}% (${s.workloads.strict} of ${s.workloads.total})`);
    expect(text).toContain(`${s.portStrictPercent?.toFixed(1)}% (${s.ports.strict} of ${s.ports.total})`);
    expect(text).toContain(`${s.findingsBySeverity.error} errors, ${s.findingsBySeverity.warning} warnings, ${s.findingsBySeverity.info} info`);
    expect(text).toContain(`Workloads accepting plaintext\n${s.plaintextWorkloads}`);
  });

  it('names every namespace with its coverage, and the findings with their verify commands', () => {
    const text = pdf.pages.join('\n');
    for (const ns of demo.namespaces) expect(text).toContain(ns.name);
    const w = demo.summary.workloads;
    expect(text).toContain(`${w.strict} / ${w.total} STRICT (${demo.summary.workloadStrictPercent?.toFixed(1)}%)`);
    const codes = new Set(demo.findings.map((f) => f.code));
    for (const code of codes) expect(text).toContain(code);
    expect(text).toMatch(/istioctl x describe pod/);
    expect(text).toContain('Appendix');
    expect(text).toContain('F. Policies in force');
  });

  it('numbers every page "Page N of M"', () => {
    const m = pdf.pages.length;
    expect(m).toBeGreaterThan(3);
    pdf.pages.forEach((text, i) => expect(text).toContain(`Page ${i + 1} of ${m}`));
  });

  it('repeats a table header on every page the table runs onto', () => {
    const continued = pdf.pages.filter((text) => text.includes('(continued)'));
    expect(continued.length).toBeGreaterThan(0);
    for (const page of continued) {
      const caption = /^(.*) \(continued\)$/m.exec(page)?.[1] ?? '';
      expect(caption.length).toBeGreaterThan(0);
      // The line after the caption is the header row's first column title.
      expect(page.split('\n')[page.split('\n').indexOf(`${caption} (continued)`) + 1]).toMatch(/^(Namespace|Code|Kind|What)$/);
    }
  });

  it('carries no script, link or form', () => {
    const raw = new TextDecoder('latin1').decode(bytes);
    for (const marker of ['/JavaScript', '/JS', '/OpenAction', '/URI', '/Launch', '/AcroForm']) expect(raw).not.toContain(marker);
  });
});

describe.each([
  ['hostile strings from the cluster, through the engine', hostileEngineModel],
  ['hostile strings in every field of the model', hostileModel],
])('renderPdfReport with %s', (_name, build) => {
  it('renders them as text and leaks no secret material', async () => {
    const out = await renderPdfReport(build());
    const text = (await extract(out)).pages.join('\n');
    expect(text).toContain('<script>alert(1)</script>');
    for (const marker of SECRET_MARKERS) expect(text).not.toContain(marker);
    const raw = new TextDecoder('latin1').decode(out);
    for (const marker of ['/JavaScript', '/OpenAction', '/URI', '/Launch']) expect(raw).not.toContain(marker);
  });
});

describe('renderPdfReport with a history database (report --db --since)', () => {
  it('adds the STRICT share over time and the changes since, as text', async () => {
    const point = (at: string, strictPorts: number) => ({ at, strictPorts, ports: 10, share: strictPorts * 10 });
    const history = buildReportHistory({
      database: '/var/lib/history', source: 'cluster prod', now: new Date(NOW),
      trend: [point('2026-03-01T00:00:00Z', 4), point('2026-04-20T00:00:00Z', 6), point('2026-04-30T00:00:00Z', 9)].map((p) => ({
        at: p.at, source: 'cluster prod', daily: false,
        summary: { mesh: { phase: 1 as const, workloads: { total: 10, strict: p.strictPorts, permissive: 0, disable: 0, none: 0, unknown: 0 }, ports: { total: 10, strict: p.strictPorts, permissive: 10 - p.strictPorts, disable: 0, none: 0, unknown: 0 } }, namespaces: [], findings: { error: 0, warning: 0, info: 0 } },
      })),
      since: { at: '2026-04-25T00:00:00Z', changes: [{ at: '2026-04-30T00:00:00Z', source: 'cluster prod', namespace: 'shop', workload: 'cart', port: 8080, from: 'PERMISSIVE', to: 'STRICT', dataplane: { from: 'sidecar', to: 'sidecar' }, regression: false, causes: [{ kind: 'PeerAuthentication', namespace: 'shop', name: 'strict', change: 'added' }] }] },
    });
    expect(history.windows.map((w) => [w.days, w.first?.share, w.last?.share, w.change])).toEqual([[30, 60, 90, 30], [90, 40, 90, 50]]);
    const text = (await extract(await renderPdfReport({ ...syntheticModel(20, 4, NOW), history }))).pages.join('\n');
    expect(text).toContain('STRICT share over time');
    expect(text).toContain('90% (9 of 10 ports, 2026-04-30T00:00:00Z)');
    expect(text).toContain('Changes since 2026-04-25T00:00:00Z');
    expect(text).toContain('PeerAuthentication shop/strict added');
  });
});

describe('winAnsiHex', () => {
  it.each([
    ['ASCII', 'Ab 1', '41622031'],
    ['Latin-1', 'é', 'e9'],
    ['WinAnsi punctuation', '…–€', '859680'],
    ['anything else', '\u4e2d\u{1F600}', '3f3f'],
  ])('%s', (_name, text, hex) => {
    expect(winAnsiHex(text)).toBe(hex);
  });
});
