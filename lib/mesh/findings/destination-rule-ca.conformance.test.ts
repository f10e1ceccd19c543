/// <reference types="vite/client" />
// Conformance with istioctl's destinationrule.CaCertificateAnalyzer (corpus EXPECTED.md §A): every
// destinationrule-*.yaml input is parsed by the repo's snapshot builder, and MP204 must fire exactly where
// istioctl reports IST0128 (destination level, trafficPolicy.tls) and IST0129 (port level), once per message.
// The files are read through Vite's import.meta.glob, so this pure-layer test needs no node:fs.
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import { NOW } from '@/test/builders';
import { caCertificateGaps } from './destination-rule-ca-checks';
import { findingsOf } from './testing';

const CORPUS = import.meta.glob('../../../../shared/corpus/istio/istio/pkg/config/analysis/analyzers/testdata/destinationrule-*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

type Message = 'IST0128' | 'IST0129';

/** EXPECTED.md §A, analyzer destinationrule.CaCertificateAnalyzer: file → messages in the order istioctl reports them. */
const EXPECTED: Readonly<Record<string, { readonly dr: string; readonly messages: readonly Message[] }>> = {
  'destinationrule-simple-destination.yaml': { dr: 'db-tls', messages: ['IST0128'] },
  'destinationrule-mutual-destination.yaml': { dr: 'db-mtls', messages: ['IST0128'] },
  'destinationrule-simple-port.yaml': { dr: 'db-tls', messages: ['IST0129'] },
  'destinationrule-mutual-port.yaml': { dr: 'db-mtls', messages: ['IST0129'] },
  'destinationrule-simple-destination-credentialname.yaml': { dr: 'db-tls', messages: ['IST0128'] },
  'destinationrule-simple-destination-credentialname-selector.yaml': { dr: 'db-tls', messages: [] },
  'destinationrule-simple-port-credentialname.yaml': { dr: 'db-tls', messages: ['IST0129'] },
  'destinationrule-simple-port-credentialname-selector.yaml': { dr: 'db-tls', messages: [] },
  'destinationrule-compound-simple-mutual.yaml': { dr: 'db-mtls', messages: ['IST0128', 'IST0129'] },
  'destinationrule-compound-mutual-simple.yaml': { dr: 'db-mtls', messages: ['IST0128', 'IST0129'] },
  'destinationrule-with-ca.yaml': { dr: 'db-mtls', messages: [] },
};

const cases = Object.entries(CORPUS)
  .map(([file, text]) => ({ file: file.slice(file.lastIndexOf('/') + 1), text }))
  .sort((a, b) => (a.file < b.file ? -1 : 1));

function snapshotOf(text: string) {
  const documents = parseAllDocuments(text).map((d) => ({ raw: d.toJS() as unknown }));
  return buildSnapshot(documents, { source: 'corpus', asOf: NOW });
}

describe('MP204 matches istioctl IST0128/IST0129 on the corpus destinationrule-*.yaml', () => {
  it('reads every corpus input that EXPECTED.md lists, and no other', () => {
    expect(cases.map((c) => c.file)).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(cases)('$file', ({ file, text }) => {
    const expected = EXPECTED[file]!;
    const snapshot = snapshotOf(text);
    expect(snapshot.issues).toEqual([]);
    expect(snapshot.destinationRules.map((d) => d.meta.name)).toEqual([expected.dr]);
    const levels = caCertificateGaps(snapshot.destinationRules[0]!).map((g): Message => (g.level === 'destination' ? 'IST0128' : 'IST0129'));
    expect(levels).toEqual(expected.messages);
    const findings = findingsOf(snapshot, ['MP204']);
    expect(findings.map(({ code, severity, objects }) => ({ code, severity, objects }))).toEqual(
      expected.messages.map(() => ({ code: 'MP204', severity: 'warning', objects: [`DestinationRule/default/${expected.dr}`] })),
    );
  });
});
