// EnvoyFilter: only what matters for security, i.e. which filters a patch inserts and whether an ext_authz
// filter fails open. The rest of the patch is not kept (it can be large and is not needed).
import { z } from 'zod';
import type { EnvoyFilter, EnvoyFilterPatch } from '../types';
import { ok, parseMeta, parseWith, workloadSelectorSchema, type ParseContext, type ParseResult, type RawObject } from './common';

const patchSchema = z.object({
  applyTo: z.string().optional(),
  patch: z
    .object({
      operation: z.string().optional(),
      value: z.unknown().optional(),
    })
    .optional(),
});

const specSchema = z.object({
  workloadSelector: workloadSelectorSchema,
  configPatches: z.array(patchSchema).nullable().optional(),
});

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** failure_mode_allow is set in the filter's typed_config (or the older `config`), snake or camel case. */
function failureModeAllow(value: Record<string, unknown>): boolean | undefined {
  for (const key of ['typed_config', 'typedConfig', 'config']) {
    const cfg = record(value[key]);
    if (!cfg) continue;
    const v = cfg['failure_mode_allow'] ?? cfg['failureModeAllow'];
    if (typeof v === 'boolean') return v;
  }
  return undefined;
}

function toPatch(p: z.infer<typeof patchSchema>): EnvoyFilterPatch {
  const value = record(p.patch?.value);
  const name = value && typeof value['name'] === 'string' ? value['name'] : undefined;
  const fma = value ? failureModeAllow(value) : undefined;
  return {
    applyTo: p.applyTo ?? '',
    operation: p.patch?.operation ?? '',
    ...(name ? { filterName: name.slice(0, 253) } : {}),
    ...(fma !== undefined ? { failureModeAllow: fma } : {}),
  };
}

export function parseEnvoyFilter(raw: RawObject, ctx: ParseContext): ParseResult<EnvoyFilter> {
  const meta = parseMeta(raw, ctx);
  if (!meta.ok) return meta;
  const spec = parseWith(specSchema, raw['spec'] ?? {}, 'spec');
  if (!spec.ok) return spec;
  return ok({ meta: meta.value, workloadSelector: spec.value.workloadSelector, patches: (spec.value.configPatches ?? []).map(toPatch) });
}
