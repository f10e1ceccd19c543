// The `--forbid` argument of serve.ts.
import type { ForbidRule } from './types';

/** `plural[.group][@namespace]`, as RBAC names resources: `pods`, `authorizationpolicies.security.istio.io@shop`. */
export function parseForbid(text: string): ForbidRule {
  const [resourceAndGroup = '', namespace] = text.split('@');
  const dot = resourceAndGroup.indexOf('.');
  const resource = dot < 0 ? resourceAndGroup : resourceAndGroup.slice(0, dot);
  const group = dot < 0 ? '' : resourceAndGroup.slice(dot + 1);
  if (!/^[a-z0-9/]+$/.test(resource)) throw new Error(`--forbid ${JSON.stringify(text)}: expected plural[.group][@namespace]`);
  return { resource, group, ...(namespace ? { namespace } : {}) };
}
