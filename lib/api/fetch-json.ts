// GET a /api/v1 view in the browser: same-origin, cookie credentials, errors as ApiError.
import { ApiError } from './api-error';
import type { ApiEnvelope, ApiErrorBody } from './envelope';

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

export async function fetchView<T>(path: string, signal?: AbortSignal): Promise<ApiEnvelope<T>> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'the Mesh Posture server could not be reached');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isErrorBody(body)) throw new ApiError(response.status, body.error.code, body.error.message);
    throw new ApiError(response.status, 'http', `the server answered ${response.status}`);
  }
  return body as ApiEnvelope<T>;
}

/** `?a=1&b=2` from a filter object, skipping empty values; keys sorted so equal filters give equal URLs. */
export function toQueryString(params: Readonly<Record<string, string | number | null | undefined>>): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
