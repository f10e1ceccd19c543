// CUSTOM action providers (istio-semantics Z-4). A CUSTOM policy names an extension provider of meshConfig; Istio
// calls it only for requests the CUSTOM rules match. With more than one distinct provider on one workload
// (PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS is false by default), or a provider that is missing or invalid,
// Istio instead emits DENY rules for exactly the requests those CUSTOM rules match: it fails closed.
import type { AuthorizationPolicy, ExtensionProvider, MeshConfig } from '@/lib/snapshot/types';

export const EXT_AUTHZ_PROVIDER_KINDS = ['envoyExtAuthzHttp', 'envoyExtAuthzGrpc'] as const;

export type CustomAuthzSetup =
  | { readonly state: 'none' }
  | { readonly state: 'valid'; readonly provider: ExtensionProvider }
  /** The CUSTOM rules become fail-closed DENY rules; `reason` says why. */
  | { readonly state: 'refused'; readonly providers: readonly string[]; readonly reason: string };

function isExtAuthz(provider: ExtensionProvider): boolean {
  return (EXT_AUTHZ_PROVIDER_KINDS as readonly string[]).includes(provider.kind);
}

/**
 * Z-4: how the CUSTOM policies applicable to one workload are enforced. Dry-run CUSTOM policies count when
 * providers are tallied, as in the builder (it collects providers from enforced and dry-run rules alike).
 */
export function resolveCustomAuthz(policies: readonly AuthorizationPolicy[], meshConfig: MeshConfig): CustomAuthzSetup {
  const custom = policies.filter((p) => p.action === 'CUSTOM');
  if (custom.length === 0) return { state: 'none' };
  const names = [...new Set(custom.map((p) => p.provider ?? ''))].sort();
  if (names.length > 1) {
    return {
      state: 'refused',
      providers: names,
      reason: `CUSTOM policies on this workload name ${names.length} providers (${names.join(', ')}) and Istio allows one unless PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS is set`,
    };
  }
  const name = names[0] ?? '';
  const provider = meshConfig.extensionProviders.find((p) => p.name === name);
  if (!provider) {
    return { state: 'refused', providers: names, reason: `the CUSTOM provider "${name}" is not defined in meshConfig.extensionProviders` };
  }
  if (!isExtAuthz(provider)) {
    return { state: 'refused', providers: names, reason: `the CUSTOM provider "${name}" is a ${provider.kind} provider, not envoyExtAuthzHttp or envoyExtAuthzGrpc` };
  }
  if (provider.port !== undefined && (!Number.isInteger(provider.port) || provider.port < 1 || provider.port > 65535)) {
    return { state: 'refused', providers: names, reason: `the CUSTOM provider "${name}" has an invalid port ${provider.port}` };
  }
  return { state: 'valid', provider };
}
