/**
 * The one polling loop. Pure: time, sleeping and randomness are injected, so tests can assert
 * the exact probe schedule. The caller's `judge` turns each observation into a verdict:
 *   done     → stop, success;
 *   failed   → stop at once with the reason (a status the caller KNOWS is a failure);
 *   pending  → keep polling (this includes every status the caller does not know: the cloud
 *              adds states over time, so an unknown status is never a reason to give up).
 * Schedule: a short first probe, then jittered exponential back-off capped at maxDelayMs; when
 * the next delay would cross the deadline, one last probe is placed just before it.
 */

export type Verdict =
  | { done: true }
  | { failed: string }
  | {
    pending: string;
    /**
     * The caller expects a change in about this long (a task's remaining time): the next probe
     * comes then (within minDelayMs..maxDelayMs) instead of on the back-off schedule, which
     * starts again from minDelayMs once hints stop.
     */
    retryInMs?: number;
  };

export interface WaitClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Progress {
  status: string;
  elapsedMs: number;
  probes: number;
}

export interface WaitTuning {
  /** Delay before the first probe (short: fast operations finish quickly). */
  firstDelayMs: number;
  /** The smallest delay between probes, and the base of the back-off. */
  minDelayMs: number;
  /** The back-off cap. */
  maxDelayMs: number;
  /** The last probe is placed this long before the deadline. */
  lastProbeMarginMs: number;
  /** No progress line before this much waiting … */
  progressAfterMs: number;
  /** … then at most one per this interval. */
  progressEveryMs: number;
}

export const DEFAULT_TUNING: WaitTuning = {
  firstDelayMs: 500,
  minDelayMs: 1_000,
  maxDelayMs: 30_000,
  lastProbeMarginMs: 1_000,
  progressAfterMs: 15_000,
  progressEveryMs: 30_000,
};

export interface WaitOptions<T> {
  probe: () => Promise<T>;
  judge: (observed: T, elapsedMs: number) => Verdict;
  timeoutMs: number;
  tuning?: Partial<WaitTuning>;
  /** Probe errors for which polling simply continues (throttling, network); others propagate. */
  isTransient?: (err: unknown) => boolean;
  /** Called during long waits; awaited, and its failures are the caller's business. */
  onProgress?: (p: Progress) => void | Promise<void>;
  clock?: WaitClock;
  random?: () => number;
  signal?: AbortSignal;
}

export type WaitResult<T> =
  | { state: "done"; last: T; probes: number; elapsedMs: number }
  | { state: "failed"; reason: string; last: T; probes: number; elapsedMs: number }
  | { state: "timeout"; last?: T; lastStatus?: string; probes: number; elapsedMs: number };

export const systemClock: WaitClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => { signal?.removeEventListener("abort", onAbort); resolve(); }, Math.max(0, ms));
    const onAbort = () => { clearTimeout(timer); reject(signal?.reason); };
    signal?.addEventListener("abort", onAbort, { once: true });
  }),
};

/**
 * The delay after the n-th pending probe (n ≥ 1): "equal jitter" over an exponential ceiling —
 * between half the ceiling and the ceiling, never below minDelayMs.
 */
export function backoffDelay(n: number, tuning: Pick<WaitTuning, "minDelayMs" | "maxDelayMs">, random: () => number): number {
  const ceiling = Math.min(tuning.maxDelayMs, tuning.minDelayMs * 2 ** Math.max(0, n - 1));
  return Math.max(tuning.minDelayMs, ceiling * (0.5 + 0.5 * random()));
}

export async function waitFor<T>(opts: WaitOptions<T>): Promise<WaitResult<T>> {
  const t: WaitTuning = { ...DEFAULT_TUNING, ...definedOnly(opts.tuning ?? {}) };
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  const start = clock.now();
  const deadline = start + Math.max(0, opts.timeoutMs);
  let probes = 0;
  let sinceHint = 0; // pending probes since the last hint: the back-off exponent
  let last: T | undefined;
  let lastStatus: string | undefined;
  let lastProgressAt: number | undefined;
  let delay = Math.min(t.firstDelayMs, Math.max(0, deadline - t.lastProbeMarginMs - start));

  for (;;) {
    const final = clock.now() + delay >= deadline - t.lastProbeMarginMs;
    await clock.sleep(delay, opts.signal);
    probes++;
    let verdict: Verdict;
    try {
      last = await opts.probe();
      verdict = opts.judge(last, clock.now() - start);
    } catch (err) {
      if (!opts.isTransient?.(err)) throw err;
      verdict = { pending: `probe failed (${err instanceof Error ? err.message : String(err)}); still waiting` };
    }
    const elapsedMs = clock.now() - start;
    if ("done" in verdict) return { state: "done", last: last as T, probes, elapsedMs };
    if ("failed" in verdict) return { state: "failed", reason: verdict.failed, last: last as T, probes, elapsedMs };
    lastStatus = verdict.pending;

    const now = clock.now();
    if (final || now >= deadline - t.lastProbeMarginMs) {
      return { state: "timeout", last, lastStatus, probes, elapsedMs };
    }
    if (opts.onProgress && elapsedMs >= t.progressAfterMs && (lastProgressAt === undefined || now - lastProgressAt >= t.progressEveryMs)) {
      lastProgressAt = now;
      await opts.onProgress({ status: verdict.pending, elapsedMs, probes });
    }

    if (verdict.retryInMs !== undefined) {
      sinceHint = 0;
      // A long remaining time is trusted for 90 % of its length: the probes in between could only
      // say "not yet". The rest is probed on the short schedule, so an early finish is seen soon.
      const h = verdict.retryInMs;
      delay = h > t.maxDelayMs ? h * 0.9 : Math.max(t.minDelayMs, h);
    } else {
      delay = backoffDelay(++sinceHint, t, random);
    }
    const latest = deadline - t.lastProbeMarginMs - clock.now();
    if (delay > latest) delay = Math.max(0, latest); // the last probe, just before the deadline
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
