/**
 * Identical reads in flight share one request. A refresh reads many resources of one cluster at
 * once (every whitelist group asks DescribeDBClusterAccessWhitelist of the same cluster); the
 * answer is the same for all of them, so one call serves every caller that asked while it ran.
 * Nothing is kept after the answer arrives: this is not a cache, and a later read asks again.
 * Each caller keeps its own abort signal: it stops waiting, the shared call runs to its end.
 */
export class SingleFlight<T> {
  private readonly inflight = new Map<string, Promise<T>>();

  run(key: string, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let shared = this.inflight.get(key);
    if (!shared) {
      shared = call().finally(() => this.inflight.delete(key));
      this.inflight.set(key, shared);
    }
    if (!signal) return shared;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      shared.then(
        (v) => { signal.removeEventListener("abort", onAbort); resolve(v); },
        (e: unknown) => { signal.removeEventListener("abort", onAbort); reject(e); },
      );
    });
  }

  /** Requests in flight now (for tests). */
  get size(): number { return this.inflight.size; }
}
