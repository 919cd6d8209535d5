/**
 * Per-cluster serialisation of mutating calls inside one provider process. PolarDB refuses most
 * mutations while a cluster is busy with another one, and Pulumi runs resources in parallel in
 * one process, so two accounts created at once on one cluster would otherwise refuse each other.
 * The lock orders the calls; `retryWhileBusy` handles the refusals that still come (an earlier
 * operation's asynchronous work, or someone outside this process).
 */

export class ClusterLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `fn` after every earlier holder of `key` finished; no key means no serialisation. */
  async run<T>(key: string | undefined, fn: () => Promise<T>): Promise<T> {
    if (!key) return fn();
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => { release = resolve; });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key); // nobody queued behind us
    }
  }

  /** Keys with a holder or waiters (for tests and diagnostics). */
  busyKeys(): string[] {
    return [...this.tails.keys()];
  }
}

export interface BusyRetryOptions {
  isBusy: (err: unknown) => boolean;
  /** Waits until the cluster can take the call again (Running); throws if it never does. */
  waitUntilIdle: (err: unknown, attempt: number) => Promise<void>;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  onBusy?: (err: unknown, attempt: number) => void;
}

/** Calls `call(attempt)`; on a busy refusal waits for the cluster, then calls again (bounded). */
export async function retryWhileBusy<T>(call: (attempt: number) => Promise<T>, opts: BusyRetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (err) {
      if (!opts.isBusy(err) || attempt >= opts.maxAttempts) throw err;
      opts.onBusy?.(err, attempt);
      await opts.waitUntilIdle(err, attempt);
    }
  }
}
