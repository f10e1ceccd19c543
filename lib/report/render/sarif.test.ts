// SARIF output against the SARIF 2.1.0 JSON Schema (draft-04, as published; the copy shipped in Microsoft's
// @microsoft/jest-sarif package, sarif-2.1.0-rtm.5.json), validated with ajv's draft-04 build.
import sarifSchema from '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { artifactUri, buildSarifLog, renderSarifReport } from './sarif';
import { hostileReport } from './render-fixtures';

// Formats (uri, date-time) are documented, not enforced: ajv-formats is not a dependency. unicodeRegExp off: the
// published schema's language pattern ('^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$') is not a valid /u expression.
const validate = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(sarifSchema);

describe('SARIF 2.1.0', () => {
  const { model } = hostileReport();
  const log = buildSarifLog(model);

  it('validates against the SARIF 2.1.0 schema', () => {
    const parsed = JSON.parse(renderSarifReport(model)) as unknown;
    expect(validate(parsed) ? [] : validate.errors).toEqual([]);
  });

  it('has one rule per finding code, with the catalogue name, why, verify help and a level mapped from severity', () => {
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r) => ({ id: r.id, name: r.name, level: r.defaultConfiguration.level, help: r.help.text.includes(model.findings.find((f) => f.code === r.id && f.verify.length > 0)?.verify[0] ?? 'Confirm on a live cluster') }))).toEqual(
      [...new Set(model.findings.map((f) => f.code))].sort().map((code) => ({
        id: code,
        name: expect.stringMatching(/^[A-Z][A-Za-z]+$/) as unknown as string,
        level: ({ error: 'error', warning: 'warning', info: 'note' } as const)[model.findings.find((f) => f.code === code)!.severity],
        // A code whose findings all lack commands (names unsafe in a shell) gets no example.
        help: model.findings.some((f) => f.code === code && f.verify.length > 0),
      })),
    );
    expect(run.results.map((r) => run.tool.driver.rules[r.ruleIndex]?.id)).toEqual(run.results.map((r) => r.ruleId));
  });

  it('points a finding on a manifest object at its file (relative, forward slashes) and line', () => {
    const typo = log.runs[0].results.find((r) => r.ruleId === 'MP102');
    expect(typo?.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'manifests/shop.yaml' }, region: { startLine: 42 } },
        logicalLocations: [{ name: 'typo', fullyQualifiedName: 'PeerAuthentication/shop/typo', kind: 'resource' }],
      },
    ]);
  });

  it('names the objects as logical locations when they come from no file', () => {
    const unlocated = log.runs[0].results.filter((r) => r.locations.every((l) => !l.physicalLocation));
    expect(unlocated.length).toBeGreaterThan(0);
    expect(unlocated.every((r) => r.locations.length > 0 && r.locations.every((l) => l.logicalLocations.length === 1))).toBe(true);
  });

  it('never writes a "../" URI: a file outside the folder gets no physical location unless the caller resolves it', () => {
    const outside = { ...model, findings: model.findings.map((f) => ({ ...f, locations: f.locations.map((l) => ({ ...l, file: `../${l.file}` })) })) };
    const results = buildSarifLog(outside).runs[0].results.filter((r) => r.ruleId === 'MP102');
    expect(results.flatMap((r) => r.locations.map((l) => l.physicalLocation ?? null))).toEqual([null]);
    const resolved = buildSarifLog(outside, { artifactUri: (file) => `file:///abs/${file.slice(3)}` }).runs[0].results.find((r) => r.ruleId === 'MP102');
    expect(resolved?.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: expect.stringMatching(/^file:\/\/\/abs\/manifests/) }, region: { startLine: 42 } });
  });

  it.each([
    ['manifests/shop.yaml', 'manifests/shop.yaml'],
    ['manifests\\shop.yaml', 'manifests/shop.yaml'],
    ['manifests/mesh config.yaml', 'manifests/mesh%20config.yaml'],
    ['../other/#1.yaml', '../other/%231.yaml'],
  ])('artifact URI of %j is %j', (file, uri) => {
    expect(artifactUri(file)).toBe(uri);
  });
});
