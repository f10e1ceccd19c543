// Every body read from a proxy, the API server or Prometheus goes through here, so a hostile or runaway peer
// cannot make us buffer more than the caller's limit.

export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
}

/** Reads a byte stream (node Readable or web ReadableStream) as UTF-8, failing once it exceeds `maxBytes`. */
export async function readCapped(source: AsyncIterable<Uint8Array | string>, maxBytes: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += buf.length;
    if (size > maxBytes) throw new ResponseTooLargeError(`${what}: response larger than ${maxBytes} bytes; refused`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    // AbortSignal.timeout() rejects with a DOMException named TimeoutError whose message names no bound.
    if (error.name === 'TimeoutError') return 'timed out';
    // fetch() says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND...).
    const cause: unknown = error.cause;
    return cause instanceof Error && cause.message ? `${error.message} (${cause.message})` : error.message;
  }
  // ws reports a failed handshake as an ErrorEvent ("Unexpected server response: 403"), not an Error.
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}
