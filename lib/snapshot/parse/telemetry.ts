import { z } from 'zod';
import type { Telemetry } from '../types';
import { matchLabelsSchema, ok, parseMeta, parseWith, type ParseContext, type ParseResult, type RawObject } from './common';

const specSchema = z.object({
  selector: matchLabelsSchema,
  accessLogging: z
    .array(
      z.object({
        providers: z.array(z.object({ name: z.string() })).nullable().optional(),
        disabled: z.boolean().nullable().optional(),
      }),
    )
    .nullable()
    .optional(),
});

export function parseTelemetry(raw: RawObject, ctx: ParseContext): ParseResult<Telemetry> {
  const meta = parseMeta(raw, ctx);
  if (!meta.ok) return meta;
  const spec = parseWith(specSchema, raw['spec'] ?? {}, 'spec');
  if (!spec.ok) return spec;
  return ok({
    meta: meta.value,
    selector: spec.value.selector,
    accessLogging: (spec.value.accessLogging ?? []).map((a) => ({ providers: (a.providers ?? []).map((p) => p.name), disabled: a.disabled ?? false })),
  });
}
