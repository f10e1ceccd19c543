import { z } from 'zod';
import { MTLS_MODES, type MtlsMode, type PeerAuthentication } from '../types';
import { enumOf, fail, matchLabelsSchema, ok, parseMeta, parseWith, type ParseContext, type ParseResult, type RawObject } from './common';

const modeSchema = z
  .object({ mode: enumOf(MTLS_MODES).optional() })
  .nullable()
  .optional()
  .transform((m): MtlsMode => m?.mode ?? 'UNSET');

const specSchema = z.object({
  selector: matchLabelsSchema,
  mtls: modeSchema,
  portLevelMtls: z.record(z.string(), modeSchema).nullable().optional(),
});

export function parsePeerAuthentication(raw: RawObject, ctx: ParseContext): ParseResult<PeerAuthentication> {
  const meta = parseMeta(raw, ctx);
  if (!meta.ok) return meta;
  const spec = parseWith(specSchema, raw['spec'] ?? {}, 'spec');
  if (!spec.ok) return spec;
  const { selector, mtls, portLevelMtls } = spec.value;
  let ports: Record<number, MtlsMode> | null = null;
  if (portLevelMtls) {
    // PA-7: the CRD and webhook reject these, so such a policy is never in force.
    if (selector === null) return fail('spec.portLevelMtls: requires a non-empty selector (mesh/namespace peer authentication cannot have port level mTLS)');
    if (Object.keys(portLevelMtls).length === 0) return fail('spec.portLevelMtls: must have at least one element');
    ports = {};
    for (const [key, mode] of Object.entries(portLevelMtls)) {
      const port = Number(key);
      if (!/^\d+$/.test(key) || port < 1 || port > 65535) return fail(`spec.portLevelMtls: port ${JSON.stringify(key.slice(0, 20))} is not in 1..65535`);
      ports[port] = mode;
    }
  }
  return ok({ meta: meta.value, selector, mode: mtls, portLevelMtls: ports });
}
