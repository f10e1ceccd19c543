import { describe, expect, it } from 'vitest';
import { aDestinationRule, aPeerAuthentication, aPod, aProxyCertificates, aService, aSnapshot, NOW } from '@/test/builders';
import { evaluateWorkloads } from '../evaluate-workloads';
import { buildMeshIndex } from '../mesh-index';
import { inboundClients, serverPorts, type InboundClientGroup } from './inbound-clients';

const server = aPod({ name: 'httpbin-1', namespace: 'server', labels: { app: 'httpbin' }, ports: [8080, 9090] });
const httpbin = aService({ name: 'httpbin', namespace: 'server', ports: [{ name: 'http', port: 8000, targetPort: 8080, protocol: 'TCP' }] });
const sleeps = ['sleep-b', 'sleep-a', 'sleep-c'].map((name) => aPod({ name, namespace: 'client', labels: { app: 'sleep' } }));
const legacy = aPod({ name: 'legacy-1', namespace: 'legacy', labels: { app: 'legacy' }, dataplane: 'none' });
const strictPort8080 = aPeerAuthentication({ name: 'httpbin', namespace: 'server', selector: { app: 'httpbin' }, mode: 'PERMISSIVE', portLevelMtls: { 8080: 'STRICT' } });

function groupsFor(snapshot: Parameters<typeof aSnapshot>[0]): InboundClientGroup[] {
  const index = buildMeshIndex(aSnapshot(snapshot));
  const workloads = evaluateWorkloads(index, NOW);
  const target = workloads.find((w) => w.pod === server);
  if (!target) throw new Error('server not evaluated');
  return inboundClients(target, workloads, index);
}

/** The fields a reader scans in the table: who, which port, and the verdict. */
const summary = (g: InboundClientGroup) => [g.port, g.namespace, g.workload, g.outcome, g.clientSends, g.mtls, g.pods, g.examplePod, g.service];

describe('inboundClients', () => {
  it('lists the declared application ports of the server, not the proxy ports', () => {
    const index = buildMeshIndex(aSnapshot({ pods: [server] }));
    const [w] = evaluateWorkloads(index, NOW);
    expect(w && serverPorts(w)).toEqual([8080, 9090]);
  });

  it('aggregates replicas of a client workload into one row per port and verdict, outside the mesh first', () => {
    const groups = groupsFor({ pods: [server, ...sleeps, legacy], services: [httpbin], peerAuthentications: [strictPort8080] });
    expect(groups.map(summary)).toEqual([
      [8080, null, null, 'fails', 'plaintext', false, 0, null, 'server/httpbin'],
      [8080, 'client', 'sleep', 'ok', 'istio-mtls', true, 3, 'sleep-a', 'server/httpbin'],
      [8080, 'legacy', 'legacy', 'fails', 'plaintext', false, 1, 'legacy-1', 'server/httpbin'],
      // 9090 is reached by no Service: a sidecar client dials the pod IP and sends plaintext, which PERMISSIVE accepts.
      [9090, null, null, 'ok', 'plaintext', false, 0, null, null],
      [9090, 'client', 'sleep', 'ok', 'plaintext', false, 3, 'sleep-a', null],
      [9090, 'legacy', 'legacy', 'ok', 'plaintext', false, 1, 'legacy-1', null],
    ]);
  });

  it('splits a workload whose pods get different verdicts, and names the DestinationRule that decided', () => {
    const disableForCanary = aDestinationRule({
      name: 'httpbin-plain',
      namespace: 'client',
      host: 'httpbin.server.svc.cluster.local',
      workloadSelector: { track: 'canary' },
      trafficPolicy: { tls: { mode: 'DISABLE', subjectAltNames: [] }, portLevelSettings: [] },
    });
    const canary = aPod({ name: 'sleep-canary', namespace: 'client', labels: { app: 'sleep', track: 'canary' } });
    const groups = groupsFor({ pods: [server, sleeps[0]!, canary], services: [httpbin], peerAuthentications: [strictPort8080], destinationRules: [disableForCanary] });
    const sleep8080 = groups.filter((g) => g.port === 8080 && g.workload === 'sleep').map((g) => [g.outcome, g.clientSends, g.destinationRule, g.pods, g.examplePod]);
    expect(sleep8080).toEqual([
      ['fails', 'plaintext', 'client/httpbin-plain', 1, 'sleep-canary'],
      ['ok', 'istio-mtls', null, 1, 'sleep-b'],
    ]);
  });

  it('is unknown, never ok, when the server mode could not be read', () => {
    const groups = groupsFor({ pods: [server, legacy], services: [httpbin], kinds: { PeerAuthentication: { status: 'forbidden', reason: 'RBAC', asOf: NOW } } });
    expect(new Set(groups.map((g) => g.outcome))).toEqual(new Set(['unknown']));
    expect(groups[0]?.reason).toMatch(/mode is unknown/);
  });

  it('does not list the server as its own client', () => {
    const groups = groupsFor({ pods: [server], services: [httpbin] });
    expect(groups.map((g) => g.namespace)).toEqual([null, null]);
  });
});

describe('inboundClients and certificates', () => {
  it('a server holding an expired certificate fails every Istio mTLS client, as can-i says', () => {
    const expiredLeaf = { serial: '0a', subject: '', issuer: 'O=cluster.local', notBefore: '2020-01-01T00:00:00Z', notAfter: '2020-01-02T00:00:00Z', isCA: false, uriSans: ['spiffe://cluster.local/ns/server/sa/default'], dnsSans: [] };
    const groups = groupsFor({
      pods: [server, ...sleeps],
      services: [httpbin],
      proxyCertificates: [aProxyCertificates({ namespace: 'server', pod: 'httpbin-1', chain: [expiredLeaf] })],
    });
    const fromSleep = groups.filter((g) => g.port === 8080 && g.namespace === 'client');
    expect(fromSleep.map((g) => [g.outcome, g.mtls, g.clientSends])).toEqual([['fails', false, 'istio-mtls']]);
    expect(fromSleep[0]?.reason).toMatch(/the server proxy's certificate expired/);
  });
});
