// Ingress and egress gateways of the Gateway API (class `istio`, deployed and programmed by istiod): MP110, a listener
// that accepts plaintext from outside the mesh. Sources: Gateway API "TLS Configuration"
// (gateway-api.sigs.k8s.io/guides/tls: HTTP and TCP listeners carry no TLS; HTTPS and TLS listeners terminate or pass
// it through), istio.io latest/docs/tasks/traffic-management/ingress/secure-ingress/ (HTTPS listeners with
// `tls.mode: Terminate`; `gateway.istio.io/tls-terminate-mode: MUTUAL` for client certificates). Waypoints
// (`istio-waypoint`, HBONE) and east-west gateways (`istio-east-west`) carry mesh mTLS and are not judged here.
// A Gateway's finding depends on that Gateway alone.
import { nsName, objectId } from '@/lib/snapshot/types';
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
