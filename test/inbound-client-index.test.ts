// The client index (lib/mesh/reachability/inbound-client-index.ts) must answer exactly what the scan it replaces answered: every pod of the
// mesh checked one by one with checkConnection. The scan is kept here, as it was, as the specification; the indexed
// inboundClients is compared with it for every pod of random meshes and of the demo mesh.
import { beforeAll, describe, expect, it } from 'vitest';
import { computePostureDetailed, type PostureComputation } from '@/lib/mesh/compute-posture';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import type { ClientTlsMode, DestinationRule, MeshSnapshot, Pod, Service } from '@/lib/snapshot/types';
import { aDestinationRule, aNamespace, aPeerAuthentication, aPod, aProxyCertificates, aService, aSnapshot, NOW } from '@/test/builders';
import { createPrng, type Prng } from '@/test/synthetic/prng';
import type { EvaluatedWorkload } from '@/lib/mesh/evaluate-workloads';
import { workloadGroupName } from '@/lib/mesh/findings/workload-groups';
import type { MeshIndex } from '@/lib/mesh/mesh-index';
import { serviceBindings, type ServiceBinding } from '@/lib/mesh/ports';
import { rejectInvalidCertificates } from '@/lib/mesh/reachability/certificate-validity';
import { checkConnection } from '@/lib/mesh/reachability/check-connection';
import { buildInboundClientIndex } from '@/lib/mesh/reachability/inbound-client-index';
import { inboundClients, inboundClientsFrom, serverPorts, type InboundClientGroup } from '@/lib/mesh/reachability/inbound-clients';

function defaultBinding(server: EvaluatedWorkload, port: number, index: MeshIndex): ServiceBinding | null {
  const bindings = serviceBindings(server.pod, port, index).sort((a, b) => (a.service.meta.name < b.service.meta.name ? -1 : 1));
  return bindings[0] ?? null;
}

type MutableGroup = { -readonly [K in keyof InboundClientGroup]: InboundClientGroup[K] };

/**
 * Every client group of the server, one row per (client namespace, workload, port, verdict), ordered by port, then
 * outside-the-mesh first, then namespace and workload. The server pod itself is not its own client.
 */
function inboundClientsByScan(server: EvaluatedWorkload, clients: readonly EvaluatedWorkload[], index: MeshIndex): InboundClientGroup[] {
  const groups = new Map<string, MutableGroup>();
  for (const port of serverPorts(server)) {
    const via = defaultBinding(server, port, index);
    const service = via ? `${via.service.meta.namespace}/${via.service.meta.name}` : null;
    const serverEndpoint = { pod: server.pod, dataplane: server.dataplane };
    const add = (client: EvaluatedWorkload | null) => {
      const checked = checkConnection({ client: client ? { pod: client.pod, dataplane: client.dataplane } : null, server: serverEndpoint, containerPort: port, via, serverMtls: server.posture.mtls }, index);
      const verdict = rejectInvalidCertificates(checked, client, server);
      const namespace = client ? client.pod.meta.namespace : null;
      const workload = client ? workloadGroupName(client) : null;
      const key = [port, namespace ?? '', workload ?? '', client?.dataplane ?? 'none', verdict.outcome, verdict.clientSends, verdict.mtls, verdict.destinationRule ?? '', verdict.reason].join('\u0000');
      const group = groups.get(key);
      const podName = client ? client.pod.meta.name : null;
      if (group) {
        group.pods += 1;
        if (podName !== null && (group.examplePod === null || podName < group.examplePod)) group.examplePod = podName;
        return;
      }
      groups.set(key, {
        namespace,
        workload,
        clientDataplane: client?.dataplane ?? 'none',
        port,
        service,
        outcome: verdict.outcome,
        mtls: verdict.mtls,
        clientSends: verdict.clientSends,
        destinationRule: verdict.destinationRule,
        reason: verdict.reason,
        inference: verdict.inference,
        pods: client ? 1 : 0,
        examplePod: podName,
      });
    };
    add(null);
    for (const client of clients) if (client.pod !== server.pod) add(client);
  }
  return [...groups.values()].sort(
    (a, b) =>
      a.port - b.port ||
      Number(a.namespace !== null) - Number(b.namespace !== null) ||
      (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
      (a.workload ?? '').localeCompare(b.workload ?? '') ||
      a.outcome.localeCompare(b.outcome),
  );
}

const NAMESPACES = ['alpha', 'beta', 'gamma', 'delta'] as const;
const APPS = ['web', 'api', 'db'] as const;
const TLS_MODES: readonly ClientTlsMode[] = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];

function leaf(notBefore: string, notAfter: string, ns: string) {
  return { serial: '0a', subject: '', issuer: 'O=cluster.local', notBefore, notAfter, isCA: false, uriSans: [`spiffe://cluster.local/ns/${ns}/sa/default`], dnsSans: [] };
}

/** A small mesh with the features a client's verdict depends on drawn at random. */
function randomMesh(prng: Prng): MeshSnapshot {
  const pods: Pod[] = [];
  const proxyCertificates = [];
  const count = prng.int(4, 24);
  for (let i = 0; i < count; i++) {
    const namespace = prng.pick(NAMESPACES);
    const labels: Record<string, string> = prng.chance(0.85) ? { app: prng.pick(APPS) } : {};
    if (prng.chance(0.4)) labels['track'] = prng.pick(['canary', 'stable']);
    // Names drawn from a small set so that equal names in a class (and the server opening its own class) occur.
    const name = `${prng.pick(['a', 'b', 'c', 'd', 'e'])}-${i % 7}`;
    const dataplane = prng.weighted([['sidecar', 6], ['none', 2], ['ambient-label', 2]] as const);
    const pod = aPod({ name, namespace, labels, dataplane, ports: prng.chance(0.5) ? [8080] : [8080, 9090] });
    if (pods.some((p) => p.meta.namespace === namespace && p.meta.name === name)) continue;
    pods.push(pod);
    if (dataplane === 'sidecar' && prng.chance(0.3)) {
      const when = prng.pick([
        ['2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z'],
        ['2020-03-01T00:00:00Z', '2020-03-02T00:00:00Z'],
        ['2030-01-01T00:00:00Z', '2030-01-02T00:00:00Z'],
        ['2026-05-01T00:00:00Z', '2026-07-01T00:00:00Z'],
      ] as const);
      proxyCertificates.push(aProxyCertificates({ namespace, pod: name, chain: [leaf(when[0], when[1], namespace)] }));
    }
  }
  const services: Service[] = [];
  for (const namespace of NAMESPACES) {
    for (const app of APPS) {
      if (prng.chance(0.6)) services.push(aService({ name: app, namespace, selector: { app }, headless: prng.chance(0.2), ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] }));
    }
  }
  const destinationRules: DestinationRule[] = [];
  for (let i = prng.int(0, 6); i > 0; i--) {
    const namespace = prng.pick([...NAMESPACES, 'istio-system']);
    const target = prng.pick(NAMESPACES);
    destinationRules.push(
      aDestinationRule({
        name: `dr-${i}`,
        namespace,
        host: prng.pick([`${prng.pick(APPS)}.${target}.svc.cluster.local`, '*', `*.${target}.svc.cluster.local`, prng.pick(APPS)]),
        exportTo: prng.pick([[], ['.'], ['*'], [prng.pick(NAMESPACES)]]),
        workloadSelector: prng.chance(0.4) ? { track: prng.pick(['canary', 'stable']) } : null,
        trafficPolicy: { tls: { mode: prng.pick(TLS_MODES), subjectAltNames: [] }, portLevelSettings: [] },
      }),
    );
  }
  const peerAuthentications = NAMESPACES.filter(() => prng.chance(0.5)).map((namespace) =>
    aPeerAuthentication({ name: 'default', namespace, mode: prng.pick(['STRICT', 'PERMISSIVE', 'DISABLE'] as const), ...(prng.chance(0.3) ? { portLevelMtls: { 9090: prng.pick(['STRICT', 'DISABLE'] as const) } } : {}) }),
  );
  const namespaces = NAMESPACES.map((n) => aNamespace(n, n === 'delta' ? { 'istio.io/dataplane-mode': 'ambient' } : {}));
  const drForbidden = prng.chance(0.1);
  return aSnapshot({
    namespaces,
    pods,
    services,
    destinationRules,
    peerAuthentications,
    proxyCertificates,
    ...(drForbidden ? { kinds: { DestinationRule: { status: 'forbidden', reason: 'RBAC', asOf: NOW } } } : {}),
  });
}

function expectSameAsScan(computation: PostureComputation): number {
  const { workloads, index } = computation;
  const clientIndex = buildInboundClientIndex(workloads, index);
  let rows = 0;
  for (const server of workloads) {
    const expected = inboundClientsByScan(server, workloads, index);
    expect(inboundClientsFrom(server, clientIndex, index), `${server.pod.meta.namespace}/${server.pod.meta.name}`).toEqual(expected);
    rows += expected.length;
  }
  return rows;
}

describe('the inbound client index answers as the scan of every pod', () => {
  it.each(Array.from({ length: 60 }, (_, seed) => seed))('random mesh %i: every server, every row, in the same order', (seed) => {
    const computation = computePostureDetailed(randomMesh(createPrng(seed, 14)), { now: NOW });
    expect(expectSameAsScan(computation)).toBeGreaterThan(0);
  });

  describe('the demo mesh', () => {
    let computation: PostureComputation;
    beforeAll(async () => {
      const demoNow = new Date('2026-11-26T12:00:00Z');
      computation = computePostureDetailed(await loadDemoSnapshot({ now: demoNow }), { now: '2026-11-26T12:00:00Z' });
    }, 60_000);

    it('every pod of the demo gets the rows the scan gives', { timeout: 60_000 }, () => {
      expect(computation.workloads.length).toBeGreaterThan(10);
      expect(expectSameAsScan(computation)).toBeGreaterThan(computation.workloads.length);
    });

    it('asks checkConnection per class of clients: fewer classes than pods', () => {
      const clientIndex = buildInboundClientIndex(computation.workloads, computation.index);
      expect(clientIndex.classes.length).toBeLessThan(computation.workloads.length);
      expect(clientIndex.classes.reduce((n, c) => n + c.pods, 0)).toBe(computation.workloads.length);
    });
  });

  it('the server that opens its own class is left out, and the class is met at its second member', () => {
    const first = aPod({ name: 'web-b', namespace: 'alpha', labels: { app: 'web' } });
    const other = aPod({ name: 'api-1', namespace: 'beta', labels: { app: 'api' } });
    const second = aPod({ name: 'web-a', namespace: 'alpha', labels: { app: 'web' } });
    const computation = computePostureDetailed(aSnapshot({ pods: [first, other, second], services: [aService({ name: 'web', namespace: 'alpha' })] }), { now: NOW });
    const server = computation.workloads.find((w) => w.pod === first)!;
    const rows = inboundClients(server, computation.workloads, computation.index).filter((r) => r.namespace === 'alpha');
    expect(rows.map((r) => [r.workload, r.pods, r.examplePod])).toEqual([['web', 1, 'web-a']]);
    expectSameAsScan(computation);
  });
});
