// What the history database hands back is input like any other (ARCHITECTURE §5): another version, a hand edit or a
// corrupted row must not reach the UI or the diff unchecked. Each JSON column is parsed with a narrow schema here;
// errors name the column and the field.
import { z } from 'zod';
import { DATAPLANES, EFFECTIVE_MODES, PHASES, SEVERITIES } from '@/lib/mesh/model';
import { CAUSE_CHANGES, type NamespaceSummary, type PostureDigest, type PostureSummary } from '@/lib/mesh/history/history-types';

const count = z.number().int().min(0);
const coverage = z.object({ total: count, strict: count, permissive: count, disable: count, none: count, unknown: count });
const phase = z.union(PHASES.map((p) => z.literal(p)) as [z.ZodLiteral<0>, z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>]);
const text = z.string().max(4096);
const port = z.number().int().min(1).max(65535).nullable();

export const summarySchema = z.object({
  mesh: z.object({ phase, workloads: coverage, ports: coverage }),
  namespaces: z.array(z.object({ name: text, phase, workloads: coverage, ports: coverage })),
  findings: z.object({ error: count, warning: count, info: count }),
});

/** posture_records.summary since migration 2: the mesh totals and findings; namespaces are spans of their own. */
export const summaryHeadSchema = summarySchema.omit({ namespaces: true });
/** namespace_summaries.summary. */
export const namespaceSummarySchema = z.object({ phase, workloads: coverage, ports: coverage });

export const causesSchema = z.array(z.object({ kind: text, namespace: text, name: text, change: z.enum(CAUSE_CHANGES) }));

const openFinding = z.object({ key: text, code: text, severity: z.enum(SEVERITIES), namespace: text.nullable(), objects: z.array(text), message: text });

export const digestSchema = z.object({
  at: z.string(),
  source: text,
  summary: summarySchema,
  ports: z.array(z.object({ namespace: text, workload: text, port, mode: z.enum(EFFECTIVE_MODES), dataplane: z.enum(DATAPLANES) })),
  deciders: z.record(text, z.array(text)),
  findings: z.array(openFinding),
  certificates: z.array(z.object({ namespace: text, workload: text, serial: text, notAfter: z.string().nullable() })),
  objects: z.record(text, text),
});

export class StoredDataError extends Error {
  override readonly name = 'StoredDataError';
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = (issue?.path ?? []).map(String).join('.') || '(root)';
  throw new StoredDataError(`${what}: ${field}: ${issue?.message ?? 'invalid'}`);
}

export const parseSummary = (value: unknown, what: string): PostureSummary => parseWith(summarySchema, value, what);
export const parseSummaryHead = (value: unknown, what: string): Omit<PostureSummary, 'namespaces'> => parseWith(summaryHeadSchema, value, what);
export const parseNamespaceSummary = (value: unknown, what: string): Omit<NamespaceSummary, 'name'> => parseWith(namespaceSummarySchema, value, what);
export const parseDigest = (value: unknown, what: string): PostureDigest => parseWith(digestSchema, value, what);
export const parseCauses = (value: unknown, what: string) => parseWith(causesSchema, value, what);
export const parseObjects = (value: unknown, what: string) => parseWith(z.array(text), value, what);
