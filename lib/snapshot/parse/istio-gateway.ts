// Istio's `Gateway` (networking.istio.io/v1): the selector of the gateway proxies and each server's port, protocol,
// hosts and TLS settings (istio.io docs/reference/config/networking/gateway: Server, Port, ServerTLSSettings), for the
// ingress findings. Routing (VirtualServices bound to the Gateway) is not read.
import { z } from 'zod';
import type { IstioGateway, IstioGatewayServer } from '../types';
import { boundedString, ok, parseMeta, parseWith, portNumber, stringMap, type ParseContext, type ParseResult, type RawObject } from './common';

const serverSchema = z.object({
  name: boundedString.nullable().optional(),
  port: z.object({ number: portNumber, protocol: boundedString, name: boundedString.nullable().optional() }),
  hosts: z.array(boundedString).nullable().optional(),
  tls: z
    .object({
      mode: boundedString.nullable().optional(),
      httpsRedirect: z.boolean().nullable().optional(),
      minProtocolVersion: boundedString.nullable().optional(),
    })
    .nullable()
    .optional(),
});

const specSchema = z.object({
  selector: stringMap.nullable().optional(),
  servers: z.array(serverSchema).nullable().optional(),
});

export function parseIstioGateway(raw: RawObject, ctx: ParseContext): ParseResult<IstioGateway> {
  const meta = parseMeta(raw, ctx);
  if (!meta.ok) return meta;
  const spec = parseWith(specSchema, raw['spec'] ?? {}, 'spec');
  if (!spec.ok) return spec;
  const servers = (spec.value.servers ?? []).map((s, i): IstioGatewayServer => ({
    port: s.port.number,
    protocol: s.port.protocol.toUpperCase(),
    name: s.name ?? s.port.name ?? `server-${i}`,
    hosts: s.hosts ?? [],
    tls: s.tls ? { mode: s.tls.mode ?? null, httpsRedirect: s.tls.httpsRedirect === true, minProtocolVersion: s.tls.minProtocolVersion ?? null } : null,
  }));
  return ok({ meta: meta.value, selector: spec.value.selector ?? {}, servers });
}
