// One connection's handshake from the engine's verdicts: canI decides (transport §2, JWT §4, authorization §3);
// this module only arranges those verdicts, with the parties' identities and certificates, into ordered steps.
import { canI, type CanIQuery, type CanIResult, type PodRef } from '../can-i';
import { evaluateWorkload, type EvaluatedWorkload } from '../evaluate-workloads';
import { findPod, type MeshIndex } from '../mesh-index';
import { isSpireIdentity } from '../phases/namespace-checks';
import { serviceBindings, serviceFqdn } from '../ports';
import { findGateway, waypointOfGateway, waypointPrincipals } from '../waypoint/resolve-waypoint';
import { handshakeSteps } from './handshake-steps';
import type { HandshakeModel, HandshakeParty, ProxyKind } from './model';

export interface HandshakeAnswer {
  readonly result: CanIResult;
  readonly handshake: HandshakeModel;
}

const OUTSIDE: HandshakeParty = { namespace: null, pod: null, proxy: 'none', spiffeId: null, serial: null, notAfter: null, issuer: null };

function proxyOf(w: EvaluatedWorkload): ProxyKind {
  if (w.dataplane === 'none') return 'none';
  if (w.isGateway) return 'gateway';
  return w.dataplane === 'ambient' ? 'ztunnel' : 'sidecar';
}

function partyOf(w: EvaluatedWorkload | null, index: MeshIndex): HandshakeParty {
  if (w === null) return OUTSIDE;
  const proxy = proxyOf(w);
  const cert = w.posture.certificate;
  return {
    namespace: w.pod.meta.namespace,
    pod: w.pod.meta.name,
    proxy,
    spiffeId: w.posture.spiffeId,
    serial: proxy === 'none' ? null : (cert?.serial ?? null),
    notAfter: proxy === 'none' ? null : (cert?.notAfter ?? null),
    issuer: proxy === 'none' ? null : isSpireIdentity(w, index) ? 'spire' : 'istiod',
  };
}

/** The waypoint hop of canI's path as a party: its pod's identity and certificate, or the identity istiod gives it. */
function waypointParty(result: CanIResult, index: MeshIndex, now: string): HandshakeParty | null {
  const hop = result.hops.find((h) => h.at === 'waypoint');
  if (!hop) return null;
  const [namespace = '', name = ''] = hop.proxy.split('/');
  const gateway = findGateway(index, namespace, name);
  const waypoint = gateway ? waypointOfGateway(gateway, index) : null;
  const pod = waypoint?.pods[0];
  // Named after its Gateway (as can-i's hop and the use-waypoint label name it), with its pod's identity and certificate.
  if (pod) return { ...partyOf(evaluateWorkload(pod, index, now), index), namespace, pod: name, proxy: 'waypoint' };
  const principal = waypoint ? waypointPrincipals(waypoint, index.snapshot.meshConfig.trustDomain)[0] : undefined;
  return { namespace, pod: name, proxy: 'waypoint', spiffeId: principal ? `spiffe://${principal}` : null, serial: null, notAfter: null, issuer: 'istiod' };
}

function workload(ref: PodRef, index: MeshIndex, now: string): EvaluatedWorkload {
  const pod = findPod(index, ref.namespace, ref.pod);
  // canI has already rejected unknown pods with a CanIQueryError.
  if (!pod) throw new Error(`pod ${ref.namespace}/${ref.pod} vanished from the index`);
  return evaluateWorkload(pod, index, now);
}

/**
 * The Service port the engine dialled (the SNI names the Service port, not the container port) and the host.
 * Istio's outbound cluster is `outbound|<port>|<subset>|<host>`; its SNI replaces `|` by `_.`, so with no subset:
 * `outbound_.<port>_._.<host>`.
 */
function serviceTarget(result: CanIResult, server: EvaluatedWorkload, port: number, index: MeshIndex): { port: number; host: string } | null {
  if (result.service === null) return null;
  const binding = serviceBindings(server.pod, port, index).find((b) => `${b.service.meta.namespace}/${b.service.meta.name}` === result.service);
  return binding ? { port: binding.port.port, host: serviceFqdn(binding.service) } : null;
}

/** Builds the handshake of `query` (throws CanIQueryError for a pod or Service that is not in the source). */
export function buildHandshake(query: CanIQuery, index: MeshIndex): HandshakeAnswer {
  const result = canI(query, index);
  const serverWorkload = workload(query.to, index, query.now);
  const clientWorkload = query.from ? workload(query.from, index, query.now) : null;
  const client = partyOf(clientWorkload, index);
  const server = partyOf(serverWorkload, index);
  const waypoint = waypointParty(result, index, query.now);
  const target = serviceTarget(result, serverWorkload, query.port, index);
  const sni = result.connection.clientSends === 'istio-mtls' && target ? `outbound_.${target.port}_._.${target.host}` : null;
  const { steps, end, notes } = handshakeSteps({
    query,
    result,
    client,
    server,
    waypoint,
    serverTarget: { pod: serverWorkload.pod, dataplane: serverWorkload.dataplane, isGateway: serverWorkload.isGateway },
    dialled: target ? `${target.host}:${target.port}` : `${serverWorkload.pod.podIP ?? serverWorkload.pod.meta.name}:${query.port}`,
    serverAddress: serverWorkload.pod.podIP ?? serverWorkload.pod.meta.name,
    sni,
    index,
  });
  return {
    result,
    handshake: {
      client,
      server,
      waypoint,
      port: query.port,
      protocol: result.protocol,
      service: result.service,
      servicePort: target?.port ?? null,
      transport: result.connection.clientSends,
      mtls: result.mtls,
      sni,
      serverMode: result.connection.serverMode,
      outcome: result.outcome,
      end,
      reason: result.reason,
      policies: result.policies,
      steps,
      notes,
    },
  };
}
