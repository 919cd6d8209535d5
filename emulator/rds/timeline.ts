/**
 * Lazy task progress: a task stores only its start time; its state is a fold over a list of
 * steps whose times have come on the (scaled) clock. No timers, so a saved state resumes where
 * the clock says and a manual clock in tests moves tasks step by step.
 */
import type { Clock } from "../clock";

export interface Step<F> {
  /** Realistic milliseconds after the start (the clock scales them). */
  at: number;
  /** Fields that change at this step; `when` is the step's absolute time. */
  set?: (when: number) => Partial<F>;
  /** Log lines written at this step. */
  log?: (when: number) => string[];
}

export interface Replayed<F> {
  fields: F;
  lines: string[];
  /** Absolute time of the last step reached (the task's "modified" time). */
  changedAt: number;
  /** Every step has been reached. */
  done: boolean;
}

export function replay<F>(steps: readonly Step<F>[], initial: F, startedAt: number, clock: Clock): Replayed<F> {
  const now = clock.now();
  let fields = { ...initial };
  const lines: string[] = [];
  let changedAt = startedAt;
  let reached = 0;
  // Stable sort: steps at the same time keep their written order.
  for (const step of [...steps].sort((a, b) => a.at - b.at)) {
    const when = startedAt + clock.scaled(step.at);
    if (when > now) break;
    if (step.set) fields = { ...fields, ...step.set(when) };
    if (step.log) lines.push(...step.log(when));
    changedAt = when;
    reached += 1;
  }
  return { fields, lines, changedAt, done: reached === steps.length };
}

