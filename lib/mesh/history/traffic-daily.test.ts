import { describe, expect, it } from 'vitest';
import type { Dataplane } from '../model';
import { anEdge, aTrafficSnapshot } from '@/test/traffic-builders';
import { trafficDays } from './traffic-daily';

const DATAPLANES: Readonly<Record<string, Dataplane>> = { 'shop/web': 'sidecar', 'mesh/ambient-api': 'ambient' };
const dataplaneOf = (ns: string, w: string) => DATAPLANES[`${ns}/${w}`];
const days = (...counts: [string, number][]) => counts.map(([day, count]) => ({ day, count }));

describe('trafficDays: observed plaintext per UTC day and destination workload', () => {
  it('adds up what arrived outside mTLS per day, as the reconciliation classifies it', () => {
    const traffic = aTrafficSnapshot({
      edges: [
        anEdge({ from: 'unknown', to: 'shop/web', securityPolicy: 'none', nonMtlsByDay: days(['2026-05-30', 10], ['2026-05-31', 4]) }),
        anEdge({ from: 'legacy/batch', to: 'shop/web', securityPolicy: 'none', nonMtlsByDay: days(['2026-05-31', 6]) }),
        anEdge({ from: 'unknown', to: 'shop/web', metric: 'connections', securityPolicy: 'none', nonMtlsByDay: days(['2026-05-31', 2]) }),
        // unknown at a sidecar cannot be told; at a ztunnel (ambient destination) it is plaintext (classify.ts).
        anEdge({ from: 'unknown', to: 'shop/web', securityPolicy: 'unknown', nonMtlsByDay: days(['2026-05-31', 3]) }),
        anEdge({ from: 'unknown', to: 'mesh/ambient-api', securityPolicy: 'unknown', nonMtlsByDay: days(['2026-05-31', 7]) }),
        // Said nothing about the destination's side (source-reported), or bytes: not counted.
        anEdge({ from: 'shop/web', to: 'mesh/ambient-api', reporter: 'source', securityPolicy: 'unknown', nonMtlsByDay: days(['2026-05-31', 99]) }),
        anEdge({ from: 'unknown', to: 'shop/web', metric: 'bytes-received', securityPolicy: 'none', nonMtlsByDay: days(['2026-05-31', 5000]) }),
        anEdge({ from: 'shop/web', to: 'shop/cart' }),
      ],
    });
    expect(trafficDays(traffic, dataplaneOf)).toEqual([
      { day: '2026-05-30', namespace: 'shop', workload: 'web', plaintextRequests: 10, plaintextConnections: 0, unclassifiedRequests: 0, unclassifiedConnections: 0 },
      { day: '2026-05-31', namespace: 'mesh', workload: 'ambient-api', plaintextRequests: 7, plaintextConnections: 0, unclassifiedRequests: 0, unclassifiedConnections: 0 },
      { day: '2026-05-31', namespace: 'shop', workload: 'web', plaintextRequests: 10, plaintextConnections: 2, unclassifiedRequests: 3, unclassifiedConnections: 0 },
    ]);
  });

  it('nothing from a Prometheus that did not answer', () => {
    const traffic = aTrafficSnapshot({ status: 'unreachable', edges: [anEdge({ from: 'unknown', to: 'shop/web', securityPolicy: 'none', nonMtlsByDay: days(['2026-05-31', 1]) })] });
    expect(trafficDays(traffic, dataplaneOf)).toEqual([]);
  });
});
