import { describe, expect, it } from 'vitest';
import { mdCodeBlock, mdTable, mdText, renderMarkdownReport } from './markdown';
import { HOSTILE_NS, hostileReport } from './render-fixtures';

describe('mdText', () => {
  it.each([
    ['a|b', 'a\\|b'],
    ['`code`', '\\`code\\`'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['[x](http://evil.example)', '\\[x\\](http://evil.example)'],
    ['![img](x)', '\\!\\[img\\](x)'],
    ['line1\nline2\r\nline3', 'line1 line2 line3'],
    ['@security-team', '\\@security-team'],
    ['**bold** _it_ ~~s~~', '\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~'],
    ['a\\|b', 'a\\\\\\|b'],
    ['AT&amp;T', 'AT&amp;amp;T'],
    ['bell\u0007', 'bell?'],
  ])('%j → %j', (input, expected) => {
    expect(mdText(input)).toBe(expected);
  });
});

describe('mdCodeBlock', () => {
  it('uses a fence longer than any backtick run in the commands, so they cannot close it', () => {
    expect(mdCodeBlock(["kubectl get pod 'a```b' -n x", 'echo ok'])).toBe("````sh\nkubectl get pod 'a```b' -n x\necho ok\n````");
  });
});

describe('mdTable', () => {
  it('caps long tables with a pointer to the complete exports', () => {
    expect(mdTable(['N', 'Name'], [[1, 'a'], [2, 'b|c'], [3, 'd'], [4, 'e']], 2)).toBe(
      ['| N | Name |', '| --- | --- |', '| 1 | a |', '| 2 | b\\|c |', '', '_2 more in the JSON/CSV export._'].join('\n'),
    );
  });

  it('says so when there are no rows', () => {
    expect(mdTable(['N'], [], 2)).toBe('_None._');
  });
});

describe('renderMarkdownReport', () => {
  const { model } = hostileReport();
  const md = renderMarkdownReport(model);

  it('has every section of the report, in order', () => {
    expect(md.split('\n').filter((l) => /^#{1,2} /.test(l))).toEqual([
      '# Mesh Posture coverage report',
      '## Completeness',
      '## Executive summary',
      '## mTLS coverage per namespace',
      '## Ports accepting plaintext',
      '## Migration blockers',
      '## Findings',
      '## Certificates',
      '## Appendix: policies in force',
    ]);
  });

  it('lets no hostile string open HTML, a link, a mention or an extra table cell', () => {
    const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    // Tables are runs of lines starting with '| '; a row with a cell more or less than its header is broken.
    const tables = md.split(/\n(?!\| )/).map((block) => block.split('\n').filter((l) => l.startsWith('| '))).filter((t) => t.length > 0);
    const brokenRows = tables.flatMap((t) => t.filter((l) => cells(l) !== cells(t[0]!)));
    const rowWithNs = tables.flat().find((l) => l.includes('evil'));
    expect({
      script: md.includes('<script>'),
      link: /[^\\]\]\(/.test(md),
      mention: /(^|[^\\])@evil/.test(md),
      rowWithNs,
      tables: tables.length,
      brokenRows,
    }).toEqual({
      script: false,
      link: false,
      mention: false,
      rowWithNs: `| ${mdText(HOSTILE_NS)} | 0 (not in the mesh) | none | 0/1 | 0/0 | 0 | 0 | 1 | 0 |`,
      tables: 9,
      brokenRows: [],
    });
  });

  it('gives each finding its why and verify commands in a fence, and the file and line it is defined in', () => {
    const section = md.slice(md.indexOf('### MP102'), md.indexOf('\n### ', md.indexOf('### MP102') + 1));
    expect(section).toContain('**Defined in:** manifests\\\\shop.yaml:42');
    expect(section).toMatch(/\*\*Verify:\*\*\n\n```sh\nkubectl get peerauthentication 'typo' -n 'shop' -o yaml\n/);
  });

  it('adds the changes section only with a baseline', () => {
    const changes = {
      baseline: { generatedAt: '2026-05-01T00:00:00Z', source: 'old', now: '2026-05-01T00:00:00Z' },
      newPlaintextPorts: [{ namespace: 'shop', workload: 'web', port: 9090, mode: 'PERMISSIVE' as const }],
      closedPlaintextPorts: [], phaseRegressions: [{ namespace: 'shop', from: 2, to: 1 }], phaseAdvances: [], newFindings: [], resolvedFindings: [], renewedCertificates: [],
    };
    const withChanges = renderMarkdownReport({ ...model, changes });
    const section = withChanges.slice(withChanges.indexOf('## Changes since the baseline'), withChanges.indexOf('### Phase advances'));
    expect({ without: md.includes('## Changes since'), section }).toEqual({
      without: false,
      section: [
        '## Changes since the baseline', '', 'Baseline: old, generated 2026-05-01T00:00:00Z, verdicts at 2026-05-01T00:00:00Z.', '',
        '### New plaintext ports', '', '| Namespace | Workload | Port | Mode |', '| --- | --- | --- | --- |', '| shop | web | 9090 | PERMISSIVE |', '',
        '### Phase regressions', '', '| Namespace | From | To |', '| --- | --- | --- |', '| shop | 2 (Enable gradually) | 1 (Observe) |', '',
        '### New findings', '', '_None._', '', '',
      ].join('\n'),
    });
  });
});
