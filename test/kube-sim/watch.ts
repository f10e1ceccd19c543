// One watch stream: newline-delimited JSON events over a chunked response, as kube-apiserver's watch cache sends
// them. Headers are flushed at once (client-node's informer waits for them before it reports the watch started).
// A start resourceVersion older than the retained history is answered, like the real cacher, with HTTP 200 and an
// ERROR event carrying a 410 Expired Status; the stream then ends.
import type { ServerResponse } from 'node:http';
import { asServed } from './list';
import { groupVersion, resourceKey, type SimResource } from './resources';
import type { Selector, SimObject } from './selectors';
import { ExpiredError, type SimEvent, type SimStore } from './store';
import { tooOldResourceVersion } from './status';

export interface WatchOptions {
  readonly resource: SimResource;
  readonly version: string;
  readonly namespace: string | null;
  readonly selector: Selector;
  readonly bookmarks: boolean;
  readonly bookmarkIntervalMs: number;
  readonly timeoutSeconds: number | null;
}

type WireEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'; object: unknown };

export class WatchSession {
  private silent = false;
  private closed = false;
  private unsubscribe: (() => void) | null = null;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly res: ServerResponse,
    private readonly store: SimStore,
    private readonly opts: WatchOptions,
    private readonly onClose: (s: WatchSession) => void,
  ) {
    res.on('close', () => this.cleanup());
  }

  /** `from`: the resourceVersion asked for ('' or '0': start with the current state as ADDED events). */
  start(from: string): void {
    this.res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    this.res.flushHeaders();
    if (from === '' || from === '0') {
      for (const obj of this.store.listAt(this.opts.resource).items) if (this.matches(obj)) this.send({ type: 'ADDED', object: obj });
    } else {
      let replay: SimEvent[];
      try {
        replay = this.store.eventsSince(this.opts.resource, Number(from));
      } catch (e) {
        if (!(e instanceof ExpiredError)) throw e;
        this.expire(from);
        return;
      }
      for (const e of replay) this.deliver(e);
    }
    this.unsubscribe = this.store.subscribe((e) => this.deliver(e));
    if (this.opts.bookmarks) this.timers.push(setInterval(() => this.bookmark(), this.opts.bookmarkIntervalMs));
    if (this.opts.timeoutSeconds !== null) this.timers.push(setTimeout(() => this.end(), this.opts.timeoutSeconds * 1000));
  }

  get isSilent(): boolean {
    return this.silent;
  }

  get group(): string {
    return this.opts.resource.group;
  }

  /** ERROR event with a 410 Status, then the stream ends (the client must relist). */
  expire(from: string = String(this.store.resourceVersion)): void {
    if (this.silent) return;
    this.send({ type: 'ERROR', object: tooOldResourceVersion(from, this.store.oldestReplayable) });
    this.end();
  }

  /** Ends the stream cleanly (zero-length chunk), as on server-side timeout. */
  end(): void {
    this.cleanup();
    this.res.end();
  }

  /** Abrupt loss: the socket goes away without the terminating chunk. */
  drop(): void {
    this.res.socket?.destroy();
    this.cleanup();
  }

  silence(): void {
    this.silent = true;
    this.clearTimers();
  }

  private matches(obj: SimObject): boolean {
    return (this.opts.namespace === null || obj.metadata.namespace === this.opts.namespace) && this.opts.selector(obj);
  }

  /** Selector transitions as the cacher applies them: an object entering the selection is ADDED, leaving it DELETED. */
  private deliver(e: SimEvent): void {
    if (e.resource !== resourceKey(this.opts.resource)) return;
    const now = this.matches(e.object);
    const before = e.prev !== undefined && this.matches(e.prev);
    if (e.type === 'ADDED' && now) this.send({ type: 'ADDED', object: e.object });
    else if (e.type === 'DELETED' && now) this.send({ type: 'DELETED', object: e.object });
    else if (e.type === 'MODIFIED') {
      if (now && before) this.send({ type: 'MODIFIED', object: e.object });
      else if (now) this.send({ type: 'ADDED', object: e.object });
      else if (before && e.prev) {
        const gone = { ...e.prev, metadata: { ...e.prev.metadata, resourceVersion: String(e.rv) } } as SimObject;
        this.send({ type: 'DELETED', object: gone });
      }
    }
  }

  private bookmark(): void {
    const { resource, version } = this.opts;
    this.send({ type: 'BOOKMARK', object: { kind: resource.kind, apiVersion: groupVersion(resource.group, version), metadata: { resourceVersion: String(this.store.resourceVersion) } } });
  }

  private send(event: WireEvent): void {
    if (this.silent || this.closed || this.res.writableEnded) return;
    const object = event.type === 'BOOKMARK' || event.type === 'ERROR' ? event.object : asServed(event.object as SimObject, this.opts.resource, this.opts.version);
    this.res.write(`${JSON.stringify({ type: event.type, object })}\n`);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.length = 0;
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    this.unsubscribe?.();
    this.onClose(this);
  }
}
