// An /api/v1 failure as seen by the browser: the HTTP status and the server's code and message.

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** 401 and 403 will not change by retrying: the user has to sign in. */
  get isAuthError(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** How many times react-query retries a failed view query: never on auth or client errors. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}
