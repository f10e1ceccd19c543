// The handshake of one connection, as the engine's verdicts describe it: who issued each side's certificate, what
// the client puts on the wire (SNI, HBONE), the mTLS handshake, the JWT and authorization steps at the server's
// proxy, and where it ends. Plain data; lib/diagrams draws it as a Mermaid sequence diagram.
import type { CanIOutcome } from '../can-i';
import type { EffectiveMode } from '../model';
import type { ClientSends } from '../reachability/client-transport';

/**
 * Who speaks in the handshake. The CA participants appear only when a party holds a certificate from them; the
 * waypoint only when the request passes through an ambient waypoint (client ztunnel → waypoint → destination ztunnel).
 */
export const HANDSHAKE_ROLES = ['client-app', 'client-proxy', 'istiod', 'spire', 'waypoint', 'server-proxy', 'server-app'] as const;
export type HandshakeRole = (typeof HANDSHAKE_ROLES)[number];

/**
 * The proxy in front of a party: an injected sidecar, the node's ztunnel (ambient), a gateway pod (itself a proxy),
 * or none; `waypoint` is the ambient waypoint between them (an Envoy of its own, with its own identity).
 */
export const PROXY_KINDS = ['sidecar', 'ztunnel', 'gateway', 'waypoint', 'none'] as const;
export type ProxyKind = (typeof PROXY_KINDS)[number];

/** istiod signs workload certificates unless the identity comes from SPIRE (external CA, another trust domain). */
export const CERTIFICATE_ISSUERS = ['istiod', 'spire'] as const;
export type CertificateIssuer = (typeof CERTIFICATE_ISSUERS)[number];

export interface HandshakeParty {
  /** null for the client outside the mesh. */
  readonly namespace: string | null;
  readonly pod: string | null;
  readonly proxy: ProxyKind;
  /** The identity the proxy presents (null without a dataplane). */
  readonly spiffeId: string | null;
  /** Hex serial of the leaf certificate, when the source read it. */
  readonly serial: string | null;
  readonly notAfter: string | null;
  /** null without a dataplane: nobody issues it a certificate. */
  readonly issuer: CertificateIssuer | null;
}

export const STEP_KINDS = ['certificate-request', 'certificate-issued', 'connect', 'tls-client-hello', 'tls-server-certificate', 'tls-client-certificate', 'mtls-established', 'hbone-connect', 'plaintext', 'tls-passthrough', 'request', 'jwt', 'authorization', 'forward', 'response', 'reset', 'handshake-failure', 'unknown'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const STEP_STATUSES = ['ok', 'failed', 'unknown', 'info'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** One message of the sequence (from === to for a check a participant makes itself). */
export interface HandshakeStep {
  readonly kind: StepKind;
  readonly from: HandshakeRole;
  readonly to: HandshakeRole;
  /** Cluster strings inside are raw: the diagram builder escapes them. */
  readonly text: string;
  readonly status: StepStatus;
  /** A reply (drawn dashed). */
  readonly reply: boolean;
  /** More of the engine's reasoning, listed beside the diagram but not drawn (long messages make it unreadable). */
  readonly detail: string | null;
}

/** Where the connection ends and what the client sees. */
export const END_POINTS = ['transport', 'authentication', 'authorization', 'application'] as const;
export type EndPoint = (typeof END_POINTS)[number];
export const END_RESPONSES = ['delivered', 'reset', 'handshake-failure', 'http-401', 'http-403', 'unknown'] as const;
export type EndResponse = (typeof END_RESPONSES)[number];

export interface HandshakeEnd {
  readonly at: EndPoint;
  readonly response: EndResponse;
}

export interface HandshakeModel {
  readonly client: HandshakeParty;
  readonly server: HandshakeParty;
  /**
   * The ambient waypoint the request passes through, or null. `pod` holds its Gateway's name; identity and
   * certificate are those of one of its pods (or the identity istiod gives it when the source has no pod). Its
   * identity is what the destination's ztunnel sees as the source.
   */
  readonly waypoint: HandshakeParty | null;
  /** Container port of the server (PA-8, Z-12). */
  readonly port: number;
  readonly protocol: 'http' | 'tcp';
  /** 'ns/name' of the Service dialled, or null when the pod IP is dialled. */
  readonly service: string | null;
  readonly servicePort: number | null;
  readonly transport: ClientSends;
  readonly mtls: boolean;
  /** SNI the client's sidecar sets for Istio mTLS (outbound_.<port>_.<subset>_.<host>), else null. */
  readonly sni: string | null;
  readonly serverMode: EffectiveMode;
  readonly outcome: CanIOutcome;
  readonly end: HandshakeEnd;
  /** The engine's one-sentence reason and the deciding policies ('ns/name'). */
  readonly reason: string;
  readonly policies: readonly string[];
  readonly steps: readonly HandshakeStep[];
  /** Caveats: inferences, unknown data, assumptions (an external authorizer assumed to allow). */
  readonly notes: readonly string[];
}
