// Findings as SARIF 2.1.0, for code-scanning UIs (GitHub code scanning, GitLab, Azure DevOps). One rule per finding
// code, from the check catalogue; one result per finding. When the source is manifest files, a result points at the
// file and line of the object behind it, so the pull request that adds a bad policy gets the annotation on that policy;
// otherwise it names the objects as logical locations.
import { FINDING_BY_CODE } from '@/lib/mesh/findings/catalogue';
import type { Severity } from '@/lib/mesh/model';
import { normaliseObjectId } from '@/lib/mesh/workload-identity';
import type { LocatedFinding, ReportModel } from '../report-model';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';
interface SarifText { readonly text: string; readonly markdown?: string }
interface SarifLocation {
  readonly physicalLocation?: { readonly artifactLocation: { readonly uri: string }; readonly region?: { readonly startLine: number } };
  readonly logicalLocations: readonly { readonly name: string; readonly fullyQualifiedName: string; readonly kind: 'resource' }[];
}
export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifText;
  readonly fullDescription: SarifText;
  readonly help: SarifText;
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly tags: readonly string[]; readonly 'security-severity': string };
}
export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: SarifText;
  readonly locations: readonly SarifLocation[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly properties: { readonly namespace: string | null; readonly objects: readonly string[]; readonly verify: readonly string[] };
}
export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly [{
    readonly tool: { readonly driver: { readonly name: string; readonly version: string; readonly rules: readonly SarifRule[] } };
    readonly results: readonly SarifResult[];
    readonly properties: { readonly source: string; readonly now: string; readonly generatedAt: string; readonly complete: boolean };
  }];
}

const LEVEL: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning ranks security alerts by this score (0–10). */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { error: '8.0', warning: '5.0', info: '2.0' };

/** A relative URI reference: forward slashes, each segment percent-encoded (spaces, '#', '%' in file names). */
export function artifactUri(file: string): string {
  return file.split(/[\\/]+/).filter((s, i) => s !== '' || i === 0).map((s) => encodeURIComponent(s)).join('/');
}

function rule(code: string, example: LocatedFinding): SarifRule {
  const spec = FINDING_BY_CODE.get(code);
  const verify = example.verify.length > 0 ? `\n\nConfirm on a live cluster (the commands of each result name its objects), e.g.:\n${example.verify.join('\n')}` : '';
  return {
    id: code,
    name: spec?.name ?? code,
    shortDescription: { text: spec?.title ?? example.message },
    fullDescription: { text: spec?.why ?? example.why },
    help: { text: `${spec?.why ?? example.why}${verify}` },
    defaultConfiguration: { level: LEVEL[spec?.severity ?? example.severity] },
    properties: { tags: ['security', 'istio', 'zero-trust'], 'security-severity': SECURITY_SEVERITY[spec?.severity ?? example.severity] },
  };
}

export interface SarifOptions {
  /**
   * The URI of a location's file (as the source shows it): relative to the folder code scanning resolves against
   * (the CLI's --base-dir), or an absolute file: URI for a file outside it; null for none. By default a relative path
   * is used as it is and one that leaves its folder ("../x.yaml") gets no physical location, never a "../" URI.
   */
  readonly artifactUri?: (file: string) => string | null;
}

function defaultArtifactUri(file: string): string | null {
  const segments = file.split(/[\\/]+/);
  return segments.includes('..') || /^([\\/]|[A-Za-z]:)/.test(file) ? null : artifactUri(file);
}

function locations(f: LocatedFinding, uriOf: (file: string) => string | null): SarifLocation[] {
  const logical = (object: string) => [{ name: object.split('/').at(-1) ?? object, fullyQualifiedName: object, kind: 'resource' as const }];
  if (f.locations.length > 0) {
    return f.locations.map((l) => {
      const uri = uriOf(l.file);
      return {
        ...(uri === null ? {} : { physicalLocation: { artifactLocation: { uri }, ...(l.line ? { region: { startLine: l.line } } : {}) } }),
        logicalLocations: logical(l.object),
      };
    });
  }
  return f.objects.map((o) => ({ logicalLocations: logical(o) }));
}

export function buildSarifLog(m: ReportModel, options: SarifOptions = {}): SarifLog {
  const uriOf = options.artifactUri ?? defaultArtifactUri;
  const codes = [...new Set(m.findings.map((f) => f.code))].sort();
  // The rule's example commands come from a finding of that code that has some (names unsafe in a shell get none).
  const example = (code: string) => m.findings.find((f) => f.code === code && f.verify.length > 0) ?? (m.findings.find((f) => f.code === code) as LocatedFinding);
  const rules = codes.map((code) => rule(code, example(code)));
  const results = m.findings.map((f): SarifResult => ({
    ruleId: f.code,
    ruleIndex: codes.indexOf(f.code),
    level: LEVEL[f.severity],
    message: { text: f.verify.length > 0 ? `${f.message}\n\nVerify:\n${f.verify.join('\n')}` : f.message },
    locations: locations(f, uriOf),
    // Stable across pod restarts, so code scanning tracks one alert rather than opening a new one per rollout.
    partialFingerprints: { 'meshPostureFinding/v1': `${f.code}:${[...new Set(f.objects.map(normaliseObjectId))].sort().join(',')}` },
    properties: { namespace: f.namespace, objects: f.objects, verify: f.verify },
  }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'mesh-posture', version: m.cover.toolVersion, rules } },
      results,
      properties: { source: m.cover.source, now: m.cover.now, generatedAt: m.cover.generatedAt, complete: m.cover.complete },
    }],
  };
}

export function renderSarifReport(m: ReportModel, options: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarifLog(m, options), null, 2)}\n`;
}
