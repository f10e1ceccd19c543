// Whether a connection from a client to a server port succeeds, and why not (istio-semantics §2.2, §2.3).
import { nsName } from '@/lib/snapshot/types';
import { isGatewayPod } from '../dataplane';
import type { MeshIndex } from '../mesh-index';
import type { EffectiveMode, WorkloadMtls } from '../model';
import { resolveEffectiveMtls } from '../mtls/resolve-effective-mtls';
import type { ServiceBinding } from '../ports';
import { resolveClientTransport, type ClientSends, type Endpoint } from './client-transport';

export const CONNECTION_OUTCOMES = ['ok', 'fails', 'unknown'] as const;
export type ConnectionOutcome = (typeof CONNECTION_OUTCOMES)[number];

export interface ConnectionVerdict {
  readonly outcome: ConnectionOutcome;
  readonly clientSends: ClientSends;
  /** The server's effective mode on the port. */
  readonly serverMode: EffectiveMode;
  /** The connection is mutually authenticated with mesh identities (the server sees the client's principal). */
  readonly mtls: boolean;
  readonly destinationRule: string | null;
  /** The client-side reason, then the server-side one. */
  readonly reason: string;
  /** True where no upstream test pins the row (istio-semantics §2.2 marks it as our inference). */
  readonly inference: boolean;
  /** Set when the handshake fails on a certificate's validity period: which side's certificate was rejected. */
  readonly rejectedCertificate?: 'client' | 'server';
}

type ServerKind = 'none' | 'gateway' | 'sidecar-STRICT' | 'sidecar-PERMISSIVE' | 'sidecar-DISABLE' | 'ambient-STRICT' | 'ambient-PERMISSIVE';

interface Row {
  readonly outcome: ConnectionOutcome;
  readonly mtls: boolean;
  readonly reason: string;
  readonly inference?: boolean;
}

const APP_TLS: Row = { outcome: 'ok', mtls: false, reason: 'the bytes reach the application as opaque TCP: it must terminate that TLS itself' };

/** §2.2 failure matrix and §2.3 ambient, as one table: server kind × what the client sends. */
const MATRIX: Readonly<Record<ServerKind, Readonly<Record<ClientSends, Row>>>> = {
  none: {
    plaintext: { outcome: 'ok', mtls: false, reason: 'the server has no dataplane and accepts plaintext' },
    'istio-mtls': { outcome: 'fails', mtls: false, reason: 'the server has no proxy to terminate Istio mTLS, so the handshake fails (§2.2, "migration tls mutual")' },
    hbone: { outcome: 'fails', mtls: false, reason: 'the server has no proxy to terminate HBONE' },
    tls: APP_TLS,
    'mutual-tls': APP_TLS,
  },
  gateway: {
    plaintext: { outcome: 'ok', mtls: false, reason: 'a gateway listener is configured by its Gateway resource, not by PeerAuthentication' },
    'istio-mtls': { outcome: 'ok', mtls: true, reason: 'the gateway proxy terminates Istio mTLS' },
    hbone: { outcome: 'ok', mtls: true, reason: 'the gateway proxy accepts HBONE' },
    tls: { outcome: 'ok', mtls: false, reason: 'the gateway listener terminates TLS as its Gateway resource configures' },
    'mutual-tls': { outcome: 'ok', mtls: false, reason: 'the gateway listener terminates TLS as its Gateway resource configures' },
  },
  'sidecar-STRICT': {
    plaintext: { outcome: 'fails', mtls: false, reason: 'the server is STRICT and resets plaintext connections (§2.2; curl exit 56)' },
    'istio-mtls': { outcome: 'ok', mtls: true, reason: 'the STRICT server accepts Istio mTLS' },
    hbone: { outcome: 'ok', mtls: true, reason: 'the sidecar accepts the HBONE tunnel (mTLS)' },
    tls: { outcome: 'fails', mtls: false, reason: 'the STRICT server accepts only Istio mTLS; a TLS connection without an Istio client certificate is rejected' },
    'mutual-tls': { outcome: 'fails', mtls: false, reason: 'the STRICT server accepts only Istio mTLS; a client certificate from another CA is rejected' },
  },
  'sidecar-PERMISSIVE': {
    plaintext: { outcome: 'ok', mtls: false, reason: 'the PERMISSIVE server accepts plaintext (no peer identity)' },
    'istio-mtls': { outcome: 'ok', mtls: true, reason: 'the PERMISSIVE server accepts Istio mTLS' },
    hbone: { outcome: 'ok', mtls: true, reason: 'the sidecar accepts the HBONE tunnel (mTLS)' },
    tls: APP_TLS,
    'mutual-tls': APP_TLS,
  },
  'sidecar-DISABLE': {
    plaintext: { outcome: 'ok', mtls: false, reason: 'the port is DISABLE and accepts plaintext only' },
    'istio-mtls': { outcome: 'fails', mtls: false, reason: 'the DISABLE port has no TLS-terminating filter chain, so Istio mTLS fails (our inference, §2.2)', inference: true },
    hbone: { outcome: 'unknown', mtls: false, reason: 'HBONE to a DISABLE sidecar port is not pinned by any upstream test', inference: true },
    tls: APP_TLS,
    'mutual-tls': APP_TLS,
  },
  'ambient-STRICT': {
    plaintext: { outcome: 'fails', mtls: false, reason: 'ztunnel enforces STRICT as a DENY of connections without a peer identity (A-3, A-4)' },
    'istio-mtls': { outcome: 'ok', mtls: true, reason: 'the sidecar client reaches the ambient server over HBONE (A-2)' },
    hbone: { outcome: 'ok', mtls: true, reason: 'ztunnel to ztunnel over HBONE (mTLS)' },
    tls: { outcome: 'fails', mtls: false, reason: 'ztunnel sees no peer identity (not HBONE) and denies it under STRICT (A-3)' },
    'mutual-tls': { outcome: 'fails', mtls: false, reason: 'ztunnel sees no peer identity (not HBONE) and denies it under STRICT (A-3)' },
  },
  'ambient-PERMISSIVE': {
    plaintext: { outcome: 'ok', mtls: false, reason: 'the ambient server is PERMISSIVE and accepts plaintext from outside the mesh' },
    'istio-mtls': { outcome: 'ok', mtls: true, reason: 'the sidecar client reaches the ambient server over HBONE (A-2)' },
    hbone: { outcome: 'ok', mtls: true, reason: 'ztunnel to ztunnel over HBONE (mTLS)' },
    tls: APP_TLS,
    'mutual-tls': APP_TLS,
  },
};

function serverKind(server: Endpoint, mode: EffectiveMode): ServerKind | null {
  if (server.dataplane === 'none') return 'none';
  if (isGatewayPod(server.pod)) return 'gateway';
  switch (mode) {
    case 'UNKNOWN':
      return null;
    case 'NONE':
      return 'none';
    case 'STRICT':
      return server.dataplane === 'ambient' ? 'ambient-STRICT' : 'sidecar-STRICT';
    case 'PERMISSIVE':
      return server.dataplane === 'ambient' ? 'ambient-PERMISSIVE' : 'sidecar-PERMISSIVE';
    case 'DISABLE':
      // resolveEffectiveMtls never returns DISABLE for ambient.
      return 'sidecar-DISABLE';
  }
}

export interface ConnectionQuery {
  /** null: a client outside the mesh (no dataplane, no identity). */
  readonly client: Endpoint | null;
  readonly server: Endpoint;
  readonly containerPort: number;
  /** The Service the client dials; null when it dials the pod IP. */
  readonly via: ServiceBinding | null;
  /** The server's mTLS, when the caller already has it. */
  readonly serverMtls?: WorkloadMtls;
}

export function checkConnection(query: ConnectionQuery, index: MeshIndex): ConnectionVerdict {
  const { client, server, containerPort, via } = query;
  const mtls = query.serverMtls ?? resolveEffectiveMtls(server.pod, server.dataplane, index);
  const serverMode: EffectiveMode = server.dataplane === 'none' ? 'NONE' : (mtls.ports[String(containerPort)] ?? mtls.mode);
  const transport = resolveClientTransport(client, server, serverMode, via, index);
  const kind = serverKind(server, serverMode);
  const base = { clientSends: transport.sends, serverMode, destinationRule: transport.destinationRule };
  if (transport.unknownReason) {
    return { ...base, outcome: 'unknown', mtls: false, inference: false, reason: `${transport.reason}; but ${transport.unknownReason}` };
  }
  if (kind === null) {
    return { ...base, outcome: 'unknown', mtls: false, inference: false, reason: `${transport.reason}; the server's mode is unknown: ${mtls.unknownReason ?? 'its policies could not be read'}` };
  }
  const row = MATRIX[kind][transport.sends];
  const where = `${nsName(server.pod.meta)}:${containerPort}`;
  return { ...base, outcome: row.outcome, mtls: row.mtls, inference: row.inference ?? false, reason: `${transport.reason}; ${row.reason} (${where})` };
}
