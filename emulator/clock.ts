/**
 * The emulator's time source. Durations in the backend are written as the cloud's realistic
 * durations (a cluster takes minutes to create); `timeScale` multiplies them, so 0.001 makes
 * a five-minute create take 300 ms. Tests may inject a manual clock and advance it.
 */
export interface Clock {
  /** Milliseconds since the epoch, real time (used for Timestamp checks and creation times). */
  now(): number;
  /** Converts a realistic duration in ms to the scaled duration the emulator waits. */
  scaled(realisticMs: number): number;
}

export function systemClock(timeScale = 1): Clock {
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error(`time scale must be a positive number, got ${timeScale}`);
  return { now: () => Date.now(), scaled: (ms) => ms * timeScale };
}

/** A clock tests can move by hand: `advance(ms)`. */
export function manualClock(start = Date.UTC(2026, 0, 1), timeScale = 1): Clock & { advance(ms: number): void } {
  let t = start;
  return { now: () => t, scaled: (ms) => ms * timeScale, advance: (ms) => { t += ms; } };
}
