'use client';
// The pod drill-down: identity and dataplane, effective mTLS per port with the chain that decided it, authorization,
// certificate, the clients that can reach it, findings, and the commands to confirm each. Data comes from
// /api/v1/namespaces/{ns}/pods/{pod} through react-query (prefetched on the server).
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { parsePodFilters, podQueryOptions, podSearch, type PodView } from '@/lib/api/views/pod';
import { useUrlFilters } from '@/components/ui/use-url-filters';
import { ViewQuery } from '@/components/ui/view-states';
import { PodAuthzSection } from './pod-authz-section';
import { PodCertificateSection } from './pod-certificate-section';
import { PodClientsSection } from './pod-clients-section';
import { CommandList } from './command-list';
import styles from './pod.module.css';
import { PodFindingsSection } from './pod-findings-section';
import { PodHistorySection } from './pod-history-section';
import { PodMtlsSection } from './pod-mtls-section';
import { PodObservedSection } from './pod-observed-section';
import { PodWaypointSection } from './pod-waypoint-section';
import { modeClass } from './presentation';

const DATAPLANE_TEXT: Readonly<Record<PodView['dataplane'], string>> = {
  sidecar: 'Sidecar (istio-proxy)',
  ambient: 'Ambient (ztunnel)',
  none: 'None: not in the mesh',
};

function Identity({ data }: { readonly data: PodView }) {
  return (
    <section aria-labelledby="identity-heading">
      <h2 id="identity-heading">Identity and dataplane</h2>
      {data.predictedFrom && (
        <p role="note" className="banner" data-testid="predicted-banner">
          Predicted from {data.predictedFrom.kind} {data.predictedFrom.name}: no such pod was in the source, so these are the verdicts a pod created from
          its template would get.
        </p>
      )}
      <dl className="summary">
        <div className="card">
          <dt>Service account</dt>
          <dd className={`card-text ${styles.wrap}`} data-testid="service-account">
            {data.serviceAccount}
          </dd>
        </div>
        <div className="card">
          <dt>SPIFFE ID</dt>
          <dd className={`card-text ${styles.wrap}`} data-testid="spiffe-id">
            {data.spiffeId ?? 'None (no dataplane, no mesh identity)'}
          </dd>
        </div>
        <div className="card">
          <dt>Dataplane</dt>
          <dd className={`card-text ${styles.wrap}`} data-testid="dataplane">
            {DATAPLANE_TEXT[data.dataplane]}
            {data.isGateway ? ' · gateway proxy' : ''}
          </dd>
        </div>
        <div className="card">
          <dt>Workload mTLS mode</dt>
          <dd className={modeClass(data.mtls.mode)} data-testid="workload-mode">
            {data.mtls.mode}
          </dd>
        </div>
      </dl>
      <CommandList commands={data.commands} section="identity" />
    </section>
  );
}

export function PodViewClient({ ns, pod }: { readonly ns: string; readonly pod: string }) {
  const parse = useCallback((params: URLSearchParams) => parsePodFilters(ns, pod, params), [ns, pod]);
  const [filters, setFilters] = useUrlFilters(parse, podSearch);
  const query = useQuery(podQueryOptions(filters));
  return (
    <ViewQuery query={query} what="the pod">
      {(data) => (
        <>
          <Identity data={data} />
          <PodMtlsSection data={data} />
          <PodAuthzSection data={data} />
          <PodWaypointSection data={data} />
          <PodCertificateSection data={data} />
          <PodClientsSection data={data} filters={filters} setFilters={setFilters} />
          {data.observed && <PodObservedSection observed={data.observed} />}
          <PodFindingsSection findings={data.findings} />
          <PodHistorySection ns={ns} pod={pod} />
        </>
      )}
    </ViewQuery>
  );
}
