/**
 * The one retry policy (the only importer of p-retry): jittered exponential back-off for
 * throttling, 5xx/unavailable, and connection resets/refusals and timeouts, bounded in attempts
 * and elapsed time. Everything else (4xx) fails at once. A non-idempotent call is never retried
 * unless it is safe to repeat (a read action, or a ClientToken the API de-duplicates on).
 */
import pRetry from "p-retry";
import { classify, ErrorKind } from "./errors";

export interface RetryOptions {
  maxAttempts?: number;
  maxElapsedMs?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
}

export const RETRY_DEFAULTS: Required<RetryOptions> = { maxAttempts: 5, maxElapsedMs: 60_000, minDelayMs: 200, maxDelayMs: 8_000 };

const TRANSIENT: ReadonlySet<ErrorKind> = new Set(["throttling", "unavailable", "network", "timeout"]);

const READ_ACTION = /^(Describe|List|Check|Query|Get)/;

/** Safe to send twice: reads, or a create that carries a ClientToken, or a caller's promise. */
export function isIdempotent(action: string, params: Record<string, unknown>, explicit?: boolean): boolean {
  if (explicit !== undefined) return explicit;
  return READ_ACTION.test(action) || (typeof params.ClientToken === "string" && params.ClientToken.length > 0);
}

export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  opts: RetryOptions & { idempotent: boolean; onRetry?: (err: unknown, attemptNumber: number, delayMs: number) => void; signal?: AbortSignal },
): Promise<T> {
  const o = { ...RETRY_DEFAULTS, ...dropUndefined(opts) };
  if (!opts.idempotent) return attempt(1);
  return pRetry(attempt, {
    retries: Math.max(0, o.maxAttempts - 1),
    minTimeout: o.minDelayMs,
    maxTimeout: o.maxDelayMs,
    factor: 2,
    randomize: true,
    maxRetryTime: o.maxElapsedMs,
    signal: opts.signal,
    shouldRetry: ({ error }) => TRANSIENT.has(classify(error)),
    onFailedAttempt: ({ error, attemptNumber, retriesLeft, retryDelay }) => {
      if (retriesLeft > 0 && TRANSIENT.has(classify(error))) opts.onRetry?.(error, attemptNumber, retryDelay);
    },
  });
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
