import { z } from 'zod';
import { CLIENT_TLS_MODES, type ClientTlsSettings, type DestinationRule, type TrafficPolicy } from '../types';
import { boundedString, enumOf, nameSchema, ok, parseMeta, parseWith, portNumber, stringList, stringMap, type ParseContext, type ParseResult, type RawObject } from './common';

const tlsSchema = z
  .object({
    mode: enumOf(CLIENT_TLS_MODES).optional(),
    sni: boundedString.optional(),
    subjectAltNames: stringList.nullable().optional(),
    caCertificates: boundedString.optional(),
    credentialName: boundedString.optional(),
  })
  .nullable()
  .optional()
  .transform((t): ClientTlsSettings | null =>
    t
      ? {
          // An absent mode is DISABLE in the proto (the enum's zero value).
          mode: t.mode ?? 'DISABLE',
          subjectAltNames: t.subjectAltNames ?? [],
          ...(t.sni ? { sni: t.sni } : {}),
          ...(t.caCertificates ? { caCertificates: t.caCertificates } : {}),
          ...(t.credentialName ? { credentialName: t.credentialName } : {}),
        }
      : null,
  );

const trafficPolicySchema = z
  .object({
    tls: tlsSchema,
    portLevelSettings: z
      .array(z.object({ port: z.object({ number: portNumber }), tls: tlsSchema }))
      .nullable()
      .optional(),
  })
  .nullable()
  .optional()
  .transform((p): TrafficPolicy | null =>
    p ? { tls: p.tls, portLevelSettings: (p.portLevelSettings ?? []).map((s) => ({ port: s.port.number, tls: s.tls })) } : null,
  );

const specSchema = z.object({
  host: nameSchema,
  exportTo: stringList.nullable().optional(),
  workloadSelector: z
    .object({ matchLabels: stringMap.nullable().optional() })
    .nullable()
    .optional()
    .transform((s) => (s?.matchLabels && Object.keys(s.matchLabels).length > 0 ? s.matchLabels : null)),
  trafficPolicy: trafficPolicySchema,
  subsets: z
    .array(z.object({ name: nameSchema, labels: stringMap.nullable().optional(), trafficPolicy: trafficPolicySchema }))
    .nullable()
    .optional(),
});

export function parseDestinationRule(raw: RawObject, ctx: ParseContext): ParseResult<DestinationRule> {
  const meta = parseMeta(raw, ctx);
  if (!meta.ok) return meta;
  const spec = parseWith(specSchema, raw['spec'], 'spec');
  if (!spec.ok) return spec;
  const s = spec.value;
  return ok({
    meta: meta.value,
    host: s.host,
    exportTo: s.exportTo ?? [],
    workloadSelector: s.workloadSelector,
    trafficPolicy: s.trafficPolicy,
    subsets: (s.subsets ?? []).map((sub) => ({ name: sub.name, labels: sub.labels ?? {}, trafficPolicy: sub.trafficPolicy })),
  });
}
