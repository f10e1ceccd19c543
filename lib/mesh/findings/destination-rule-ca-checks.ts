// TLS origination that does not verify the server (MP204), with istioctl's CaCertificateAnalyzer as the oracle
// (IST0128 destination level, IST0129 port level; corpus EXPECTED.md §A).
import { nsName, objectId, type ClientTlsSettings, type DestinationRule } from '@/lib/snapshot/types';
import type { Finding } from '../model';
import { makeFinding, type FindingCheck, type FindingContext } from './context';
import { commands, sh } from './shell';

export interface CaGap {
  /** 'destination' ↔ IST0128 (trafficPolicy.tls), 'port' ↔ IST0129 (trafficPolicy.portLevelSettings[].tls). */
  readonly level: 'destination' | 'port';
  readonly port?: number;
  readonly mode: 'SIMPLE' | 'MUTUAL';
}

/**
 * SIMPLE or MUTUAL without caCertificates. With credentialName the CA may come from the Secret, but on sidecars
 * that only counts for a DestinationRule with a workloadSelector, so only that combination is exempt (corpus cases
 * destinationrule-*-credentialname[-selector]).
 */
function gapOf(tls: ClientTlsSettings | null, dr: DestinationRule): 'SIMPLE' | 'MUTUAL' | null {
  if (!tls || (tls.mode !== 'SIMPLE' && tls.mode !== 'MUTUAL')) return null;
  if (tls.caCertificates) return null;
  if (tls.credentialName && dr.workloadSelector !== null) return null;
  return tls.mode;
}

/** The destination-level gap first, then each port-level gap in the order written. */
export function caCertificateGaps(dr: DestinationRule): CaGap[] {
  const out: CaGap[] = [];
  const top = gapOf(dr.trafficPolicy?.tls ?? null, dr);
  if (top) out.push({ level: 'destination', mode: top });
  for (const p of dr.trafficPolicy?.portLevelSettings ?? []) {
    const mode = gapOf(p.tls, dr);
    if (mode) out.push({ level: 'port', port: p.port, mode });
  }
  return out;
}

/** MP204: one finding per gap, like istioctl's one message per level. */
function tlsOriginationWithoutCa(ctx: FindingContext): Finding[] {
  return ctx.index.snapshot.destinationRules.flatMap((dr) =>
    caCertificateGaps(dr).map((gap) => {
      const where = gap.level === 'destination' ? 'trafficPolicy.tls' : `trafficPolicy.portLevelSettings[port ${gap.port ?? '?'}].tls`;
      return makeFinding('MP204', {
        objects: [objectId('DestinationRule', dr.meta)],
        namespace: dr.meta.namespace,
        message: `DestinationRule ${nsName(dr.meta)} sets ${where}.mode ${gap.mode} for host ${dr.host} without caCertificates: the client does not verify the server certificate`,
        verify: commands(sh`kubectl get destinationrule ${dr.meta.name} -n ${dr.meta.namespace} -o yaml`, sh`istioctl analyze -n ${dr.meta.namespace}`),
      });
    }),
  );
}

export const destinationRuleCaChecks: readonly FindingCheck[] = [{ code: 'MP204', requires: ['DestinationRule'], run: tlsOriginationWithoutCa }];
