// The shape of every /api/v1/* view response (docs/api.md). Client-safe: types only.

/** One snapshot kind that could not be read completely; verdicts that depend on it are unknown. */
export interface CollectionStatusDto {
  readonly kind: string;
  readonly status: 'forbidden' | 'absent' | 'error' | 'not-collected';
  readonly reason: string | null;
}

export interface StalenessDto {
  /** True when some kind is no longer known to be in sync with its source (watch down, API unreachable). */
  readonly stale: boolean;
  /** When the data stopped being known current (RFC 3339), null when it is current. */
  readonly staleSince: string | null;
  /** Seconds between `staleSince` and `servedAt`, null when current. */
  readonly ageSeconds: number | null;
  readonly reason: string | null;
}

export interface ApiEnvelope<T> {
  readonly apiVersion: 'v1';
  /** Label of the source: demo, a path, or `cluster <context>`. */
  readonly source: string;
  /** When the snapshot behind this response was taken (RFC 3339, to the second). */
  readonly asOf: string;
  /** When this response was produced. */
  readonly servedAt: string;
  readonly staleness: StalenessDto;
  readonly collection: readonly CollectionStatusDto[];
  /**
   * How many objects or files could not be read (listed by GET /api/v1/issues, with the info-level notes about what
   * was knowingly skipped, which this does not count); none of them is in any verdict.
   */
  readonly unreadable: number;
  readonly data: T;
}

/** Error body of every /api/v1/* failure. */
export interface ApiErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}
