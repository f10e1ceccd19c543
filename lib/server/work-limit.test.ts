// The export limit: bounded concurrency, a bounded queue with a bounded wait, refusals that say when to retry, and one
// run shared by identical jobs in flight.
import { describe, expect, it } from 'vitest';
import { WorkLimit, WorkRefused } from './work-limit';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('WorkLimit', () => {
  it('runs at most `concurrency` jobs, queues the next, and refuses beyond the queue with a retry time', async () => {
    const limit = new WorkLimit({ concurrency: 2, queue: 1, maxWaitMs: 5_000 });
    const g = gate();
    const jobs = ['a', 'b', 'c'].map((k) => limit.run(k, async () => (await g.opened, k)));
    await Promise.resolve();
    expect(limit.load).toEqual({ running: 2, waiting: 1 });
    const refused = limit.run('d', async () => 'd');
    await expect(refused).rejects.toBeInstanceOf(WorkRefused);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 5 });
    g.open();
    expect(await Promise.all(jobs)).toEqual(['a', 'b', 'c']);
    expect(limit.load).toEqual({ running: 0, waiting: 0 });
  });

  it('shares one run between identical jobs in flight, and starts afresh once it settled', async () => {
    const limit = new WorkLimit({ concurrency: 1, queue: 0, maxWaitMs: 1_000 });
    let runs = 0;
    const g = gate();
    const job = async () => {
      runs++;
      await g.opened;
      return runs;
    };
    const first = limit.run('same', job);
    const second = limit.run('same', job);
    g.open();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(await limit.run('same', job)).toBe(2);
  });

  it('gives up waiting after maxWaitMs and frees the place in the queue', async () => {
    const limit = new WorkLimit({ concurrency: 1, queue: 1, maxWaitMs: 50 });
    const g = gate();
    const running = limit.run('long', async () => g.opened);
    await expect(limit.run('waits', async () => 'never')).rejects.toThrow(/waited 0 s for a free export slot/);
    expect(limit.load).toEqual({ running: 1, waiting: 0 });
    g.open();
    await running;
  });

  it('releases the slot when a job fails', async () => {
    const limit = new WorkLimit({ concurrency: 1, queue: 0, maxWaitMs: 50 });
    await expect(limit.run('x', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit.run('y', async () => 'ok')).toBe('ok');
  });
});
