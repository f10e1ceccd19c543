// Gateway API `Gateway` (gateway.networking.k8s.io/v1): what waypoints need (istio.io ambient/usage/waypoint,
// "Deploy a waypoint proxy": gatewayClassName istio-waypoint, listener `mesh` on 15008 HBONE), and each listener's TLS
// (mode, default Terminate; Istio's `gateway.istio.io/tls-terminate-mode` option) for the ingress findings.
import { z } from 'zod';
import type { Gateway, GatewayListener } from '../types';
import { boundedString, enumOf, matchLabelsSchema, ok, parseMeta, parseWith, portNumber, type ParseContext, type ParseResult, type RawObject } from './common';

const listenerSchema = z.object({
  name: boundedString.optional(),
  port: portNumber,
  protocol: boundedString,
  tls: z
    .object({
      mode: enumOf(['Terminate', 'Passthrough'] as const).nullable().optional(),
      options: z.record(z.string(), boundedString).nullable().optional(),
    })
    .nullable()
    .optional(),
  allowedRoutes: z
    .object({
      namespaces: z
        .object({ from: enumOf(['Same', 'All', 'Selector'] as const).nullable().optional(), selector: matchLabelsSchema })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});

/** Istio's listener option for mutual TLS at the gateway (MUTUAL, or ISTIO_MUTUAL for mesh clients). */
export const TERMINATE_MODE_OPTION = 'gateway.istio.io/tls-terminate-mode';

const specSchema = z.object({
  gatewayClassName: boundedString,
  listeners: z.array(listenerSchema).nullable().optional(),
});

const statusSchema = z
  .object({ addresses: z.array(z.unknown()).nullable().optional() })
  .nullable()
  .optional();

export function parseGateway(raw: RawObject, ctx: ParseContext): ParseResult<Gateway> {
  const meta = parseMeta(raw, ctx);
  if (!meta.ok) return meta;
  const spec = parseWith(specSchema, raw['spec'] ?? {}, 'spec');
  if (!spec.ok) return spec;
  const status = parseWith(statusSchema, raw['status'], 'status');
  if (!status.ok) return status;
  const listeners = (spec.value.listeners ?? []).map((l, i): GatewayListener => ({
    name: l.name ?? `listener-${i}`,
    port: l.port,
    protocol: l.protocol,
    allowedNamespaces: l.allowedRoutes?.namespaces?.from ?? 'Same',
    namespaceSelector: l.allowedRoutes?.namespaces?.selector ?? null,
    tls: l.tls ? { mode: l.tls.mode ?? 'Terminate', terminateMode: l.tls.options?.[TERMINATE_MODE_OPTION] ?? null } : null,
  }));
  return ok({
    meta: meta.value,
    gatewayClassName: spec.value.gatewayClassName,
    listeners,
    statusAddresses: status.value ? (status.value.addresses ?? []).length : null,
  });
}
