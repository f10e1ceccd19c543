// Ingress and egress gateways of the Gateway API (class `istio`, deployed and programmed by istiod): MP110, a listener
// that accepts plaintext from outside the mesh. Sources: Gateway API "TLS Configuration"
// (gateway-api.sigs.k8s.io/guides/tls: HTTP and TCP listeners carry no TLS; HTTPS and TLS listeners terminate or pass
// it through), istio.io latest/docs/tasks/traffic-management/ingress/secure-ingress/ (HTTPS listeners with
// `tls.mode: Terminate`; `gateway.istio.io/tls-terminate-mode: MUTUAL` for client certificates). Waypoints
// (`istio-waypoint`, HBONE) and east-west gateways (`istio-east-west`) carry mesh mTLS and are not judged here.
// A Gateway's finding depends on that Gateway alone.
import { nsName, objectId, type IstioGateway, type IstioGatewayServer } from '@/lib/snapshot/types';
import type { Finding } from '../model';
import { makeFinding, type FindingCheck, type FindingContext } from './context';
import { commands, sh } from './shell';
import { listForMessage } from './workload-groups';

/** The GatewayClass istiod programs as an ingress or egress gateway (istio.io ingress/gateway-api). */
export const ISTIO_GATEWAY_CLASS = 'istio';
const PLAINTEXT_PROTOCOLS: ReadonlySet<string> = new Set(['HTTP', 'TCP', 'UDP']);

/** MP110: the plaintext listeners of each Gateway of class istio, one finding per Gateway. */
function gatewayListenerPlaintext(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const gw of ctx.index.snapshot.gateways) {
    if (gw.gatewayClassName !== ISTIO_GATEWAY_CLASS) continue;
    const plain = gw.listeners.filter((l) => PLAINTEXT_PROTOCOLS.has(l.protocol.toUpperCase()));
    if (plain.length === 0) continue;
    const listed = listForMessage(plain.map((l) => `${l.name} (${l.protocol} on port ${l.port})`));
    out.push(
      makeFinding('MP110', {
        objects: [objectId('Gateway', gw.meta)],
        namespace: gw.meta.namespace,
        message: `Gateway ${nsName(gw.meta)} (class istio) has ${plain.length === 1 ? 'a listener' : `${plain.length} listeners`} without TLS: ${listed}; clients outside the mesh reach it in plaintext`,
        verify: commands(sh`kubectl get gateway.gateway.networking.k8s.io ${gw.meta.name} -n ${gw.meta.namespace} -o yaml`, sh`kubectl get httproute -A`),
      }),
    );
  }
  return out;
}

export const gatewayChecks: readonly FindingCheck[] = [{ code: 'MP110', requires: ['Gateway'], run: gatewayListenerPlaintext }];

// Istio's own Gateway (networking.istio.io): MP111 and MP112. Source: istio.io latest/docs/reference/config/networking/
// gateway (Server: port protocol HTTP|HTTPS|GRPC|GRPC-WEB|HTTP2|MONGO|TCP|TLS; ServerTLSSettings: httpsRedirect "send
// a 301 redirect for all http connections", mode, minProtocolVersion "By default, it is TLSV1_2"). A server with TLS
// settings and protocol HTTPS or TLS terminates or passes through TLS; an HTTP server with httpsRedirect answers every
// request with a redirect to HTTPS. A Gateway's findings depend on that Gateway alone.
const ISTIO_PLAINTEXT_PROTOCOLS: ReadonlySet<string> = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'MONGO', 'TCP']);
const WEAK_TLS: ReadonlySet<string> = new Set(['TLSV1_0', 'TLSV1_1']);

const serverName = (s: IstioGatewayServer): string => `${s.name} (${s.protocol} on port ${s.port})`;
const istioGatewayVerify = (gw: IstioGateway) => commands(sh`kubectl get gateways.networking.istio.io ${gw.meta.name} -n ${gw.meta.namespace} -o yaml`, sh`kubectl get virtualservices -A`);

/** MP111: the plaintext servers of each Istio Gateway, one finding per Gateway. */
function istioGatewayServerPlaintext(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const gw of ctx.index.snapshot.istioGateways) {
    const plain = gw.servers.filter((s) => ISTIO_PLAINTEXT_PROTOCOLS.has(s.protocol) && !s.tls?.httpsRedirect);
    if (plain.length === 0) continue;
    out.push(
      makeFinding('MP111', {
        objects: [objectId('Gateway', gw.meta)],
        namespace: gw.meta.namespace,
        message: `Istio Gateway ${nsName(gw.meta)} has ${plain.length === 1 ? 'a server' : `${plain.length} servers`} without TLS: ${listForMessage(plain.map(serverName))}; clients outside the mesh reach it in plaintext`,
        verify: istioGatewayVerify(gw),
      }),
    );
  }
  return out;
}

/** MP112: servers whose minimum TLS version is below 1.2, one finding per Gateway. */
function gatewayTlsBelow12(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const gw of ctx.index.snapshot.istioGateways) {
    const weak = gw.servers.filter((s) => s.tls?.minProtocolVersion && WEAK_TLS.has(s.tls.minProtocolVersion.toUpperCase()));
    if (weak.length === 0) continue;
    out.push(
      makeFinding('MP112', {
        objects: [objectId('Gateway', gw.meta)],
        namespace: gw.meta.namespace,
        message: `Istio Gateway ${nsName(gw.meta)} accepts TLS below 1.2 on ${listForMessage(weak.map((s) => `${serverName(s)}: minProtocolVersion ${s.tls!.minProtocolVersion}`))}`,
        verify: istioGatewayVerify(gw),
      }),
    );
  }
  return out;
}

export const istioGatewayChecks: readonly FindingCheck[] = [
  { code: 'MP111', requires: ['IstioGateway'], run: istioGatewayServerPlaintext },
  { code: 'MP112', requires: ['IstioGateway'], run: gatewayTlsBelow12 },
];
