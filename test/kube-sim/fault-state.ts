// The faults currently switched on, and how a request is matched against them. Streams and the listener are
// acted on by the server; this module only holds the state and answers "does this fault apply here".
import type { ForbidRule, SimVerb } from './types';

export interface RequestScope {
  readonly group: string;
  readonly resource: string; // plural, or `pods/proxy` / `pods/portforward`
  readonly namespace: string | null;
  readonly verb: SimVerb;
  /** The object's name, for a get or a pod subresource (only used in the Forbidden message). */
  readonly name?: string | null;
}

export class FaultState {
  private forbids: ForbidRule[] = [];
  readonly absentGroups = new Set<string>();
  latencyMs = 0;
  /** Requests presenting a resourceVersion (or continue token) below this are answered HTTP 410 (0: off). */
  expiredAsStatusBelow = 0;
  private throttled = 0;
  private retryAfterSeconds = 0;

  forbid(rule: ForbidRule): void {
    this.forbids.push({ ...rule, ...(rule.verbs ? { verbs: [...rule.verbs] } : {}) });
  }

  allow(rule?: { group?: string; resource?: string; namespace?: string }): void {
    if (!rule) {
      this.forbids = [];
      return;
    }
    this.forbids = this.forbids.filter(
      (f) => !((rule.group === undefined || f.group === rule.group) && (rule.resource === undefined || f.resource === rule.resource) && (rule.namespace === undefined || f.namespace === rule.namespace)),
    );
  }

  /**
   * A rule for one namespace also forbids the cluster-wide request: with RBAC a list across all namespaces needs
   * a cluster-scope grant, which cannot exclude one namespace.
   */
  isForbidden(scope: RequestScope): boolean {
    return this.forbids.some(
      (f) =>
        f.resource === scope.resource &&
        (f.group === undefined || f.group === scope.group) &&
        (f.verbs === undefined || f.verbs.includes(scope.verb)) &&
        (f.namespace === undefined || scope.namespace === null || f.namespace === scope.namespace),
    );
  }

  throttle(requests: number, retryAfterSeconds: number): void {
    this.throttled = requests;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Consumes one throttled request; the Retry-After to send, or null if not throttled. */
  takeThrottle(): number | null {
    if (this.throttled <= 0) return null;
    this.throttled--;
    return this.retryAfterSeconds;
  }
}
