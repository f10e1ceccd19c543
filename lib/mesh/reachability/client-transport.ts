// What a client puts on the wire towards one server endpoint (istio-semantics §2.1, §2.3).
import { nsName } from '@/lib/snapshot/types';
import { endpointAcceptsIstioMtls } from '../dataplane';
import type { MeshIndex } from '../mesh-index';
import type { ClientTlsMode } from '@/lib/snapshot/types';
import type { Dataplane, EffectiveMode } from '../model';
import { namespaceMtlsMode } from '../mtls/resolve-effective-mtls';
import type { ServiceBinding } from '../ports';
import type { Pod } from '@/lib/snapshot/types';
import { destinationRuleTls, findDestinationRule } from './destination-rule-lookup';

export const CLIENT_SENDS = ['istio-mtls', 'hbone', 'plaintext', 'tls', 'mutual-tls'] as const;
/** istio-mtls: Istio certificates (sidecar); hbone: ztunnel/HBONE tunnel (mTLS); tls/mutual-tls: DR SIMPLE/MUTUAL with user certificates. */
export type ClientSends = (typeof CLIENT_SENDS)[number];

export interface Endpoint {
  readonly pod: Pod;
  readonly dataplane: Dataplane;
}

export interface ClientTransport {
  readonly sends: ClientSends;
  readonly reason: string;
  /** 'ns/name' of the DestinationRule whose TLS settings decided, or null. */
  readonly destinationRule: string | null;
  /** Set when a DestinationRule could override `sends` but DestinationRules could not be read: the verdict is unknown. */
  readonly unknownReason?: string;
}

const DR_MODE_SENDS: Readonly<Record<ClientTlsMode, ClientSends>> = {
  DISABLE: 'plaintext',
  SIMPLE: 'tls',
  MUTUAL: 'mutual-tls',
  ISTIO_MUTUAL: 'istio-mtls',
};

/**
 * @param serverPortMode the server's effective mode on the container port (C-3 reads the endpoint's workload-level policy).
 * @param via the Service the client dials, or null when it dials the pod IP.
 */
export function resolveClientTransport(
  client: Endpoint | null,
  server: Endpoint,
  serverPortMode: EffectiveMode,
  via: ServiceBinding | null,
  index: MeshIndex,
): ClientTransport {
  if (client === null || client.dataplane === 'none') {
    return { sends: 'plaintext', destinationRule: null, reason: 'the client has no dataplane, so nothing adds mTLS: it sends what the application sends (plaintext)' };
  }
  if (client.dataplane === 'ambient') {
    // Ambient data plane doc: ztunnel upgrades to HBONE when the destination has a proxy (ztunnel or sidecar).
    return server.dataplane === 'none'
      ? { sends: 'plaintext', destinationRule: null, reason: 'the client is ambient, but the server has no proxy, so ztunnel forwards plaintext' }
      : { sends: 'hbone', destinationRule: null, reason: 'the client is ambient and the server has a proxy: ztunnel tunnels the connection over HBONE (mTLS)' };
  }
  if (via === null) {
    const serviceKind = index.snapshot.kinds.Service;
    // Without Services, "no Service selects this port" is not known: the client may well dial one (auto mTLS, C-3).
    const unknownReason =
      serviceKind.status === 'ok' ? undefined : `Services could not be read (${serviceKind.status}${serviceKind.reason ? `: ${serviceKind.reason}` : ''}), so whether the client dials a Service or the pod IP is unknown`;
    return {
      ...(unknownReason ? { unknownReason } : {}),
      sends: 'plaintext',
      destinationRule: null,
      reason: 'the client dials the pod IP, which matches no Service: the sidecar forwards it through PassthroughCluster without TLS (istio/istio#37431), and no DestinationRule applies',
    };
  }
  const drKind = index.snapshot.kinds.DestinationRule;
  if (drKind.status !== 'ok') {
    // A DestinationRule's tls.mode overrides auto mTLS (C-4): without them, what a sidecar sends cannot be known.
    const unknownReason = `DestinationRules could not be read (${drKind.status}${drKind.reason ? `: ${drKind.reason}` : ''}), and one could set what this client sends (C-4)`;
    return { ...resolveAutoMtls(server, serverPortMode, via, index), unknownReason };
  }
  const dr = findDestinationRule(via.service, client.pod, index);
  const drTls = dr ? destinationRuleTls(dr, via.port.port) : null;
  if (dr && drTls) {
    // C-4: a DestinationRule's tls.mode is always used, even when it contradicts the server.
    return {
      sends: DR_MODE_SENDS[drTls.tls.mode],
      destinationRule: nsName(dr.meta),
      reason: `DestinationRule ${nsName(dr.meta)} sets ${drTls.from}.mode ${drTls.tls.mode}, which overrides auto mTLS (C-4)`,
    };
  }
  return resolveAutoMtls(server, serverPortMode, via, index);
}

/** What a sidecar sends to a Service when no DestinationRule sets TLS: auto mTLS (C-1 to C-3). */
function resolveAutoMtls(server: Endpoint, serverPortMode: EffectiveMode, via: ServiceBinding, index: MeshIndex): ClientTransport {
  if (!index.snapshot.meshConfig.enableAutoMtls) {
    return { sends: 'plaintext', destinationRule: null, reason: 'enableAutoMtls is false and no DestinationRule sets TLS (C-1)' };
  }
  if (server.dataplane === 'ambient') {
    return { sends: 'hbone', destinationRule: null, reason: 'auto mTLS: a sidecar reaches an ambient endpoint over HBONE (A-2)' };
  }
  // C-2: the cluster is ISTIO_MUTUAL unless the Service namespace's inferred mode is DISABLE (UNKNOWN falls back to PERMISSIVE).
  const nsMode = namespaceMtlsMode(via.service.meta.namespace, index);
  if (nsMode === 'DISABLE') {
    return { sends: 'plaintext', destinationRule: null, reason: `auto mTLS: the namespace-level mode of ${via.service.meta.namespace} is DISABLE, so the cluster is plaintext (C-2)` };
  }
  if (via.service.headless && !endpointAcceptsIstioMtls(server.pod, server.dataplane)) {
    return { sends: 'plaintext', destinationRule: null, reason: 'auto mTLS: a headless Service with an endpoint outside the mesh is treated as DISABLE (C-2)' };
  }
  // C-3: per endpoint, mTLS only to a sidecar endpoint whose workload-level mode on the port is not DISABLE.
  if (!endpointAcceptsIstioMtls(server.pod, server.dataplane)) {
    return { sends: 'plaintext', destinationRule: null, reason: 'auto mTLS: the endpoint has no sidecar (no security.istio.io/tlsMode=istio label), so the client sends plaintext (C-3)' };
  }
  if (serverPortMode === 'DISABLE') {
    return { sends: 'plaintext', destinationRule: null, reason: 'auto mTLS: the endpoint port is DISABLE, so the client sends plaintext (C-3)' };
  }
  return { sends: 'istio-mtls', destinationRule: null, reason: 'auto mTLS: the endpoint has a sidecar, so the client sends Istio mTLS (C-3)' };
}
