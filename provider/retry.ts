/**
 * The one retry policy (the only importer of p-retry). It retries by what the cloud guarantees:
 *   - a refusal the cloud documents as NOT applied (throttling of every kind, service
 *     unavailable, a refused connection) is retried for every action, idempotent or not;
 *   - a failure after which the call MAY have been applied (a reset connection, a timeout, an
 *     internal error) is retried only where repeating is safe: reads, setters (Modify*, Tag*,
 *     Grant/Revoke: sending the same value twice changes nothing), calls with a ClientToken, or
 *     a caller's promise (the engine's deletes, whose NotFound means done);
 *   - everything else (4xx) fails at once.
 * Jittered exponential back-off, bounded in attempts and elapsed time. The final error says what
 * was tried (attempts, time) — never "retried" when it was not.
 */
import pRetry from "p-retry";
import { isApiError, withHint } from "./errors";

export interface RetryOptions {
  maxAttempts?: number;
  maxElapsedMs?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** 8 attempts: at a 28 % not-applied rate (20 % throttling + 5 % 5xx + 3 % refused) a call still fails once in 26,000. */
export const RETRY_DEFAULTS: Required<RetryOptions> = { maxAttempts: 8, maxElapsedMs: 120_000, minDelayMs: 200, maxDelayMs: 8_000 };

const READ_ACTION = /^(Describe|List|Check|Query|Get)/;
/**
 * Setters: the request names the whole target value, so a second copy changes nothing (an upgrade
 * to a named revision: the copy is refused as busy or not newer, and the live revision decides).
 */
const SETTER_ACTION = /^(Modify|TagResources$|UntagResources$|GrantAccountPrivilege$|RevokeAccountPrivilege$|UpgradeDBClusterVersion$)/;

/** The cloud did not carry the call out: safe to send again whatever the action. */
export function notApplied(err: unknown): boolean {
  if (!isApiError(err)) return false;
  if (err.kind === "throttling") return true;
  if (err.code === "Client.ConnectionRefused") return true; // never reached the server
  return err.code === "ServiceUnavailable" || err.code === "Service.Unavailable" || err.httpStatus === 503;
}

/** No answer, or an internal failure: the call may or may not have been carried out. */
export function mayBeApplied(err: unknown): boolean {
  if (!isApiError(err) || notApplied(err)) return false;
  return err.kind === "network" || err.kind === "timeout" || err.kind === "unavailable";
}

/** Safe to send twice: reads, setters, a create carrying a ClientToken, or a caller's promise. */
export function isIdempotent(action: string, params: Record<string, unknown>, explicit?: boolean): boolean {
  if (explicit !== undefined) return explicit;
  return READ_ACTION.test(action) || SETTER_ACTION.test(action)
    || (typeof params.ClientToken === "string" && params.ClientToken.length > 0);
}

export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  opts: RetryOptions & { idempotent: boolean; onRetry?: (err: unknown, attemptNumber: number, delayMs: number) => void; signal?: AbortSignal; now?: () => number },
): Promise<T> {
  const o = { ...RETRY_DEFAULTS, ...dropUndefined(opts) };
  const now = opts.now ?? Date.now;
  const started = now();
  const retryable = (err: unknown) => notApplied(err) || (opts.idempotent && mayBeApplied(err));
  let attempts = 0;
  let lostAnswer = false;
  try {
    return await pRetry(async (n) => {
      attempts = n;
      try { return await attempt(n); } catch (err) { if (mayBeApplied(err)) lostAnswer = true; throw err; }
    }, {
      retries: Math.max(0, o.maxAttempts - 1),
      minTimeout: o.minDelayMs,
      maxTimeout: o.maxDelayMs,
      factor: 2,
      randomize: true,
      maxRetryTime: o.maxElapsedMs,
      signal: opts.signal,
      shouldRetry: ({ error }) => retryable(error),
      onFailedAttempt: ({ error, attemptNumber, retriesLeft, retryDelay }) => {
        if (retriesLeft > 0 && retryable(error)) opts.onRetry?.(error, attemptNumber, retryDelay);
      },
    });
  } catch (err) {
    throw explainRetries(err, attempts, now() - started, opts.idempotent, lostAnswer);
  }
}

/** The error with a hint that says exactly what the client did about it. */
function explainRetries(err: unknown, attempts: number, elapsedMs: number, idempotent: boolean, lostAnswer: boolean): unknown {
  if (!isApiError(err)) return err;
  // A refusal of a repeat whose earlier attempt went unanswered may be that attempt's own effect
  // (a zone already moved, a task already registered): the caller judges it by the live state.
  const afterLostAnswer = lostAnswer && !mayBeApplied(err) && !notApplied(err);
  let note: string;
  if (afterLostAnswer) note = `It was sent ${attempts} times over ${(elapsedMs / 1000).toFixed(1)} s with back-off; an earlier attempt got no answer and may have been carried out.`;
  else if (attempts > 1) note = `It was sent ${attempts} times over ${(elapsedMs / 1000).toFixed(1)} s with back-off, failing each time.`;
  else if (mayBeApplied(err) && !idempotent) note = `It was sent once and not repeated: ${err.action} may have been carried out without its answer arriving, and repeating it is not safe.`;
  else if (notApplied(err) || mayBeApplied(err)) note = "It was sent once.";
  else return err;
  return withHint(err, `${note} ${err.hint}`, { afterLostAnswer });
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
