// The namespace page's observed traffic: its STRICT readiness on evidence, and the workloads plaintext reached in the
// window with who sent it (Prometheus label values, rendered as text only).
import Link from 'next/link';
import type { NamespaceTrafficDto } from '@/lib/api/views/namespace';
import { DataTable, type Column } from '@/components/ui/data-table';
import { EvidenceText, TrafficBriefNote } from '../traffic/traffic-evidence';

type PlaintextRow = NamespaceTrafficDto['evidence']['plaintextWorkloads'][number];

const READINESS: Readonly<Record<string, string>> = { ready: 'Ready', blocked: 'Blocked', 'no-traffic': 'No traffic', unknown: 'Unknown' };

const columns = (namespace: string): readonly Column<PlaintextRow>[] => [
  { key: 'workload', header: 'Workload', rowHeader: true, render: (w) => <Link href={`/traffic?namespace=${encodeURIComponent(namespace)}`}>{w.workload}</Link> },
  { key: 'readiness', header: 'Ready for STRICT', render: (w) => READINESS[w.strictReadiness] ?? w.strictReadiness },
  { key: 'plaintext', header: 'Plaintext requests or connections', render: (w) => w.plaintext.toLocaleString('en-US') },
  { key: 'sources', header: 'From', render: (w) => w.plaintextSources.join(', ') },
  { key: 'last', header: 'Last plaintext', render: (w) => w.lastPlaintextAt ?? '' },
];

export function NamespaceTraffic({ namespace, traffic }: { readonly namespace: string; readonly traffic: NamespaceTrafficDto }) {
  const { readiness, plaintextWorkloads } = traffic.evidence;
  return (
    <section aria-labelledby="namespace-traffic">
      <h2 id="namespace-traffic">Observed traffic</h2>
      <TrafficBriefNote brief={traffic} />
      {readiness && (
        <p>
          <EvidenceText evidence={readiness} />
        </p>
      )}
      {plaintextWorkloads.length === 0 ? (
        <p className="muted" data-testid="namespace-no-plaintext">
          No plaintext was observed into this namespace in the window.
        </p>
      ) : (
        <DataTable label="Workloads that received plaintext" rows={plaintextWorkloads} columns={columns(namespace)} rowKey={(w) => w.workload} testId="namespace-plaintext-workloads" />
      )}
    </section>
  );
}
