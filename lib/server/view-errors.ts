// One table from a view error code to its HTTP status, shared by every /api/v1 handler and page.

export const VIEW_ERROR_STATUS = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'source-unavailable': 503,
} as const;
export type ViewErrorCode = keyof typeof VIEW_ERROR_STATUS;

/** Thrown by a view builder when the request cannot be answered (unknown namespace, bad filter...). */
export class ViewError extends Error {
  override readonly name = 'ViewError';
  constructor(
    readonly code: ViewErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return VIEW_ERROR_STATUS[this.code];
  }
}
