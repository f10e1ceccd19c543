// Conformance: upstream TestRBACConvert golden files for PeerAuthentication in ambient mode
// (corpus EXPECTED.md section C). For each input, the ports on which ztunnel denies plaintext must be exactly
// the ports our engine reports as STRICT for an ambient pod `app: a`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import { buildMeshIndex } from '@/lib/mesh/mesh-index';
import { resolveEffectiveMtls } from '@/lib/mesh/mtls/resolve-effective-mtls';
import { aPod } from '@/test/builders';

const DIR = path.resolve(import.meta.dirname, '../../../shared/corpus/istio/istio/pilot/pkg/serviceregistry/ambient/testdata');
const PORTS = [7070, 8080, 9090];
/** Empty goldens whose effective mode is STRICT: the static `istio_converted_static_strict` policy applies (EXPECTED.md C). */
const STATIC_STRICT = new Set(['peer-authn-strict', 'peer-authn-strict-and-strict-port-mtls', 'peer-authn-strict-workload']);

interface GoldenMatch {
  destinationPorts?: number[];
  notDestinationPorts?: number[];
  notPrincipals?: unknown[];
}
interface Golden {
  action: string;
  groups: { rules: { matches: GoldenMatch[] }[] }[];
}

/** Does the ztunnel DENY policy match a plaintext connection (no peer principal) to `port`? */
function goldenDeniesPlaintext(golden: Golden, port: number): boolean {
  const matchHits = (m: GoldenMatch) =>
    (m.destinationPorts === undefined || m.destinationPorts.includes(port)) &&
    (m.notDestinationPorts === undefined || !m.notDestinationPorts.includes(port));
  // groups OR, rules AND, matches OR (EXPECTED.md C "How to read the golden files").
  return golden.groups.some((g) => g.rules.every((r) => r.matches.some(matchHits)));
}

const cases = readdirSync(DIR)
  .filter((f) => f.startsWith('peer-authn-') && f.endsWith('-in.yaml'))
  .map((f) => f.slice(0, -'-in.yaml'.length))
  .sort();
let passed = 0;

describe('ambient PeerAuthentication conversion (TestRBACConvert goldens)', () => {
  afterAll(() => {
    console.log(`ambient peer-authentication corpus: ${passed}/${cases.length} cases pass`);
  });

  it('finds the corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(19);
  });

  it.each(cases)('%s', (name) => {
    const docs = parseAllDocuments(readFileSync(path.join(DIR, `${name}-in.yaml`), 'utf8')).map((d) => ({ raw: d.toJS() as unknown }));
    const snapshot = buildSnapshot(docs, { source: name, asOf: '2026-01-01T00:00:00Z', defaultNamespace: 'foo' });
    expect(snapshot.issues).toEqual([]);
    const pod = aPod({ name: 'a-1', namespace: 'foo', labels: { app: 'a' }, ports: PORTS, dataplane: 'ambient-label' });
    const mtls = resolveEffectiveMtls(pod, 'ambient', buildMeshIndex({ ...snapshot, pods: [pod] }));
    const ours = PORTS.filter((p) => mtls.ports[String(p)] === 'STRICT');

    const goldenText = readFileSync(path.join(DIR, `${name}.yaml`), 'utf8').trim();
    const golden = goldenText ? (parseAllDocuments(goldenText)[0]?.toJS() as Golden | null) : null;
    const expected = golden ? PORTS.filter((p) => goldenDeniesPlaintext(golden, p)) : STATIC_STRICT.has(name) ? PORTS : [];
    expect(ours).toEqual(expected);
    passed += 1;
  });
});
