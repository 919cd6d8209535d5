/**
 * Changes on the cloud's schedule: `plannedWindow` asks that a cluster's class upgrade or zone
 * move run in a maintenance window instead of now (PlannedStartTime / PlannedEndTime, API
 * reference §6.9.2 and §8.4; the cloud lists them with DescribeScheduleTasks and cancels them with
 * CancelScheduleTasks). `pulumi up` registers the change and returns; the state records it
 * (`scheduledChanges`); refresh shows the task's status; once it has run the live value matches
 * and nothing is left to do. A task that expired, failed or was cancelled is reported and
 * registered again by the next `up`.
 *
 * The window is either daily, `"HH:MMZ-HH:MMZ"` in UTC (the next occurrence is used, so it never
 * goes stale in a program), or one absolute window `"YYYY-MM-DDThh:mmZ/YYYY-MM-DDThh:mmZ"`. The
 * reference's rules: the start within the next 24 hours, the window at least 30 minutes long.
 */
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const DAILY = /^([01]\d|2[0-3]):([0-5]\d)Z-([01]\d|2[0-3]):([0-5]\d)Z$/;
const ABSOLUTE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?Z)\/(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?Z)$/;

export interface Window { start: number; end: number }

/** Why the window is not one the reference allows (form, length, the next 24 hours), or undefined. */
export function windowProblem(text: string, now = Date.now()): string | undefined {
  const daily = DAILY.exec(text);
  if (daily) {
    const length = minutesBetween(+daily[1] * 60 + +daily[2], +daily[3] * 60 + +daily[4]);
    return length < 30 ? `the window lasts ${length} minutes; the cloud needs at least 30` : undefined;
  }
  const abs = ABSOLUTE.exec(text);
  if (!abs) return 'a daily UTC window such as "18:00Z-19:00Z", or one window "2026-12-04T18:00Z/2026-12-04T19:00Z"';
  const start = Date.parse(abs[1]);
  const end = Date.parse(abs[2]);
  if (end - start < 30 * MIN) return "the window must last at least 30 minutes";
  if (start <= now) return "the window starts in the past; the cloud takes a start within the next 24 hours";
  if (start > now + DAY) return "the window starts more than 24 hours from now; the cloud takes a start within the next 24 hours";
  return undefined;
}

function minutesBetween(from: number, to: number): number {
  return (to - from + 24 * 60) % (24 * 60) || 24 * 60;
}

/** The window a change registered now runs in: the next occurrence of a daily window, or the absolute one. */
export function nextWindow(text: string, now = Date.now()): Window {
  const daily = DAILY.exec(text);
  if (daily) {
    const startMin = +daily[1] * 60 + +daily[2];
    const length = minutesBetween(startMin, +daily[3] * 60 + +daily[4]);
    const midnight = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
    let start = midnight + startMin * MIN;
    if (start <= now + MIN) start += DAY; // today's has begun (or is about to): tomorrow's
    return { start, end: start + length * MIN };
  }
  const abs = ABSOLUTE.exec(text)!;
  return { start: Date.parse(abs[1]), end: Date.parse(abs[2]) };
}

/** PlannedStartTime / PlannedEndTime as the API takes them. */
export function plannedParams(w: Window): { PlannedStartTime: string; PlannedEndTime: string } {
  const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  return { PlannedStartTime: at(w.start), PlannedEndTime: at(w.end) };
}
