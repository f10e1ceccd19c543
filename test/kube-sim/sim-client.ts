// Test helpers speaking to the simulator with plain fetch, as an independent client would: authenticated GETs and
// a watch reader that yields events as they arrive (no sleeps: tests await the next event).

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: { kind?: string; apiVersion?: string; metadata?: { name?: string; namespace?: string; resourceVersion?: string }; code?: number; reason?: string } & Record<string, unknown>;
}

export interface WatchStream {
  readonly status: number;
  readonly headers: Headers;
  /** The next event; rejects if the stream ends first. */
  next(): Promise<WatchEvent>;
  /** The next event that is not a BOOKMARK. */
  nextChange(): Promise<WatchEvent>;
  /** Events received and not yet taken by next(), taken now. */
  drain(): WatchEvent[];
  /** Resolves when the server ends the stream: 'end' (clean) or 'error' (connection lost). */
  readonly ended: Promise<'end' | 'error'>;
  close(): void;
}

export function simGet(sim: { url: string; token: string }, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sim.url}${path}`, { ...init, headers: { Authorization: `Bearer ${sim.token}`, ...init.headers } });
}

export async function simGetJson<T = Record<string, unknown>>(
  sim: { url: string; token: string },
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await simGet(sim, path, init);
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

export async function openWatch(sim: { url: string; token: string }, path: string): Promise<WatchStream> {
  const controller = new AbortController();
  const res = await simGet(sim, path, { signal: controller.signal });
  const queue: WatchEvent[] = [];
  const waiters: { resolve: (e: WatchEvent) => void; reject: (e: Error) => void }[] = [];
  let finished: 'end' | 'error' | null = null;
  let resolveEnded: (how: 'end' | 'error') => void = () => {};
  const ended = new Promise<'end' | 'error'>((r) => (resolveEnded = r));
  const finish = (how: 'end' | 'error') => {
    if (finished) return;
    finished = how;
    resolveEnded(how);
    for (const w of waiters.splice(0)) w.reject(new Error(`watch stream ended (${how}) before the next event`));
  };
  const push = (e: WatchEvent) => {
    const w = waiters.shift();
    if (w) w.resolve(e);
    else queue.push(e);
  };
  void (async () => {
    if (!res.body) return finish('end');
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.trim() !== '') push(JSON.parse(line) as WatchEvent);
        }
      }
      finish('end');
    } catch {
      finish('error');
    }
  })();
  const next = (): Promise<WatchEvent> => {
    const e = queue.shift();
    if (e) return Promise.resolve(e);
    if (finished) return Promise.reject(new Error(`watch stream ended (${finished})`));
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
  };
  const nextChange = async (): Promise<WatchEvent> => {
    for (;;) {
      const e = await next();
      if (e.type !== 'BOOKMARK') return e;
    }
  };
  return { status: res.status, headers: res.headers, next, nextChange, drain: () => queue.splice(0), ended, close: () => controller.abort() };
}

/** name of each event's object, for compact whole-sequence assertions: `ADDED default/a`. */
export function describeEvent(e: WatchEvent): string {
  const m = e.object.metadata ?? {};
  return e.type === 'ERROR' ? `ERROR ${e.object.code} ${e.object.reason}` : `${e.type} ${m.namespace ? `${m.namespace}/` : ''}${m.name ?? ''}`;
}
