// Core Kubernetes kinds: Namespace, Pod, Service, ServiceAccount. Only the fields the engine reads.
import { z } from 'zod';
import type { Container, Namespace, Pod, Service, ServiceAccount } from '../types';
import { boundedString, nameSchema, ok, parseMeta, parseWith, portNumber, stringMap, type ParseContext, type ParseResult, type RawObject } from './common';

export function parseNamespace(raw: RawObject, ctx: ParseContext): ParseResult<Namespace> {
  const meta = parseMeta(raw, ctx, true);
  return meta.ok ? ok({ meta: meta.value }) : meta;
}

export function parseServiceAccount(raw: RawObject, ctx: ParseContext): ParseResult<ServiceAccount> {
  const meta = parseMeta(raw, ctx);
  return meta.ok ? ok({ meta: meta.value }) : meta;
}

const containerSchema = z.object({
  name: nameSchema,
  image: boundedString.optional(),
  restartPolicy: z.string().optional(),
  ports: z
    .array(z.object({ containerPort: portNumber, name: z.string().max(63).optional(), protocol: z.string().optional() }))
    .nullable()
    .optional(),
  // Only literal values are kept, for a heuristic (which pods name which Services); entries are read one by one
  // below rather than validated field by field, which halves the cost of parsing a large cluster's pods.
  env: z.array(z.unknown()).nullable().optional(),
});

const MAX_ENV_VALUE = 4096;

function envValues(env: readonly unknown[] | null | undefined): string[] {
  const out: string[] = [];
  for (const e of env ?? []) {
    const value = e !== null && typeof e === 'object' ? (e as { value?: unknown }).value : undefined;
    if (typeof value === 'string' && value.length > 0 && value.length <= MAX_ENV_VALUE) out.push(value);
  }
  return out;
}

const podSpecSchema = z.object({
  serviceAccountName: z.string().optional(),
  serviceAccount: z.string().optional(),
  hostNetwork: z.boolean().optional(),
  containers: z.array(containerSchema).min(1, 'a pod has at least one container'),
  initContainers: z.array(containerSchema).nullable().optional(),
  volumes: z.array(z.unknown()).nullable().optional(),
});

const MAX_VOLUMES = 256;
/** The SPIFFE CSI driver (spiffe/spiffe-csi) that Istio's SPIRE integration mounts the agent socket with. */
const SPIFFE_CSI_DRIVER = 'csi.spiffe.io';
/** Host folders SPIRE agents serve their Workload API socket from (/run/spire/sockets, /run/spire/agent-sockets...). */
const SPIRE_SOCKET_HOST_PATH = /\/spire\/(agent-)?sockets?\b|\/spire-agent\.sock$|\/spire\/agent\b/;

/** Which volume, if any, brings a SPIRE agent's socket into the pod (istio.io/latest/docs/ops/integrations/spire/). */
function spireAgentSocket(volumes: readonly unknown[] | null | undefined): string | null {
  for (const v of (volumes ?? []).slice(0, MAX_VOLUMES)) {
    if (v === null || typeof v !== 'object') continue;
    const { name, csi, hostPath } = v as { name?: unknown; csi?: { driver?: unknown }; hostPath?: { path?: unknown } };
    const label = typeof name === 'string' ? `volume ${name.slice(0, 63)}: ` : '';
    if (csi && typeof csi === 'object' && csi.driver === SPIFFE_CSI_DRIVER) return `${label}csi driver ${SPIFFE_CSI_DRIVER}`;
    const path = hostPath && typeof hostPath === 'object' ? hostPath.path : undefined;
    if (typeof path === 'string' && path.length <= 4096 && SPIRE_SOCKET_HOST_PATH.test(path)) return `${label}hostPath ${path}`;
  }
  return null;
}

const podStatusSchema = z
  .object({ podIP: z.string().optional(), phase: z.string().optional() })
  .nullable()
  .optional();

const ownerSchema = z.array(z.object({ kind: z.string(), name: z.string(), controller: z.boolean().optional() })).nullable().optional();

function toContainer(c: z.infer<typeof containerSchema>, init: boolean): Container {
  return {
    name: c.name,
    ...(c.image ? { image: c.image } : {}),
    ports: (c.ports ?? []).map((p) => ({ containerPort: p.containerPort, protocol: p.protocol ?? 'TCP', ...(p.name ? { name: p.name } : {}) })),
    envValues: envValues(c.env),
    nativeSidecar: init && c.restartPolicy === 'Always',
  };
}

export function parsePod(raw: RawObject, ctx: ParseContext): ParseResult<Pod> {
  const meta = parseMeta(raw, ctx);
  if (!meta.ok) return meta;
  const spec = parseWith(podSpecSchema, raw['spec'], 'spec');
  if (!spec.ok) return spec;
  const status = parseWith(podStatusSchema, raw['status'], 'status');
  if (!status.ok) return status;
  const owners = parseWith(ownerSchema, (raw['metadata'] as RawObject | undefined)?.['ownerReferences'], 'metadata.ownerReferences');
  const owner = owners.ok ? (owners.value?.find((o) => o.controller) ?? owners.value?.[0]) : undefined;
  const s = spec.value;
  const spire = spireAgentSocket(s.volumes);
  return ok({
    meta: meta.value,
    serviceAccountName: s.serviceAccountName ?? s.serviceAccount ?? 'default',
    hostNetwork: s.hostNetwork ?? false,
    containers: s.containers.map((c) => toContainer(c, false)),
    initContainers: (s.initContainers ?? []).map((c) => toContainer(c, true)),
    ...(status.value?.podIP ? { podIP: status.value.podIP } : {}),
    ...(status.value?.phase ? { phase: status.value.phase } : {}),
    ...(owner ? { owner: { kind: owner.kind, name: owner.name } } : {}),
    ...(spire ? { spireAgentSocket: spire } : {}),
  });
}

const serviceSpecSchema = z.object({
  selector: stringMap.nullable().optional(),
  type: z.string().optional(),
  clusterIP: z.string().optional(),
  ports: z
    .array(
      z.object({
        name: z.string().max(63).optional(),
        port: portNumber,
        targetPort: z.union([portNumber, z.string().min(1).max(15)]).optional(),
        protocol: z.string().optional(),
        appProtocol: z.string().max(253).optional(),
      }),
    )
    .nullable()
    .optional(),
});

export function parseService(raw: RawObject, ctx: ParseContext): ParseResult<Service> {
  const meta = parseMeta(raw, ctx);
  if (!meta.ok) return meta;
  const spec = parseWith(serviceSpecSchema, raw['spec'] ?? {}, 'spec');
  if (!spec.ok) return spec;
  const s = spec.value;
  return ok({
    meta: meta.value,
    selector: s.selector && Object.keys(s.selector).length > 0 ? s.selector : null,
    type: s.type ?? 'ClusterIP',
    headless: s.clusterIP === 'None',
    ports: (s.ports ?? []).map((p) => ({
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      ...(p.name ? { name: p.name } : {}),
      ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
    })),
  });
}
