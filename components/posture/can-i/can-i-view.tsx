'use client';
// Can I? (/can-i): the question form and, once asked, the engine's answer: the outcome, why, the policies that
// decided it, and the connection's handshake diagram.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { canIQueryOptions, canISearch, parseCanIFilters, type CanIAnswerDto } from '@/lib/api/views/can-i';
import { useUrlFilters } from '@/components/ui/use-url-filters';
import { EmptyState, ViewQuery } from '@/components/ui/view-states';
import { HandshakeFigure, outcomeClass } from '../handshake/handshake-figure';
import { CanIForm } from './can-i-form';
import styles from './can-i.module.css';

const OUTCOME_TEXT: Readonly<Record<CanIAnswerDto['outcome'], string>> = {
  allowed: 'Allowed',
  denied: 'Denied',
  unauthenticated: 'Unauthenticated (401)',
  'connection-failed': 'Connection fails',
  unknown: 'Unknown',
};

function policyHref(policy: string): string {
  const ns = policy.split('/')[0] ?? '';
  return `/namespaces/${encodeURIComponent(ns)}`;
}

function Answer({ answer }: { readonly answer: CanIAnswerDto }) {
  return (
    <section aria-labelledby="can-i-answer" className={styles.answer}>
      <h2 id="can-i-answer">Answer</h2>
      <p className={`${styles.verdict} ${outcomeClass(answer.outcome)}`} data-testid="can-i-outcome" data-outcome={answer.outcome}>
        {OUTCOME_TEXT[answer.outcome]}
      </p>
      <p data-testid="can-i-reason">{answer.reason}</p>
      <div className={styles.policies}>
        <strong>Deciding policies: </strong>
        {answer.policies.length === 0 ? (
          <span data-testid="can-i-policies">none</span>
        ) : (
          <ul data-testid="can-i-policies">
            {answer.policies.map((p) => (
              <li key={p}>
                <Link href={policyHref(p)}>{p}</Link>
              </li>
            ))}
          </ul>
        )}
        {answer.audited.length > 0 && <p>Audited by {answer.audited.join(', ')} (AUDIT policies never decide).</p>}
      </div>
      <h2>Handshake</h2>
      <p>
        <Link href={answer.handshakeHref}>Open this connection&apos;s handshake on its own page</Link>
      </p>
      <HandshakeFigure handshake={answer.handshake} diagram={answer.diagram} endText={answer.endText} />
    </section>
  );
}

/** `problem`: the server could not answer this question (shown by the page); the form stays, the query does not run. */
export function CanIViewClient({ problem }: { readonly problem: string | null }) {
  const [filters] = useUrlFilters(parseCanIFilters, canISearch);
  const query = useQuery({ ...canIQueryOptions(filters), enabled: problem === null });
  const pickers = query.data?.data;
  return (
    <>
      <CanIForm key={canISearch(filters)} filters={filters} pods={pickers?.pods.names ?? []} ports={pickers?.targetPorts ?? []} />
      {problem === null && (
        <ViewQuery query={query} what="the answer">
          {(data) =>
            data.answer === null ? (
              <EmptyState>Choose a server pod and its container port, then Ask. Leave “From” as outside for a client outside the mesh.</EmptyState>
            ) : (
              <Answer answer={data.answer} />
            )
          }
        </ViewQuery>
      )}
    </>
  );
}
