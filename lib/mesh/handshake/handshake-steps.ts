// The ordered messages of one connection: certificate issuance, what goes on the wire, the server proxy's JWT and
// authorization checks, and the end. Every verdict comes from canI (and the JWT reason from authenticateRequest,
// the function canI's authorization step uses); nothing here decides Istio semantics.
import { applicableRequestAuthentications, type AuthzTarget } from '../authz';
import type { CanIQuery, CanIResult } from '../can-i';
import { authenticateRequest, type JwtAuthentication } from '../jwt';
import type { MeshIndex } from '../mesh-index';
import type { EndResponse, HandshakeEnd, HandshakeParty, HandshakeRole, HandshakeStep, StepKind, StepStatus } from './model';

export interface StepsInput {
  readonly query: CanIQuery;
  readonly result: CanIResult;
  readonly client: HandshakeParty;
  readonly server: HandshakeParty;
  readonly serverTarget: AuthzTarget;
  /** host:port the client application dials. */
  readonly dialled: string;
  /** The server pod's IP (or name when the source has no IP). */
  readonly serverAddress: string;
  readonly sni: string | null;
  readonly index: MeshIndex;
}

export interface StepsOutput {
  readonly steps: readonly HandshakeStep[];
  readonly end: HandshakeEnd;
  readonly notes: readonly string[];
}

/** HBONE: mTLS to the destination's port 15008, then an HTTP/2 CONNECT to the workload address (ambient data plane). */
const HBONE_PORT = 15008;

const PROXY_NAME = { sidecar: 'sidecar', ztunnel: 'ztunnel', gateway: 'gateway proxy', none: 'no proxy' } as const;

/** What the client application sees when the connection ends early. */
const CLIENT_SEES: Readonly<Record<Exclude<EndResponse, 'delivered' | 'unknown'>, string>> = {
  reset: 'connection reset',
  'handshake-failure': 'TLS handshake failure',
  'http-401': 'HTTP 401 Jwt verification fails',
  'http-403': 'HTTP 403 RBAC: access denied',
};

function certificateText(party: HandshakeParty): string {
  // Short: the identity is in the request above and long messages widen the diagram; notAfter goes in the detail.
  return party.serial ? `certificate serial ${party.serial}` : 'certificate (serial not read by the source)';
}

function identityText(party: HandshakeParty): string {
  return `${party.spiffeId ?? 'unknown identity'}${party.serial ? ` (serial ${party.serial})` : ''}`;
}

// Header names as canI hands them to the authorization step (lower case).
function lowerCaseNames(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The JWT step in a few words; the engine's full reason goes into the step's detail. */
function jwtText(auth: JwtAuthentication, hasRules: boolean): string {
  switch (auth.outcome) {
    case 'authenticated':
      return `JWT verified: ${auth.principal.iss}/${auth.principal.sub}`;
    case 'rejected':
      return 'JWT rejected';
    case 'anonymous':
      return hasRules ? 'JWT: none checked, no request principal' : 'JWT: no RequestAuthentication applies';
  }
}

export function handshakeSteps(input: StepsInput): StepsOutput {
  const { query, result, client, server } = input;
  const steps: HandshakeStep[] = [];
  const notes: string[] = [];
  const push = (kind: StepKind, from: HandshakeRole, to: HandshakeRole, text: string, status: StepStatus = 'info', reply = false, detail: string | null = null) => {
    steps.push({ kind, from, to, text, status, reply, detail });
  };
  const clientProxy: HandshakeRole | null = client.proxy === 'none' ? null : 'client-proxy';
  const serverProxy: HandshakeRole | null = server.proxy === 'none' ? null : 'server-proxy';
  const sender: HandshakeRole = clientProxy ?? 'client-app';
  const receiver: HandshakeRole = serverProxy ?? 'server-app';
  /** Tells the client application how it ended, through its proxy when it has one. */
  const endEarly = (at: HandshakeEnd['at'], response: Exclude<EndResponse, 'delivered' | 'unknown'>, text: string, detail: string | null = null): StepsOutput => {
    push(response === 'handshake-failure' ? 'handshake-failure' : response === 'reset' ? 'reset' : 'response', receiver, sender, text, 'failed', true, detail);
    if (clientProxy) push('response', clientProxy, 'client-app', `upstream ${CLIENT_SEES[response]}`, 'failed', true);
    return { steps, end: { at, response }, notes };
  };
  const unknown = (at: HandshakeEnd['at'], text: string, detail: string): StepsOutput => {
    push('unknown', receiver, receiver, text, 'unknown', false, detail);
    return { steps, end: { at, response: 'unknown' }, notes };
  };

  // 1. Each proxy holds a certificate for its workload's identity, from istiod or SPIRE.
  for (const [party, role] of [[client, 'client-proxy'], [server, 'server-proxy']] as const) {
    if (party.issuer === null) continue;
    push('certificate-request', role, party.issuer, `${party.issuer === 'spire' ? 'SVID request' : 'CSR'} for ${party.spiffeId ?? 'unknown identity'}`);
    push('certificate-issued', party.issuer, role, certificateText(party), party.serial ? 'ok' : 'unknown', true, party.notAfter ? `not after ${party.notAfter}` : null);
  }

  // 2. The application dials; its proxy (if any) captures the connection.
  if (clientProxy) push('connect', 'client-app', clientProxy, `connect ${input.dialled}`, 'info', false, `the ${PROXY_NAME[client.proxy]} captures the outbound connection`);

  // 3. What goes on the wire, and whether the server's side accepts it.
  const { connection } = result;
  const proves = connection.outcome === 'ok' && connection.mtls;
  switch (connection.clientSends) {
    case 'istio-mtls':
      push('tls-client-hello', sender, receiver, `Istio mTLS ClientHello, SNI ${input.sni ?? 'none (pod IP dialled)'}`);
      break;
    case 'hbone':
      push('hbone-connect', sender, receiver, `HBONE: mTLS to ${input.serverAddress}:${HBONE_PORT}, HTTP/2 CONNECT ${input.serverAddress}:${query.port}`);
      break;
    case 'plaintext':
      push('plaintext', sender, receiver, `plaintext TCP to ${input.serverAddress}:${query.port}, no client certificate`);
      break;
    case 'tls':
    case 'mutual-tls':
      push('tls-passthrough', sender, receiver, `TLS from DestinationRule ${connection.destinationRule ?? ''} (${connection.clientSends === 'tls' ? 'SIMPLE' : 'MUTUAL'}), not Istio certificates`);
      break;
  }
  if (proves) {
    push('tls-server-certificate', receiver, sender, `server certificate ${identityText(server)}`, 'ok', true);
    push('tls-client-certificate', sender, receiver, `client certificate ${identityText(client)}`, 'ok');
    push('mtls-established', receiver, receiver, 'mTLS established', 'ok', false, `peer identity ${client.spiffeId ?? 'unknown'}`);
  }
  if (connection.inference) notes.push('The transport verdict is our inference: no upstream test pins this case (istio-semantics §2.2).');
  if (connection.outcome === 'unknown') return unknown('transport', `server mode on port ${query.port} unknown`, connection.reason);
  if (connection.outcome === 'fails') {
    const plaintext = connection.clientSends === 'plaintext';
    const text = plaintext
      ? `connection reset: ${connection.serverMode} requires mTLS`
      : connection.rejectedCertificate
        ? `TLS handshake fails: the ${connection.rejectedCertificate} certificate is not valid now`
        : `TLS handshake fails (${server.proxy === 'none' ? 'no proxy terminates it' : `server mode ${connection.serverMode}`})`;
    return endEarly('transport', plaintext ? 'reset' : 'handshake-failure', text, connection.reason);
  }

  // 4. The request at the server's proxy: JWT (sidecars and gateways, HTTP only), then authorization.
  const http = result.protocol === 'http';
  const method = query.method ?? 'GET';
  const path = query.path ?? '/';
  // Only an Envoy (sidecar or gateway) sees requests; ztunnel authorizes the connection and forwards the stream.
  const envoy = server.proxy === 'sidecar' || server.proxy === 'gateway';
  if (http && envoy) push('request', sender, receiver, `${method} ${path}`);
  if (http && envoy) {
    const ras = applicableRequestAuthentications(input.serverTarget, input.index);
    const auth = authenticateRequest(ras, { jwt: query.jwt ?? { state: 'none' }, now: query.now, method, headers: lowerCaseNames(query.headers ?? {}) });
    push('jwt', receiver, receiver, jwtText(auth, ras.some((ra) => ra.jwtRules.length > 0)), auth.outcome === 'rejected' ? 'failed' : 'ok', false, auth.outcome === 'authenticated' ? `RequestAuthentication ${auth.policies.join(', ')}` : auth.reason);
    if (result.outcome === 'unauthenticated') return endEarly('authentication', 'http-401', CLIENT_SEES['http-401'], result.reason);
  }
  if (server.proxy === 'ztunnel') {
    notes.push('ztunnel checks L4 attributes only: no JWT, no HTTP rules. A waypoint, if the service uses one, is not drawn.');
  }
  const authz = result.authorization;
  if (authz === null || !serverProxy) {
    push('authorization', receiver, receiver, 'no proxy: nothing enforces authorization', 'info');
  } else {
    const decided = authz.policies.length > 0 ? ` by ${authz.policies.join(', ')}` : ', no policy restricts it';
    const status: StepStatus = result.outcome === 'unknown' ? 'unknown' : authz.outcome === 'allowed' ? 'ok' : 'failed';
    push('authorization', receiver, receiver, `authorization: ${authz.outcome}${decided}`, status, false, authz.reason);
    if (authz.customProvider) notes.push(`A CUSTOM policy sends the request to the external authorizer "${authz.customProvider}", assumed to allow.`);
  }
  if (authz?.unknownReason) notes.push(authz.unknownReason);
  if (result.outcome === 'unknown') return unknown('authorization', 'authorization unknown: policies could not be read', result.reason);
  if (result.outcome === 'denied') {
    // An HTTP filter chain answers 403; an L4 (TCP or ztunnel) rule resets the connection (ARCHITECTURE §4).
    return http && envoy ? endEarly('authorization', 'http-403', CLIENT_SEES['http-403'], result.reason) : endEarly('authorization', 'reset', 'connection reset by an L4 authorization rule', result.reason);
  }

  // 5. Delivered to the application.
  const peer = proves && http ? `with the peer identity ${client.spiffeId ?? 'unknown'} in X-Forwarded-Client-Cert` : null;
  if (serverProxy) push('forward', serverProxy, 'server-app', http ? `${method} ${path}` : `TCP stream to port ${query.port}`, 'ok', false, peer);
  push('response', 'server-app', 'client-app', http ? 'response from the application' : 'bytes flow both ways', 'ok', true);
  return { steps, end: { at: 'application', response: 'delivered' }, notes };
}
