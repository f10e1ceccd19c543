// The format of demo/certificates.yaml: the CAs of the embedded demo mesh, the default leaf issuance, and
// per-pod exceptions (expired, expiring, SPIRE, a foreign root, unreachable, metrics only). Times are
// relative to the moment the demo loads, so "expiring" and "expired" stay true whatever the date.
import { z } from 'zod';
import { formatZodError } from '@/lib/snapshot/parse/common';

export const DEMO_CERT_ORIGINS = ['config-dump', 'envoy-certs', 'agent-metrics'] as const;
export type DemoCertOrigin = (typeof DEMO_CERT_ORIGINS)[number];

const POD_KEY = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/;
const name = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'expected a lower-case DNS label');
const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const positive = finite.refine((n) => n > 0, 'expected a positive number');

const rootSchema = z.strictObject({
  name,
  /** Informational for the mesh root (its SPIFFE IDs use the mesh trust domain); the trust domain of leaves a non-mesh root issues. */
  trustDomain: z.string().min(1).max(253).optional(),
  notBeforeDaysAgo: finite,
  lifetimeDays: positive,
});

const podSchema = z.strictObject({
  /** CA that issues the leaf. */
  root: name.optional(),
  /** Root the proxy's ROOTCA holds, when not the issuing root. */
  trustRoot: name.optional(),
  spiffeId: z.string().regex(/^spiffe:\/\/[^/\s]+(\/\S*)?$/, 'expected spiffe://<trust-domain>/<path>').optional(),
  lifetimeHours: positive.optional(),
  /** Negative: issued in the future (not yet valid). */
  issuedHoursAgo: finite.optional(),
  /** No data for this proxy: its posture must read unknown. */
  unreachable: z.boolean().optional(),
  origin: z.enum(DEMO_CERT_ORIGINS).optional(),
});

const specSchema = z
  .strictObject({
    roots: z.array(rootSchema).min(1, 'at least one root (the mesh CA) is required').max(32),
    defaults: z.strictObject({
      root: name,
      lifetimeHours: positive.default(24),
      issuedHoursAgoMax: finite.refine((n) => n >= 0, 'expected a number ≥ 0').default(11),
    }),
    pods: z.record(z.string(), podSchema).default({}),
  })
  .superRefine((spec, ctx) => {
    const names = new Set<string>();
    spec.roots.forEach((r, i) => {
      if (names.has(r.name)) ctx.addIssue({ code: 'custom', path: ['roots', i, 'name'], message: `duplicate root ${r.name}` });
      names.add(r.name);
    });
    const check = (ref: string | undefined, path: (string | number)[]) => {
      if (ref !== undefined && !names.has(ref)) ctx.addIssue({ code: 'custom', path, message: `unknown root ${JSON.stringify(ref)} (roots: ${[...names].join(', ')})` });
    };
    check(spec.defaults.root, ['defaults', 'root']);
    for (const [key, pod] of Object.entries(spec.pods)) {
      if (!POD_KEY.test(key)) ctx.addIssue({ code: 'custom', path: ['pods', key], message: 'keys must be "namespace/pod"' });
      check(pod.root, ['pods', key, 'root']);
      check(pod.trustRoot, ['pods', key, 'trustRoot']);
    }
  });

export type DemoCertSpec = z.infer<typeof specSchema>;
export type DemoRootSpec = DemoCertSpec['roots'][number];
export type DemoPodCertSpec = DemoCertSpec['pods'][string];

/** Validates a decoded certificates.yaml. Throws an Error naming each problem's path. */
export function parseDemoCertSpec(raw: unknown): DemoCertSpec {
  const result = specSchema.safeParse(raw);
  if (!result.success) throw new Error(`demo certificates: ${formatZodError(result.error)}`);
  return result.data;
}
