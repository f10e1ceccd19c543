import { describe, expect, it } from 'vitest';
import { aDestinationRule, aMeshConfig, aNamespace, aPeerAuthentication, aPod, aService, aSnapshot } from '@/test/builders';
import type { DestinationRule, MeshSnapshot, PeerAuthentication, Pod } from '@/lib/snapshot/types';
import { buildMeshIndex } from '../mesh-index';
import { resolveDataplane } from '../dataplane';
import { serviceBindings } from '../ports';
import { checkConnection } from './check-connection';

const sidecarClient = aPod({ name: 'sleep', namespace: 'client', labels: { app: 'sleep' } });
const nakedClient = aPod({ name: 'legacy', namespace: 'legacy', labels: { app: 'legacy' }, dataplane: 'none' });
const ambientClient = aPod({ name: 'amb', namespace: 'client', labels: { app: 'amb' }, dataplane: 'ambient-label' });
const sidecarServer = aPod({ name: 'httpbin-1', namespace: 'server', labels: { app: 'httpbin' }, ports: [8080] });
const nakedServer = aPod({ name: 'httpbin-1', namespace: 'server', labels: { app: 'httpbin' }, ports: [8080], dataplane: 'none' });
const ambientServer = aPod({ name: 'httpbin-1', namespace: 'server', labels: { app: 'httpbin' }, ports: [8080], dataplane: 'ambient-label' });
const httpbin = aService({ name: 'httpbin', namespace: 'server', ports: [{ name: 'http', port: 8000, targetPort: 8080, protocol: 'TCP' }] });

const strictNs = aPeerAuthentication({ name: 'default', namespace: 'server', mode: 'STRICT' });
const permissiveNs = aPeerAuthentication({ name: 'default', namespace: 'server', mode: 'PERMISSIVE' });
const disableNs = aPeerAuthentication({ name: 'default', namespace: 'server', mode: 'DISABLE' });
const drTls = (mode: 'DISABLE' | 'ISTIO_MUTUAL'): DestinationRule =>
  aDestinationRule({ name: 'httpbin', namespace: 'server', host: 'httpbin', trafficPolicy: { tls: { mode, subjectAltNames: [] }, portLevelSettings: [] } });

function verdict(opts: { client: Pod | null; server: Pod; policies?: PeerAuthentication[]; drs?: DestinationRule[]; viaService?: boolean; snapshot?: Partial<MeshSnapshot> }) {
  const pods = [opts.server, ...(opts.client ? [opts.client] : [])];
  const index = buildMeshIndex(
    aSnapshot({ pods, services: [httpbin], peerAuthentications: opts.policies ?? [], destinationRules: opts.drs ?? [], ...(opts.snapshot ?? {}) }),
  );
  const ep = (pod: Pod) => ({ pod, dataplane: resolveDataplane(pod, index.namespaces.get(pod.meta.namespace)) });
  const via = opts.viaService === false ? null : (serviceBindings(opts.server, 8080, index)[0] ?? null);
  return checkConnection({ client: opts.client ? ep(opts.client) : null, server: ep(opts.server), containerPort: 8080, via }, index);
}

// istio-semantics §2.2, the failure matrix, row by row.
type MatrixCase = {
  name: string; client: Pod | null; server: Pod; policies?: PeerAuthentication[]; drs?: DestinationRule[];
  outcome: string; sends: string; mtls: boolean;
};

describe('connection outcome (failure matrix §2.2)', () => {
  const cases: MatrixCase[] = [
    { name: 'no sidecar → STRICT fails', client: nakedClient, server: sidecarServer, policies: [strictNs], outcome: 'fails', sends: 'plaintext', mtls: false },
    { name: 'no sidecar → PERMISSIVE ok (plaintext)', client: nakedClient, server: sidecarServer, policies: [permissiveNs], outcome: 'ok', sends: 'plaintext', mtls: false },
    { name: 'no sidecar → DISABLE ok', client: nakedClient, server: sidecarServer, policies: [disableNs], outcome: 'ok', sends: 'plaintext', mtls: false },
    { name: 'outside the mesh → STRICT fails', client: null, server: sidecarServer, policies: [strictNs], outcome: 'fails', sends: 'plaintext', mtls: false },
    { name: 'sidecar auto mTLS → STRICT ok with mTLS', client: sidecarClient, server: sidecarServer, policies: [strictNs], outcome: 'ok', sends: 'istio-mtls', mtls: true },
    { name: 'sidecar auto mTLS → PERMISSIVE ok with mTLS', client: sidecarClient, server: sidecarServer, policies: [permissiveNs], outcome: 'ok', sends: 'istio-mtls', mtls: true },
    { name: 'sidecar auto mTLS → DISABLE ok in plaintext', client: sidecarClient, server: sidecarServer, policies: [disableNs], outcome: 'ok', sends: 'plaintext', mtls: false },
    { name: 'sidecar auto mTLS → no sidecar ok in plaintext', client: sidecarClient, server: nakedServer, policies: [strictNs], outcome: 'ok', sends: 'plaintext', mtls: false },
    { name: 'sidecar DR DISABLE → STRICT fails', client: sidecarClient, server: sidecarServer, policies: [strictNs], drs: [drTls('DISABLE')], outcome: 'fails', sends: 'plaintext', mtls: false },
    { name: 'sidecar DR ISTIO_MUTUAL → no sidecar fails', client: sidecarClient, server: nakedServer, drs: [drTls('ISTIO_MUTUAL')], outcome: 'fails', sends: 'istio-mtls', mtls: false },
    { name: 'sidecar DR DISABLE → PERMISSIVE ok in plaintext', client: sidecarClient, server: sidecarServer, policies: [permissiveNs], drs: [drTls('DISABLE')], outcome: 'ok', sends: 'plaintext', mtls: false },
    { name: 'sidecar DR ISTIO_MUTUAL → DISABLE fails (inference)', client: sidecarClient, server: sidecarServer, policies: [disableNs], drs: [drTls('ISTIO_MUTUAL')], outcome: 'fails', sends: 'istio-mtls', mtls: false },
  ];
  it.each(cases)('$name', ({ client, server, policies = [], drs = [], outcome, sends, mtls }) => {
    const v = verdict({ client, server, policies, drs });
    expect({ outcome: v.outcome, sends: v.clientSends, mtls: v.mtls }).toEqual({ outcome, sends, mtls });
  });

  it('marks the ISTIO_MUTUAL → DISABLE row as an inference and names the DestinationRule', () => {
    const v = verdict({ client: sidecarClient, server: sidecarServer, policies: [disableNs], drs: [drTls('ISTIO_MUTUAL')] });
    expect({ inference: v.inference, destinationRule: v.destinationRule }).toEqual({ inference: true, destinationRule: 'server/httpbin' });
  });
});

describe('ambient (§2.3)', () => {
  const cases: Omit<MatrixCase, 'mtls'>[] = [
    { name: 'outside the mesh → ambient STRICT is denied by ztunnel', client: null, server: ambientServer, policies: [strictNs], outcome: 'fails', sends: 'plaintext' },
    { name: 'outside the mesh → ambient PERMISSIVE ok', client: null, server: ambientServer, policies: [permissiveNs], outcome: 'ok', sends: 'plaintext' },
    { name: 'sidecar → ambient STRICT ok over HBONE (A-4)', client: sidecarClient, server: ambientServer, policies: [strictNs], outcome: 'ok', sends: 'hbone' },
    { name: 'ambient → ambient STRICT ok over HBONE', client: ambientClient, server: ambientServer, policies: [strictNs], outcome: 'ok', sends: 'hbone' },
    { name: 'ambient → sidecar STRICT ok over HBONE', client: ambientClient, server: sidecarServer, policies: [strictNs], outcome: 'ok', sends: 'hbone' },
    { name: 'ambient → no dataplane: plaintext', client: ambientClient, server: nakedServer, policies: [], outcome: 'ok', sends: 'plaintext' },
    { name: 'ambient DISABLE is PERMISSIVE: plaintext from outside accepted', client: null, server: ambientServer, policies: [disableNs], outcome: 'ok', sends: 'plaintext' },
  ];
  it.each(cases)('$name', ({ client, server, policies = [], outcome, sends }) => {
    const v = verdict({ client, server, policies });
    expect({ outcome: v.outcome, sends: v.clientSends }).toEqual({ outcome, sends });
  });
});

describe('client side details', () => {
  it('dialling the pod IP of a STRICT sidecar fails: passthrough sends plaintext and no DestinationRule applies', () => {
    const v = verdict({ client: sidecarClient, server: sidecarServer, policies: [strictNs], drs: [drTls('ISTIO_MUTUAL')], viaService: false });
    expect({ outcome: v.outcome, sends: v.clientSends, destinationRule: v.destinationRule }).toEqual({ outcome: 'fails', sends: 'plaintext', destinationRule: null });
  });

  it('portLevelSettings are keyed on the Service port (8000), not the container port', () => {
    const dr = aDestinationRule({
      name: 'httpbin', namespace: 'server', host: 'httpbin.server.svc.cluster.local',
      trafficPolicy: { tls: null, portLevelSettings: [{ port: 8000, tls: { mode: 'DISABLE', subjectAltNames: [] } }, { port: 8080, tls: { mode: 'ISTIO_MUTUAL', subjectAltNames: [] } }] },
    });
    const v = verdict({ client: sidecarClient, server: sidecarServer, policies: [strictNs], drs: [dr] });
    expect({ outcome: v.outcome, sends: v.clientSends }).toEqual({ outcome: 'fails', sends: 'plaintext' });
  });

  it("the client's namespace DestinationRule takes precedence over the Service namespace's", () => {
    const own = aDestinationRule({ name: 'override', namespace: 'client', host: 'httpbin.server.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL', subjectAltNames: [] }, portLevelSettings: [] } });
    const v = verdict({ client: sidecarClient, server: sidecarServer, policies: [strictNs], drs: [drTls('DISABLE'), own] });
    expect({ outcome: v.outcome, destinationRule: v.destinationRule }).toEqual({ outcome: 'ok', destinationRule: 'client/override' });
  });

  it('a DestinationRule exported only to its own namespace does not apply to other clients', () => {
    const dr = { ...drTls('DISABLE'), exportTo: ['.'] };
    const v = verdict({ client: sidecarClient, server: sidecarServer, policies: [strictNs], drs: [dr] });
    expect({ outcome: v.outcome, sends: v.clientSends }).toEqual({ outcome: 'ok', sends: 'istio-mtls' });
  });

  it('auto mTLS off: a sidecar sends plaintext and a STRICT server rejects it', () => {
    const v = verdict({ client: sidecarClient, server: sidecarServer, policies: [strictNs], snapshot: { meshConfig: aMeshConfig({ enableAutoMtls: false }) } });
    expect({ outcome: v.outcome, sends: v.clientSends }).toEqual({ outcome: 'fails', sends: 'plaintext' });
  });

  it('namespace DISABLE makes the cluster plaintext even to a STRICT workload (C-2) and the connection fails', () => {
    const strictWorkload = aPeerAuthentication({ name: 'strict-httpbin', namespace: 'server', selector: { app: 'httpbin' }, mode: 'STRICT' });
    const v = verdict({ client: sidecarClient, server: sidecarServer, policies: [disableNs, strictWorkload] });
    expect({ outcome: v.outcome, sends: v.clientSends }).toEqual({ outcome: 'fails', sends: 'plaintext' });
  });

  it('unknown server policies give an unknown outcome, never ok', () => {
    const v = verdict({ client: nakedClient, server: sidecarServer, snapshot: { kinds: { PeerAuthentication: { status: 'forbidden', asOf: null } } as MeshSnapshot['kinds'] } });
    expect(v.outcome).toBe('unknown');
  });

  it('ambient namespace label captures pods that do not opt out', () => {
    const index = buildMeshIndex(aSnapshot({ namespaces: [aNamespace('amb', { 'istio.io/dataplane-mode': 'ambient' })] }));
    const pod = aPod({ name: 'p', namespace: 'amb', dataplane: 'none' });
    const optOut = aPod({ name: 'q', namespace: 'amb', dataplane: 'none', labels: { 'istio.io/dataplane-mode': 'none' } });
    expect([resolveDataplane(pod, index.namespaces.get('amb')), resolveDataplane(optOut, index.namespaces.get('amb'))]).toEqual(['ambient', 'none']);
  });
});

describe('mesh infrastructure', () => {
  it('a ztunnel pod is the node proxy, not a sidecar workload, although its container is named istio-proxy', () => {
    const ztunnel = aPod({ name: 'ztunnel-abcde', namespace: 'istio-system', labels: { app: 'ztunnel' }, dataplane: 'none' });
    const withProxyName = { ...ztunnel, containers: [{ name: 'istio-proxy', ports: [], envValues: [], nativeSidecar: false }] };
    expect(resolveDataplane(withProxyName, undefined)).toBe('none');
  });
});

describe('DestinationRules that could not be read', () => {
  const forbidden = { kinds: { DestinationRule: { status: 'forbidden' as const, asOf: null, reason: '403 listing destinationrules' } } } as unknown as Partial<MeshSnapshot>;

  it('a sidecar client dialling a Service: unknown, never the auto-mTLS guess (a DR could set DISABLE)', () => {
    const v = verdict({ client: sidecarClient, server: sidecarServer, policies: [strictNs], snapshot: forbidden });
    expect({ outcome: v.outcome, mtls: v.mtls }).toEqual({ outcome: 'unknown', mtls: false });
    expect(v.reason).toContain('DestinationRules could not be read (forbidden: 403 listing destinationrules)');
  });

  it.each([
    { name: 'a client without a dataplane (no DestinationRule applies)', client: nakedClient, viaService: true, outcome: 'fails' },
    { name: 'an ambient client (ztunnel ignores DestinationRule TLS)', client: ambientClient, viaService: true, outcome: 'ok' },
    { name: 'a sidecar client dialling the pod IP (no DestinationRule applies)', client: sidecarClient, viaService: false, outcome: 'fails' },
  ])('$name: still decided', ({ client, viaService, outcome }) => {
    expect(verdict({ client, server: sidecarServer, policies: [strictNs], snapshot: forbidden, viaService }).outcome).toBe(outcome);
  });
});

describe('Services that could not be read', () => {
  const forbidden = { kinds: { Service: { status: 'forbidden' as const, asOf: null, reason: '403 listing services' } } } as unknown as Partial<MeshSnapshot>;

  it('a sidecar client seems to dial the pod IP, but that is not known: unknown, not a plaintext verdict', () => {
    const v = verdict({ client: sidecarClient, server: sidecarServer, policies: [strictNs], snapshot: forbidden, viaService: false });
    expect(v.outcome).toBe('unknown');
    expect(v.reason).toContain('Services could not be read (forbidden: 403 listing services)');
  });

  it('a client without a dataplane sends plaintext whatever it dials: still decided', () => {
    expect(verdict({ client: nakedClient, server: sidecarServer, policies: [strictNs], snapshot: forbidden, viaService: false }).outcome).toBe('fails');
  });
});
