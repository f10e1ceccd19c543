import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../report-model';
import { escapeHtml } from './escape-html';
import { HOSTILE_STRINGS, hostileEngineModel, hostileModel, SECRET_MARKERS, syntheticModel } from './report-fixtures';
import { renderHtmlReport } from './html';

const NOW = '2026-05-01T00:00:00Z';

let demo: ReportModel;
beforeAll(() => {
  demo = syntheticModel(400, 24, NOW);
});

/** Every start tag of the document with its attributes. */
function startTags(html: string): string[] {
  return html.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

describe('escapeHtml', () => {
  it.each([
    ['metacharacters', `<a href="x" title='y'>&\``, '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;'],
    ['script schemes', 'javascript:alert(1) JaVaScript :x vbscript:y', 'javascript&#58;alert(1) JaVaScript&#58;x vbscript&#58;y'],
    ['control and bidi characters', 'a\u0000b\u202Ec\u0007', 'a\uFFFDb\uFFFDc\uFFFD'],
    ['plain text unchanged', 'spiffe://cluster.local/ns/shop/sa/web', 'spiffe://cluster.local/ns/shop/sa/web'],
    ['null', null, ''],
  ])('%s', (_name, input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('renderHtmlReport on a synthetic mesh', () => {
  it('is one self-contained document with a restrictive Content-Security-Policy', () => {
    const html = renderHtmlReport(demo);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`);
    // The policy comes first in <head>, before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(src|srcset|action|formaction|xlink:href|background|style)=/i);
    // The only links are in-page anchors.
    for (const href of html.match(/href="[^"]*"/g) ?? []) expect(href).toMatch(/^href="#[a-z-]+"$/);
    expect(html).toContain('@media print');
    expect(html).toContain('thead { display: table-header-group; }');
  });

  it('puts the cover and completeness first, then the summary, the sections and the appendix', () => {
    const html = renderHtmlReport(demo);
    const order = ['<h1>Mesh Posture coverage report</h1>', 'id="completeness"', 'id="summary"', 'id="coverage"', 'id="plaintext"', 'id="blockers"', 'id="findings"', 'id="certificates"', 'id="appendix"'];
    const positions = order.map((marker) => html.indexOf(marker));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).not.toContain('id="changes"');
  });

  it('carries the executive summary figures, the coverage chart and every namespace', () => {
    const html = renderHtmlReport(demo);
    const s = demo.summary;
    expect(html).toContain(`<dt>Mesh phase</dt><dd>${s.meshPhase} (`);
    expect(html).toContain(`${s.workloadStrictPercent?.toFixed(1)}% (${s.workloads.strict} of ${s.workloads.total})`);
    expect(html).toContain(`${s.portStrictPercent?.toFixed(1)}% (${s.ports.strict} of ${s.ports.total})`);
    expect(html).toContain(`${s.findingsBySeverity.error} errors, ${s.findingsBySeverity.warning} warnings, ${s.findingsBySeverity.info} info`);
    expect(html).toMatch(/<svg [^>]*role="img" aria-labelledby="coverage-chart-title"/);
    for (const ns of demo.namespaces) expect(html).toContain(`<td>${ns.name}</td>`);
    for (const f of demo.findings) expect(html).toContain(escapeHtml(f.verify[0] ?? ''));
    expect(html).toContain('<td class="num">');
  });

  it('shows what changed when a baseline is given', () => {
    const changes = hostileModel().changes;
    const html = renderHtmlReport({ ...demo, changes });
    expect(html).toContain('id="changes"');
    expect(html).toContain('Phase regressions');
  });
});

describe.each([
  ['hostile strings from the cluster, through the engine', hostileEngineModel],
  ['hostile strings in every field of the model', hostileModel],
])('renderHtmlReport with %s', (_name, build) => {
  const html = renderHtmlReport(build());

  it('carries no script, event handler, script link or external resource', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/javascript\s*:/i);
    expect(html).not.toMatch(/vbscript\s*:/i);
    for (const tag of startTags(html)) {
      expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
      expect(tag).not.toMatch(/^<(img|iframe|link|object|embed|base|form|input|a\s+href="(?!#))/i);
    }
    expect(html.match(/<meta http-equiv=/gi)).toHaveLength(1);
    expect(html.match(/<style>/g)).toHaveLength(2); // the document's and the chart's
  });

  it('shows the hostile text as text', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=');
  });

  it('never carries secret material, managedFields or last-applied annotations', () => {
    for (const marker of SECRET_MARKERS) expect(html).not.toContain(marker);
  });
});

it('the fixture really is hostile', () => {
  expect(HOSTILE_STRINGS.some((s) => s.includes('<script>'))).toBe(true);
  expect(JSON.stringify(hostileEngineModel())).toContain('<script>');
});
