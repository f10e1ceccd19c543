// Which client namespaces an AuthorizationPolicy names. The topology asks the engine about clients from these
// namespaces (and from the server's own), not about every namespace: this picks whom to ask, never the verdict.
// Wildcard values (`*`, `foo-*`, `*/ns/x/sa/*`-style principals with a wildcard namespace) name no namespace here;
// the "other namespaces" representative stands for them.
import type { AuthorizationPolicy, AuthzSource } from '@/lib/snapshot/types';

const PRINCIPAL_NAMESPACE = /\/ns\/([^/]+)\/sa\//;

function fromNamespaceValue(value: string): string | null {
  return value.includes('*') ? null : value;
}

/** `<trust domain>/ns/<ns>/sa/<sa>` → ns (no wildcard in the namespace part). */
export function principalNamespace(principal: string): string | null {
  const m = PRINCIPAL_NAMESPACE.exec(principal);
  return m?.[1] && !m[1].includes('*') ? m[1] : null;
}

/** `serviceAccounts` values: `ns/sa`, or `sa` meaning the policy's namespace (Z-7). */
function serviceAccountNamespace(value: string, policyNamespace: string): string | null {
  const slash = value.indexOf('/');
  return slash >= 0 ? fromNamespaceValue(value.slice(0, slash)) : policyNamespace;
}

function sourceNamespaces(source: AuthzSource, policyNamespace: string): string[] {
  const out: string[] = [];
  for (const v of [...(source.namespaces ?? []), ...(source.notNamespaces ?? [])]) {
    const ns = fromNamespaceValue(v);
    if (ns) out.push(ns);
  }
  for (const v of [...(source.principals ?? []), ...(source.notPrincipals ?? [])]) {
    const ns = principalNamespace(v);
    if (ns) out.push(ns);
  }
  for (const v of [...(source.serviceAccounts ?? []), ...(source.notServiceAccounts ?? [])]) {
    const ns = serviceAccountNamespace(v, policyNamespace);
    if (ns) out.push(ns);
  }
  return out;
}

/** The namespaces the policies' sources name exactly, sorted, without duplicates. */
export function namespacesNamedBy(policies: readonly AuthorizationPolicy[]): string[] {
  const out = new Set<string>();
  for (const p of policies) {
    for (const rule of p.rules ?? []) for (const source of rule.from ?? []) for (const ns of sourceNamespaces(source, p.meta.namespace)) out.add(ns);
  }
  return [...out].sort();
}
