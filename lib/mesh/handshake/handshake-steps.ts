// The ordered messages of one connection: certificate issuance, what goes on the wire, the server proxy's JWT and
// authorization checks, and the end. Every verdict comes from canI (and the JWT reason from authenticateRequest,
// the function canI's authorization step uses); nothing here decides Istio semantics.
import { applicableRequestAuthentications, type AuthzTarget } from '../authz';
import type { CanIHop, CanIQuery, CanIResult } from '../can-i';
import { authenticateRequest, type JwtAuthentication } from '../jwt';
import type { MeshIndex } from '../mesh-index';
import type { EndResponse, HandshakeEnd, HandshakeParty, HandshakeRole, HandshakeStep, StepKind, StepStatus } from './model';

export interface StepsInput {
  readonly query: CanIQuery;
  readonly result: CanIResult;
  readonly client: HandshakeParty;
  readonly server: HandshakeParty;
  /** The ambient waypoint canI's path goes through, or null. */
  readonly waypoint: HandshakeParty | null;
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

const PROXY_NAME = { sidecar: 'sidecar', ztunnel: 'ztunnel', gateway: 'gateway proxy', waypoint: 'waypoint', none: 'no proxy' } as const;

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

  // 1. Each proxy holds a certificate for its workload's identity, from istiod or SPIRE (a waypoint for its own).
  const parties: [HandshakeParty, HandshakeRole][] = [[client, 'client-proxy'], ...(input.waypoint ? [[input.waypoint, 'waypoint'] as [HandshakeParty, HandshakeRole]] : []), [server, 'server-proxy']];
  for (const [party, role] of parties) {
    if (party.issuer === null) continue;
    push('certificate-request', role, party.issuer, `${party.issuer === 'spire' ? 'SVID request' : 'CSR'} for ${party.spiffeId ?? 'unknown identity'}`);
    push('certificate-issued', party.issuer, role, certificateText(party), party.serial ? 'ok' : 'unknown', true, party.notAfter ? `not after ${party.notAfter}` : null);
  }

  // 2. The application dials; its proxy (if any) captures the connection.
  if (clientProxy) push('connect', 'client-app', clientProxy, `connect ${input.dialled}`, 'info', false, `the ${PROXY_NAME[client.proxy]} captures the outbound connection`);

  const waypointHop = result.hops.find((h) => h.at === 'waypoint');
  if (input.waypoint && waypointHop && clientProxy && serverProxy) {
    return throughWaypoint({ input, waypoint: input.waypoint, atWaypoint: waypointHop, atDestination: result.hops.find((h) => h.at === 'ztunnel(destination)'), push, steps, notes });
  }

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
    notes.push('ztunnel checks L4 attributes only: no JWT, no HTTP rules.');
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

interface WaypointPath {
  readonly input: StepsInput;
  readonly waypoint: HandshakeParty;
  readonly atWaypoint: CanIHop;
  /** Absent or not-reached when the waypoint refused the request. */
  readonly atDestination: CanIHop | undefined;
  readonly push: (kind: StepKind, from: HandshakeRole, to: HandshakeRole, text: string, status?: StepStatus, reply?: boolean, detail?: string | null) => void;
  readonly steps: HandshakeStep[];
  readonly notes: string[];
}

const hopStatus = (hop: CanIHop): StepStatus => (hop.verdict === 'allowed' ? 'ok' : hop.verdict === 'unknown' ? 'unknown' : 'failed');
const decidedBy = (hop: CanIHop): string => (hop.policies.length > 0 ? ` by ${hop.policies.join(', ')}` : ', no policy restricts it');

/**
 * The three hops of ambient traffic through a waypoint (istio.io latest/docs/ambient/usage/l4-policy/ "Authorization
 * policy attachment"; ambient/architecture/data-plane): the client's ztunnel opens HBONE (mTLS, port 15008) to the
 * waypoint with the client's identity; the waypoint applies its L7 policies to the request and opens a second HBONE
 * connection to the destination's ztunnel with its own identity, which is the source the destination's L4 policies see.
 * The verdicts are canI's hops; this only orders them.
 */
function throughWaypoint(path: WaypointPath): StepsOutput {
  const { input, waypoint, atWaypoint, atDestination, push, steps, notes } = path;
  const { query, result, client, server } = input;
  const http = result.protocol === 'http';
  const method = query.method ?? 'GET';
  const requestPath = query.path ?? '/';
  const name = `${waypoint.namespace ?? ''}/${waypoint.pod ?? ''}`;
  /** The refusal travels back hop by hop to the client application. */
  const refuse = (from: HandshakeRole, chain: readonly HandshakeRole[], at: HandshakeEnd['at'], response: Exclude<EndResponse, 'delivered' | 'unknown'>, text: string, detail: string): StepsOutput => {
    push(response === 'reset' ? 'reset' : 'response', from, chain[0] ?? 'client-app', text, 'failed', true, detail);
    for (let i = 1; i < chain.length; i += 1) push('response', chain[i - 1] ?? from, chain[i] ?? 'client-app', `upstream ${CLIENT_SEES[response]}`, 'failed', true);
    return { steps, end: { at, response }, notes };
  };

  // Hop 1: the client's ztunnel to the waypoint, authenticated with the client's identity.
  push('hbone-connect', 'client-proxy', 'waypoint', `HBONE: mTLS to waypoint ${name} port ${HBONE_PORT}, HTTP/2 CONNECT ${input.dialled}`);
  push('tls-server-certificate', 'waypoint', 'client-proxy', `server certificate ${identityText(waypoint)}`, 'ok', true);
  push('tls-client-certificate', 'client-proxy', 'waypoint', `client certificate ${identityText(client)}`, 'ok');
  push('mtls-established', 'waypoint', 'waypoint', 'mTLS established', 'ok', false, `peer identity ${client.spiffeId ?? 'unknown'}`);

  // The waypoint is an Envoy: it sees the request and enforces the policies attached to it (targetRefs), at L7.
  if (http) push('request', 'client-proxy', 'waypoint', `${method} ${requestPath}`);
  push('authorization', 'waypoint', 'waypoint', `authorization at the waypoint: ${atWaypoint.verdict}${decidedBy(atWaypoint)}`, hopStatus(atWaypoint), false, atWaypoint.reason);
  const back = ['client-proxy', 'client-app'] as const;
  if (atWaypoint.verdict === 'unknown') {
    push('unknown', 'waypoint', 'waypoint', 'authorization at the waypoint unknown', 'unknown', false, result.reason);
    return { steps, end: { at: 'authorization', response: 'unknown' }, notes };
  }
  if (atWaypoint.verdict === 'unauthenticated') return refuse('waypoint', back, 'authentication', 'http-401', CLIENT_SEES['http-401'], atWaypoint.reason);
  if (atWaypoint.verdict === 'denied') {
    return http ? refuse('waypoint', back, 'authorization', 'http-403', CLIENT_SEES['http-403'], atWaypoint.reason) : refuse('waypoint', back, 'authorization', 'reset', 'connection reset by the waypoint', atWaypoint.reason);
  }

  // Hop 2: the waypoint to the destination's ztunnel, authenticated with the waypoint's own identity.
  push('hbone-connect', 'waypoint', 'server-proxy', `HBONE: mTLS to ${input.serverAddress}:${HBONE_PORT}, HTTP/2 CONNECT ${input.serverAddress}:${query.port}`);
  push('tls-server-certificate', 'server-proxy', 'waypoint', `server certificate ${identityText(server)}`, 'ok', true);
  push('tls-client-certificate', 'waypoint', 'server-proxy', `client certificate ${identityText(waypoint)}`, 'ok');
  push('mtls-established', 'server-proxy', 'server-proxy', 'mTLS established', 'ok', false, `peer identity ${waypoint.spiffeId ?? 'unknown'}: the waypoint does not impersonate the client`);
  if (!atDestination) return { steps, end: { at: 'authorization', response: 'unknown' }, notes };
  push('authorization', 'server-proxy', 'server-proxy', `authorization at ztunnel (L4, source: the waypoint): ${atDestination.verdict}${decidedBy(atDestination)}`, hopStatus(atDestination), false, atDestination.reason);
  notes.push('ztunnel checks L4 attributes only; the source identity it sees is the waypoint\'s, so a policy that allows only the original client denies traffic through the waypoint.');
  if (atDestination.verdict === 'unknown') {
    push('unknown', 'server-proxy', 'server-proxy', 'authorization at the destination unknown', 'unknown', false, result.reason);
    return { steps, end: { at: 'authorization', response: 'unknown' }, notes };
  }
  if (atDestination.verdict !== 'allowed') {
    return refuse('server-proxy', ['waypoint', 'client-proxy', 'client-app'], 'authorization', 'reset', 'connection reset by an L4 authorization rule', atDestination.reason);
  }

  push('forward', 'server-proxy', 'server-app', http ? `${method} ${requestPath}` : `TCP stream to port ${query.port}`, 'ok', false, null);
  push('response', 'server-app', 'client-app', http ? 'response from the application' : 'bytes flow both ways', 'ok', true);
  return { steps, end: { at: 'application', response: 'delivered' }, notes };
}
