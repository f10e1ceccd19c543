// The states every view shows, rendered to HTML from query results as react-query reports them.
import type { UseQueryResult } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/api-error';
import type { ApiEnvelope } from '@/lib/api/envelope';
import { ViewQuery } from './view-states';

const ENVELOPE: ApiEnvelope<{ n: number }> = {
  apiVersion: 'v1',
  source: 'cluster prod',
  asOf: '2026-11-26T05:00:00Z',
  servedAt: '2026-11-26T05:10:00Z',
  staleness: { stale: false, staleSince: null, ageSeconds: null, reason: null },
  collection: [],
  unreadable: 0,
  data: { n: 42 },
};

function render(query: Partial<UseQueryResult<ApiEnvelope<{ n: number }>>>): string {
  const q = { data: undefined, isError: false, error: null, refetch: () => Promise.resolve(), ...query } as unknown as UseQueryResult<ApiEnvelope<{ n: number }>>;
  return renderToStaticMarkup(
    <ViewQuery query={q} what="the thing">
      {(data) => <p id="content">n={data.n}</p>}
    </ViewQuery>,
  );
}

describe('ViewQuery', () => {
  it('shows a busy status while the first data loads', () => {
    const html = render({});
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain('Loading the thing');
    expect(html).not.toContain('n=42');
  });

  it('shows the error with a Retry button when the first load fails', () => {
    const html = render({ isError: true, error: new ApiError(503, 'source-unavailable', 'cluster: connection refused') });
    expect(html).toContain('role="alert"');
    expect(html).toContain('cluster: connection refused');
    expect(html).toContain('>Retry</button>');
  });

  it('offers sign-in instead of a retry on 401 and 403', () => {
    for (const status of [401, 403]) {
      const html = render({ isError: true, error: new ApiError(status, 'unauthorized', 'sign in') });
      expect(html).toContain('href="/login"');
      expect(html).not.toContain('Retry');
    }
  });

  it('shows the data with its source and as-of time, and no banner when current and complete', () => {
    const html = render({ data: ENVELOPE });
    expect(html).toContain('n=42');
    expect(html).toContain('cluster prod');
    expect(html).toContain('dateTime="2026-11-26T05:00:00Z"');
    expect(html).not.toContain('role="alert"');
  });

  it('announces stale data with its age and since when', () => {
    const html = render({ data: { ...ENVELOPE, staleness: { stale: true, staleSince: '2026-11-26T04:50:00Z', ageSeconds: 1200, reason: 'API server unreachable' } } });
    expect(html).toContain('data-testid="stale-banner"');
    expect(html).toContain('20 min');
    expect(html).toContain('API server unreachable');
    expect(html).toContain('2026-11-26T04:50:00Z');
    expect(html).toContain('n=42');
  });

  it('names every kind that could not be read', () => {
    const html = render({ data: { ...ENVELOPE, collection: [{ kind: 'AuthorizationPolicy', status: 'forbidden', reason: '403 <script>' }] } });
    expect(html).toContain('<strong>AuthorizationPolicy</strong>: forbidden');
    // Cluster text is escaped by React, never markup.
    expect(html).toContain('403 &lt;script&gt;');
  });

  // Issue #15 item 7: 100,000 unreadable objects used to be invisible in the UI.
  it.each([
    [0, null],
    [1, '1 object or file could not be read, so it is in no verdict: <a href="/issues">see what and why</a>.'],
    [100000, '100000 objects or files could not be read, so they are in no verdict: <a href="/issues">see what and why</a>.'],
  ])('with %d unreadable objects shows %j', (unreadable, banner) => {
    const html = render({ data: { ...ENVELOPE, unreadable } });
    const shown = /<div role="alert" class="banner" data-testid="unreadable-banner">(.*?)<\/div>/.exec(html)?.[1] ?? null;
    expect(shown?.replace(/<!-- -->/g, '') ?? null).toBe(banner);
  });

  it('keeps the last good data when a refetch fails, and says so', () => {
    const html = render({ data: ENVELOPE, isError: true, error: new ApiError(0, 'network', 'the Mesh Posture server could not be reached') });
    expect(html).toContain('n=42');
    expect(html).toContain('data-testid="refresh-error"');
    expect(html).toContain('could not be reached');
  });
});
