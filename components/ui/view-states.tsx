'use client';
// The states every view goes through, in one place: loading, error with retry (sign-in on 401/403), and, once data
// is there, its provenance: as-of time, a stale banner, kinds that could not be read, objects that could not be read,
// and a failed refresh that keeps the last good data on screen.
import type { UseQueryResult } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ApiError } from '@/lib/api/api-error';
import type { ApiEnvelope } from '@/lib/api/envelope';
import { unreadableSentence } from '@/lib/api/views/issues';

function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : 'unexpected error';
}

export function LoadingState({ what }: { readonly what: string }) {
  return (
    <p role="status" aria-busy="true" className="muted" data-testid="view-loading">
      Loading {what}…
    </p>
  );
}

export function ErrorState({ error, onRetry }: { readonly error: unknown; readonly onRetry: () => void }) {
  const auth = error instanceof ApiError && error.isAuthError;
  return (
    <div role="alert" className="banner banner-error" data-testid="view-error">
      <p>Could not load this view: {errorText(error)}</p>
      {auth ? (
        <a href="/login">Sign in again</a>
      ) : (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function EmptyState({ children }: { readonly children: ReactNode }) {
  return (
    <p role="status" className="empty-state" data-testid="view-empty">
      {children}
    </p>
  );
}

function age(seconds: number | null): string {
  if (seconds === null) return 'an unknown time';
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** As-of line, stale and collection banners, and the failed-refresh banner, above a view's data. */
export function DataProvenance({ envelope, refreshError }: { readonly envelope: ApiEnvelope<unknown>; readonly refreshError: unknown }) {
  const { staleness, collection } = envelope;
  return (
    <>
      <p className="muted" data-testid="as-of">
        Source <strong>{envelope.source}</strong>, data as of <time dateTime={envelope.asOf}>{envelope.asOf}</time>
      </p>
      {staleness.stale && (
        <div role="alert" className="banner banner-stale" data-testid="stale-banner">
          Stale data: the source has not been confirmed current for {age(staleness.ageSeconds)}
          {staleness.reason ? ` (${staleness.reason})` : ''}. Verdicts show the mesh as it was at {staleness.staleSince}.
        </div>
      )}
      {collection.length > 0 && (
        <div role="alert" className="banner" data-testid="collection-banner">
          Some data could not be read, so verdicts that depend on it are shown as unknown:
          <ul>
            {collection.map((c) => (
              <li key={c.kind}>
                <strong>{c.kind}</strong>: {c.status}
                {c.reason ? ` (${c.reason})` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {envelope.unreadable > 0 && (
        <div role="alert" className="banner" data-testid="unreadable-banner">
          {unreadableSentence(envelope.unreadable)}, so {envelope.unreadable === 1 ? 'it is' : 'they are'} in no verdict:{' '}
          <Link href="/issues">see what and why</Link>.
        </div>
      )}
      {refreshError !== null && (
        <div role="alert" className="banner" data-testid="refresh-error">
          Refreshing failed ({errorText(refreshError)}); showing the last data received.
        </div>
      )}
    </>
  );
}

/**
 * Renders a view query: loading, error with retry, or the provenance banners and the view's content. A failed
 * refetch keeps the last good data (react-query keeps `data`) and says so.
 */
export function ViewQuery<T>({
  query,
  what,
  children,
}: {
  readonly query: UseQueryResult<ApiEnvelope<T>>;
  readonly what: string;
  readonly children: (data: T, envelope: ApiEnvelope<T>) => ReactNode;
}) {
  if (query.data === undefined) {
    if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
    return <LoadingState what={what} />;
  }
  return (
    <>
      <DataProvenance envelope={query.data} refreshError={query.isError ? query.error : null} />
      {children(query.data.data, query.data)}
    </>
  );
}
