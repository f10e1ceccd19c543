// Shared pieces of parsing raw Kubernetes/Istio objects into snapshot types. Each kind's parser validates
// only the fields the engine reads, with a narrow zod schema, and reports a problem as one readable line
// naming the field ("spec.mtls.mode: expected one of UNSET, DISABLE, PERMISSIVE, STRICT, got "strict"").
import { z } from 'zod';
import type { LabelSelector, ObjectMeta, PolicyTargetRef, SourceLocation } from '../types';

/** A decoded document: what `kubectl get -o yaml|json` writes, not yet trusted. */
export type RawObject = Readonly<Record<string, unknown>>;

export interface ParseContext {
  readonly location?: SourceLocation;
  /** Namespace assumed for namespaced objects that name none (kubectl would use the context's). */
  readonly defaultNamespace: string;
}

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function fail<T>(reason: string): ParseResult<T> {
  return { ok: false, reason };
}

const MAX_SHOWN = 80;

/** Renders a value from hostile input for an error message: bounded length, control characters escaped. */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

/** One line per problem, the first three kept: enough to fix the manifest without flooding the report. */
export function formatZodError(error: z.ZodError, prefix = ''): string {
  const lines = error.issues.slice(0, 3).map((issue) => {
    const path = pathOf([...(prefix ? [prefix] : []), ...issue.path]);
    return `${path}: ${issue.message}`;
  });
  if (error.issues.length > 3) lines.push(`(+${error.issues.length - 3} more)`);
  return lines.join('; ');
}

/** Parses `value` with `schema`, prefixing error paths with `prefix` (e.g. "spec"). */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, prefix: string): ParseResult<T> {
  const result = schema.safeParse(value);
  if (result.success) return ok(result.data);
  return fail(formatZodError(result.error, prefix));
}

// Limits on what one object may carry, so a hostile or broken object cannot exhaust memory downstream.
export const MAX_NAME_LENGTH = 253;
export const MAX_STRING_LENGTH = 4096;

export const nameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`);

export const boundedString = z.string().max(MAX_STRING_LENGTH, `must be at most ${MAX_STRING_LENGTH} characters`);
export const stringList = z.array(boundedString);
export const stringMap = z.record(z.string(), boundedString);
export const portNumber = z.number().int().min(1).max(65535);

const metadataSchema = z.object({
  name: nameSchema,
  namespace: nameSchema.optional(),
  uid: z.string().optional(),
  creationTimestamp: z.string().nullable().optional(),
  labels: stringMap.nullable().optional(),
  annotations: z.record(z.string(), z.string()).nullable().optional(),
});

export function parseMeta(raw: RawObject, ctx: ParseContext, clusterScoped = false): ParseResult<ObjectMeta> {
  const parsed = parseWith(metadataSchema, raw['metadata'], 'metadata');
  if (!parsed.ok) return parsed;
  const m = parsed.value;
  const annotations = { ...(m.annotations ?? {}) };
  // Never carry the last-applied configuration: it repeats the whole object (and sometimes secrets).
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  return ok({
    name: m.name,
    namespace: clusterScoped ? '' : (m.namespace ?? ctx.defaultNamespace),
    ...(m.uid ? { uid: m.uid } : {}),
    creationTimestamp: m.creationTimestamp ?? null,
    labels: m.labels ?? {},
    annotations,
    ...(ctx.location ? { location: ctx.location } : {}),
  });
}

/** `selector: { matchLabels }` (or `workloadSelector: { labels }`): null when absent or empty (PA-2). */
export const matchLabelsSchema = z
  .object({ matchLabels: stringMap.nullable().optional() })
  .nullable()
  .optional()
  .transform((s): LabelSelector => (s?.matchLabels && Object.keys(s.matchLabels).length > 0 ? s.matchLabels : null));

export const workloadSelectorSchema = z
  .object({ labels: stringMap.nullable().optional() })
  .nullable()
  .optional()
  .transform((s): LabelSelector => (s?.labels && Object.keys(s.labels).length > 0 ? s.labels : null));

const targetRefSchema = z.object({
  group: z.string().optional(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
});

/** `targetRef` (deprecated, singular) is a one-element `targetRefs` (istio-semantics Z-3). */
export const targetRefsFields = {
  targetRef: targetRefSchema.nullable().optional(),
  targetRefs: z.array(targetRefSchema).nullable().optional(),
};

export function mergeTargetRefs(spec: {
  targetRef?: z.infer<typeof targetRefSchema> | null;
  targetRefs?: z.infer<typeof targetRefSchema>[] | null;
}): PolicyTargetRef[] {
  const refs = [...(spec.targetRefs ?? []), ...(spec.targetRef ? [spec.targetRef] : [])];
  return refs.map((r) => ({ group: r.group ?? '', kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) }));
}

/** A string enum; the CRD schemas are case-sensitive, so values are matched exactly. */
export function enumOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (issue) => `expected one of ${values.join(', ')}, got ${showValue(issue.input)}` });
}
