// Principals in a trust domain the mesh never issues (MP306, istio-semantics Z-14).
import { nsName, objectId, type AuthorizationPolicy } from '@/lib/snapshot/types';
import type { Finding } from '../model';
import { makeFinding, type FindingCheck, type FindingContext } from './context';
import { getMeshConfig, meshConfigObject } from './mesh-config-ref';
import { commands, sh } from './shell';
import { listForMessage } from './workload-groups';

/**
 * `cluster.local` in a principal is a pointer to the local trust domain and its aliases (istio
 * pkg/config/security/trustdomain.go `ReplaceTrustDomainAliases`), so it always matches.
 */
const LOCAL_POINTER = 'cluster.local';

/** The trust domain of a principal: the text before the first `/ns/`; null when there is none. */
export function principalTrustDomain(principal: string): string | null {
  const i = principal.indexOf('/ns/');
  return i > 0 ? principal.slice(0, i) : null;
}

/** Whether a (possibly `prefix*` / `*suffix`) trust-domain pattern could match one of the mesh's trust domains. */
export function couldMatchMeshTrustDomain(pattern: string, meshDomains: readonly string[]): boolean {
  const p = pattern.toLowerCase();
  if (p === '*' || p === '') return true;
  if (p.startsWith('*')) return meshDomains.some((d) => d.endsWith(p.slice(1)));
  if (p.endsWith('*')) return meshDomains.some((d) => d.startsWith(p.slice(0, -1)));
  return meshDomains.includes(p);
}

interface Foreign {
  readonly value: string;
  readonly trustDomain: string;
}

/** Principals, `source.principal` values and `trustDomains` of a policy whose trust domain no mesh domain matches. */
export function foreignTrustDomainEntries(policy: AuthorizationPolicy, meshDomains: readonly string[]): Foreign[] {
  const out: Foreign[] = [];
  const principal = (value: string, local: readonly string[]) => {
    const td = principalTrustDomain(value);
    if (td !== null && !couldMatchMeshTrustDomain(td, local)) out.push({ value, trustDomain: td });
  };
  const withPointer = [...meshDomains, LOCAL_POINTER];
  for (const rule of policy.rules ?? []) {
    for (const s of rule.from ?? []) {
      for (const v of [...(s.principals ?? []), ...(s.notPrincipals ?? [])]) principal(v, withPointer);
      // trustDomains is a plain prefix match on the peer's SPIFFE ID: no alias expansion, no cluster.local pointer.
      for (const td of [...(s.trustDomains ?? []), ...(s.notTrustDomains ?? [])]) if (!couldMatchMeshTrustDomain(td, meshDomains)) out.push({ value: td, trustDomain: td });
    }
    for (const c of rule.when ?? []) {
      if (c.key === 'source.principal') for (const v of [...(c.values ?? []), ...(c.notValues ?? [])]) principal(v, withPointer);
      if (c.key === 'source.trustDomain') for (const td of [...(c.values ?? []), ...(c.notValues ?? [])]) if (!couldMatchMeshTrustDomain(td, meshDomains)) out.push({ value: td, trustDomain: td });
    }
  }
  return out;
}

/**
 * MP306: a policy naming an identity outside meshConfig.trustDomain and its aliases. A SPIRE-federated trust domain
 * is flagged too: it is not an alias, so istiod does not expand the principal to the mesh's own domains.
 */
function foreignTrustDomainPrincipal(ctx: FindingContext): Finding[] {
  const mc = ctx.index.snapshot.meshConfig;
  const domains = [...new Set([mc.trustDomain, ...mc.trustDomainAliases].map((d) => d.toLowerCase()))];
  const out: Finding[] = [];
  for (const ap of ctx.index.snapshot.authorizationPolicies) {
    const foreign = foreignTrustDomainEntries(ap, domains);
    if (foreign.length === 0) continue;
    const tds = [...new Set(foreign.map((f) => f.trustDomain))].sort();
    const aliases = mc.trustDomainAliases.length > 0 ? ` or its aliases (${mc.trustDomainAliases.join(', ')})` : '';
    out.push(
      makeFinding('MP306', {
        objects: [objectId('AuthorizationPolicy', ap.meta), ...meshConfigObject(mc)],
        namespace: ap.meta.namespace,
        message:
          `AuthorizationPolicy ${nsName(ap.meta)} names ${listForMessage([...new Set(foreign.map((f) => `"${f.value}"`))])} in trust domain${tds.length === 1 ? '' : 's'} ${tds.join(', ')}, ` +
          `which ${tds.length === 1 ? 'is' : 'are'} not the mesh trust domain ${mc.trustDomain}${aliases}: no mesh workload presents such an identity`,
        verify: commands(sh`kubectl get authorizationpolicy ${ap.meta.name} -n ${ap.meta.namespace} -o yaml`, getMeshConfig(mc)),
      }),
    );
  }
  return out;
}

export const trustDomainChecks: readonly FindingCheck[] = [{ code: 'MP306', requires: ['AuthorizationPolicy', 'MeshConfig'], run: foreignTrustDomainPrincipal }];
