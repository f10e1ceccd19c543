import 'server-only';
// Bounded expensive work on the server (issue #14): at most `concurrency` jobs run at once, at most `queue` more wait
// (each at most `maxWaitMs`), and the rest are refused at once so the route answers 429 with Retry-After instead of
// letting a burst of whole-mesh exports take the process's memory. Identical jobs in flight are run once and shared
// (the same export of the same posture for fifty people is rendered once).

export class WorkRefused extends Error {
  override readonly name = 'WorkRefused';
  constructor(
    message: string,
    /** Seconds after which a retry is reasonable. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export interface WorkLimitOptions {
  readonly concurrency: number;
  readonly queue: number;
  readonly maxWaitMs: number;
}

export class WorkLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly options: WorkLimitOptions) {}

  /** Jobs running and waiting now (for tests and metrics). */
  get load(): { readonly running: number; readonly waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `job` under the limit; a job with the same `key` already in flight is joined instead. */
  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    const joined = this.inFlight.get(key) as Promise<T> | undefined;
    if (joined) return joined;
    const started = this.acquire().then(async () => {
      try {
        return await job();
      } finally {
        this.release();
      }
    });
    this.inFlight.set(key, started);
    // Settled either way: the next request for the key starts afresh (a new posture makes a new key anyway).
    const forget = () => {
      if (this.inFlight.get(key) === started) this.inFlight.delete(key);
    };
    started.then(forget, forget);
    return started;
  }

  private acquire(): Promise<void> {
    if (this.running < this.options.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.queue) {
      return Promise.reject(new WorkRefused(`${this.running} exports are being produced and ${this.waiting.length} are waiting; try again shortly`, 5));
    }
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        this.running++;
        resolve();
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(wake);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(new WorkRefused(`waited ${Math.round(this.options.maxWaitMs / 1000)} s for a free export slot; try again shortly`, 10));
      }, this.options.maxWaitMs);
      timer.unref?.();
      this.waiting.push(wake);
    });
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }
}
