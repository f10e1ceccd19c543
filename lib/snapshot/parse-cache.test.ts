// The parse cache: a rebuild through it gives the snapshot an uncached build gives, with unchanged objects keeping
// their parsed identity (the incremental engine's change detection relies on it).
import { describe, expect, it, vi } from 'vitest';
import { buildSnapshot, type SourceDocument } from './build-snapshot';
import { createParseCache } from './parse-cache';
import type { CertificateDetails } from './types';

const AS_OF = '2026-05-01T00:00:00Z';

const pod = (name: string, rv: string, labels: Record<string, string> = { app: 'api' }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: rv, labels },
  spec: { serviceAccountName: 'api', containers: [{ name: 'api', image: 'api:1' }] },
});
const pa = (mode: string) => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'default', namespace: 'shop', uid: 'uid-pa', resourceVersion: mode },
  spec: { mtls: { mode } },
});
const rootCert = (namespace: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'istio-ca-root-cert', namespace, uid: `uid-cm-${namespace}`, resourceVersion: '1' },
  data: { 'root-cert.pem': 'PEM-A' },
});
const ROOT: CertificateDetails = { serial: '0a', subject: 'CN=root', issuer: 'CN=root', notBefore: '2026-01-01T00:00:00Z', notAfter: '2036-01-01T00:00:00Z', isCA: true, uriSans: [], dnsSans: [] };

const docs = (raws: readonly unknown[]): SourceDocument[] => raws.map((raw) => ({ raw }));

describe('buildSnapshot with a parse cache', () => {
  it('gives the uncached snapshot, and unchanged objects keep their parsed identity across builds', () => {
    const raws = [pod('a', '1'), pod('b', '1'), pa('STRICT'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad', namespace: 'shop' }, spec: 'oops' }];
    const parseCache = createParseCache();
    const first = buildSnapshot(docs(raws), { source: 's', asOf: AS_OF, parseCache });
    const second = buildSnapshot(docs(raws), { source: 's', asOf: AS_OF, parseCache });
    expect(second).toEqual(buildSnapshot(docs(raws), { source: 's', asOf: AS_OF }));
    expect(second.pods[0]).toBe(first.pods[0]);
    expect(second.pods[1]).toBe(first.pods[1]);
    expect(second.peerAuthentications[0]).toBe(first.peerAuthentications[0]);
    // A malformed object is reported by every build, not only the one that parsed it.
    expect(second.issues.map((i) => i.object)).toEqual(['Pod/shop/bad']);
  });

  it('re-parses an object written since (new object, new resourceVersion) and only that one', () => {
    const parseCache = createParseCache();
    const a = pod('a', '1');
    const first = buildSnapshot(docs([a, pa('STRICT')]), { source: 's', asOf: AS_OF, parseCache });
    const second = buildSnapshot(docs([a, pa('PERMISSIVE')]), { source: 's', asOf: AS_OF, parseCache });
    expect(second.pods[0]).toBe(first.pods[0]);
    expect(second.peerAuthentications[0]).not.toBe(first.peerAuthentications[0]);
    expect(second.peerAuthentications[0]?.mode).toBe('PERMISSIVE');
  });

  it('recognises a relisted object by uid and resourceVersion, and not when the resourceVersion moved', () => {
    const parseCache = createParseCache();
    const first = buildSnapshot(docs([pod('a', '1'), pod('b', '1')]), { source: 's', asOf: AS_OF, parseCache });
    const relisted = buildSnapshot(docs([pod('a', '1'), pod('b', '2', { app: 'web' })]), { source: 's', asOf: AS_OF, parseCache });
    expect(relisted.pods[0]).toBe(first.pods[0]);
    expect(relisted.pods[1]).not.toBe(first.pods[1]);
    expect(relisted.pods[1]?.meta.labels).toEqual({ app: 'web' });
  });

  it('keeps each root-cert ConfigMap and decodes a PEM shared by namespaces once', () => {
    const parseCache = createParseCache();
    const decode = vi.fn((pem: string) => (pem === 'PEM-A' ? [ROOT] : []));
    const raws = [rootCert('shop'), rootCert('pay')];
    const first = buildSnapshot(docs(raws), { source: 's', asOf: AS_OF, parseCache, decodeCertificates: decode });
    const second = buildSnapshot(docs([raws[0], rootCert('pay')]), { source: 's', asOf: AS_OF, parseCache, decodeCertificates: decode });
    expect(second.rootCertConfigMaps).toEqual([
      { namespace: 'shop', name: 'istio-ca-root-cert', roots: [ROOT] },
      { namespace: 'pay', name: 'istio-ca-root-cert', roots: [ROOT] },
    ]);
    expect(second.rootCertConfigMaps[0]).toBe(first.rootCertConfigMaps[0]);
    expect(decode).toHaveBeenCalledTimes(1);
  });

  it('does not cache documents read from files (their location is part of what they report)', () => {
    const parseCache = createParseCache();
    const located = [{ raw: pod('a', '1'), location: { file: 'a.yaml', line: 1 } }];
    const first = buildSnapshot(located, { source: 's', asOf: AS_OF, parseCache });
    const second = buildSnapshot(located, { source: 's', asOf: AS_OF, parseCache });
    expect(second.pods[0]).not.toBe(first.pods[0]);
    expect(second).toEqual(first);
  });
});
