// CUSTOM (ext_authz) authorization: providers missing from the mesh config (MP304), several providers on one
// workload (MP308), both fail closed (istio-semantics Z-4); and ext_authz configured to fail open (MP305).
import { nsName, objectId, type AuthorizationPolicy } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { Finding } from '../model';
import { makeFinding, type FindingCheck, type FindingContext } from './context';
import { getMeshConfig, meshConfigName, meshConfigObject } from './mesh-config-ref';
import { policiesOn } from './policy-attachment';
import { commands, sh } from './shell';
import { capped, listForMessage, plural, podId } from './workload-groups';

const EXT_AUTHZ_KINDS: readonly string[] = ['envoyExtAuthzHttp', 'envoyExtAuthzGrpc'];
const apId = (ap: AuthorizationPolicy) => objectId('AuthorizationPolicy', ap.meta);
const getAp = (ap: AuthorizationPolicy) => sh`kubectl get authorizationpolicy ${ap.meta.name} -n ${ap.meta.namespace} -o yaml`;

/** MP304: an enforced CUSTOM policy whose provider is not an envoyExtAuthzHttp/Grpc entry of meshConfig.extensionProviders. */
function customProviderMissing(ctx: FindingContext): Finding[] {
  const mc = ctx.index.snapshot.meshConfig;
  const out: Finding[] = [];
  for (const ap of ctx.index.snapshot.authorizationPolicies) {
    if (ap.action !== 'CUSTOM' || ap.dryRun) continue;
    const name = ap.provider ?? '';
    const provider = mc.extensionProviders.find((p) => p.name === name);
    if (provider && EXT_AUTHZ_KINDS.includes(provider.kind)) continue;
    const problem = provider
      ? `is a ${provider.kind} provider in ${meshConfigName(mc)}, not envoyExtAuthzHttp or envoyExtAuthzGrpc`
      : `is not defined in meshConfig.extensionProviders of ${meshConfigName(mc)}`;
    out.push(
      makeFinding('MP304', {
        objects: [apId(ap), ...meshConfigObject(mc)],
        namespace: ap.meta.namespace,
        message: `CUSTOM policy ${nsName(ap.meta)} names provider "${name}", which ${problem}: Istio denies every request its rules match instead of asking an authorizer`,
        verify: commands(getAp(ap), getMeshConfig(mc)),
      }),
    );
  }
  return out;
}

/** MP308: workloads (grouped by their set of CUSTOM policies) whose applicable CUSTOM policies name more than one provider. */
function multipleCustomProviders(ctx: FindingContext): Finding[] {
  const groups = new Map<string, { policies: AuthorizationPolicy[]; providers: string[]; pods: EvaluatedWorkload[] }>();
  for (const w of ctx.workloads) {
    // ztunnel does not run CUSTOM at all (Z-15), so only proxies that build ext_authz filters count.
    if (w.dataplane !== 'sidecar') continue;
    // Dry-run CUSTOM policies count: the builder collects providers from both (custom-providers.ts).
    const custom = policiesOn(ctx, w).filter((p) => p.action === 'CUSTOM');
    const providers = [...new Set(custom.map((p) => p.provider ?? ''))].sort();
    if (providers.length < 2) continue;
    const key = custom.map((p) => nsName(p.meta)).sort().join(',');
    const g = groups.get(key) ?? { policies: custom, providers, pods: [] };
    g.pods.push(w);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ policies, providers, pods }) => {
    const first = pods[0]!;
    return makeFinding('MP308', {
      objects: [...policies.map(apId).sort(), ...capped(pods.map(podId))],
      namespace: first.pod.meta.namespace,
      message:
        `${plural(pods.length, 'pod')} (${listForMessage(pods.map((w) => nsName(w.pod.meta)))}) get CUSTOM policies ${listForMessage(policies.map((p) => nsName(p.meta)).sort())} ` +
        `naming ${providers.length} providers (${providers.map((p) => `"${p}"`).join(', ')}): Istio allows one per workload and denies the requests those rules match`,
      verify: commands(sh`istioctl x authz check ${first.pod.meta.name} -n ${first.pod.meta.namespace}`, ...policies.map(getAp)),
    });
  });
}

/** MP305 (EnvoyFilter): a patch inserting an ext_authz filter with failure_mode_allow true. */
function envoyFilterExtAuthzFailOpen(ctx: FindingContext): Finding[] {
  return ctx.index.snapshot.envoyFilters
    .filter((ef) => ef.patches.some((p) => (p.filterName ?? '').includes('ext_authz') && p.failureModeAllow === true))
    .map((ef) =>
      makeFinding('MP305', {
        objects: [objectId('EnvoyFilter', ef.meta)],
        namespace: ef.meta.namespace,
        message: `EnvoyFilter ${nsName(ef.meta)} inserts an ext_authz filter with failure_mode_allow: true: when the authorizer is down or slow, requests pass unchecked`,
        verify: commands(sh`kubectl get envoyfilter ${ef.meta.name} -n ${ef.meta.namespace} -o yaml`),
      }),
    );
}

/** MP305 (mesh config): an envoyExtAuthzHttp/Grpc extension provider with failOpen true. */
function providerFailOpen(ctx: FindingContext): Finding[] {
  const mc = ctx.index.snapshot.meshConfig;
  return mc.extensionProviders
    .filter((p) => EXT_AUTHZ_KINDS.includes(p.kind) && p.failOpen === true)
    .map((p) =>
      makeFinding('MP305', {
        objects: meshConfigObject(mc),
        namespace: mc.from?.namespace ?? null,
        message: `Extension provider "${p.name}" (${p.kind}${p.service ? `, ${p.service}${p.port ? `:${p.port}` : ''}` : ''}) in ${meshConfigName(mc)} sets failOpen: true: when the authorizer is down, CUSTOM-protected requests pass unchecked`,
        verify: commands(getMeshConfig(mc)),
      }),
    );
}

export const customAuthzChecks: readonly FindingCheck[] = [
  { code: 'MP304', requires: ['AuthorizationPolicy', 'MeshConfig'], run: customProviderMissing },
  { code: 'MP305', requires: ['EnvoyFilter'], run: envoyFilterExtAuthzFailOpen },
  { code: 'MP305', requires: ['MeshConfig'], run: providerFailOpen },
  { code: 'MP308', requires: ['AuthorizationPolicy', 'Pod', 'Namespace'], run: multipleCustomProviders },
];
