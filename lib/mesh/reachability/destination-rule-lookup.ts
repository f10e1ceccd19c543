// Which DestinationRule a client uses for a Service host, and the TLS settings it gives a Service port
// (istio-semantics C-1, C-4). Precedence follows Istio's sidecar scope: the client's namespace, then the
// Service's namespace, then the root namespace; within one namespace the most specific host wins.
import type { ClientTlsSettings, DestinationRule, Pod, Service } from '@/lib/snapshot/types';
import { isSelectedBy } from '../labels';
import type { MeshIndex } from '../mesh-index';
import { CLUSTER_DOMAIN, serviceFqdn } from '../ports';

/**
 * A DR host: a name without dots is relative to the DR's namespace (Istio's ResolveShortnameToFQDN); other names
 * are taken literally; `*.suffix` and `*` are wildcards. Higher scores are more specific; 0 is no match.
 */
export function hostMatchScore(drHost: string, drNamespace: string, fqdn: string): number {
  const host = drHost.includes('.') || drHost === '*' || drHost.startsWith('*') ? drHost : `${drHost}.${drNamespace}.${CLUSTER_DOMAIN}`;
  const h = host.toLowerCase();
  if (h === fqdn) return 1000;
  if (h === '*') return 1;
  if (h.startsWith('*.') && fqdn.endsWith(h.slice(1))) return h.length;
  if (h.startsWith('*') && fqdn.endsWith(h.slice(1))) return h.length;
  return 0;
}

function isExportedTo(dr: DestinationRule, namespace: string): boolean {
  if (dr.exportTo.length === 0) return true;
  return dr.exportTo.some((e) => e === '*' || e === namespace || (e === '.' && dr.meta.namespace === namespace));
}

export function findDestinationRule(service: Service, client: Pod | null, index: MeshIndex): DestinationRule | null {
  const fqdn = serviceFqdn(service);
  const clientNs = client?.meta.namespace ?? null;
  const order = [clientNs, service.meta.namespace, index.rootNamespace].filter((n, i, all): n is string => n !== null && all.indexOf(n) === i);
  for (const ns of order) {
    let best: DestinationRule | null = null;
    let bestScore = 0;
    for (const dr of index.destinationRulesByNamespace.get(ns) ?? []) {
      if (clientNs !== null && !isExportedTo(dr, clientNs)) continue;
      // A DR with a workloadSelector applies only to the selected clients in its own namespace.
      if (dr.workloadSelector !== null && (client === null || client.meta.namespace !== ns || !isSelectedBy(dr.workloadSelector, client.meta.labels))) continue;
      const score = hostMatchScore(dr.host, dr.meta.namespace, fqdn);
      if (score > bestScore) {
        best = dr;
        bestScore = score;
      }
    }
    if (best) return best;
  }
  return null;
}

export interface DrTls {
  readonly tls: ClientTlsSettings;
  /** Where in the DR the setting came from, e.g. 'trafficPolicy.portLevelSettings[port 80]'. */
  readonly from: string;
}

/** C-1: port-level settings for the Service port override the destination level; subsets override both when routed to. */
export function destinationRuleTls(dr: DestinationRule, servicePort: number, subset?: string): DrTls | null {
  const fromPolicy = (policy: DestinationRule['trafficPolicy'], prefix: string): DrTls | null => {
    if (!policy) return null;
    const portLevel = policy.portLevelSettings.find((p) => p.port === servicePort);
    if (portLevel?.tls) return { tls: portLevel.tls, from: `${prefix}.portLevelSettings[port ${servicePort}]` };
    if (policy.tls) return { tls: policy.tls, from: `${prefix}.tls` };
    return null;
  };
  if (subset) {
    const s = dr.subsets.find((x) => x.name === subset);
    const fromSubset = s ? fromPolicy(s.trafficPolicy, `subsets[${subset}].trafficPolicy`) : null;
    if (fromSubset) return fromSubset;
  }
  return fromPolicy(dr.trafficPolicy, 'trafficPolicy');
}
