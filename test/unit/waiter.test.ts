/**
 * The waiter with a fake clock and fixed randomness: the exact probe schedule, the deadline
 * handling, unknown vs known-failure statuses, hints, transient probe errors and progress.
 */
import { backoffDelay, Verdict, waitFor, WaitClock } from "../../provider/waiter";

/** A clock whose sleep moves time forward at once, recording every delay. */
function fakeClock(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  const clock: WaitClock = {
    now: () => now,
    sleep: async (ms) => { sleeps.push(ms); now += ms; },
  };
  return { clock, sleeps, elapsed: () => now - start, advance: (ms: number) => { now += ms; } };
}

const tuning = { firstDelayMs: 10, minDelayMs: 100, maxDelayMs: 1_000, lastProbeMarginMs: 50, progressAfterMs: 1_000, progressEveryMs: 2_000 };

/** Statuses in order, then the last one forever. */
function script(statuses: string[]) {
  let i = 0;
  return { probe: async () => statuses[Math.min(i++, statuses.length - 1)], probes: () => i };
}
const untilRunning = (s: string): Verdict => (s === "Running" ? { done: true } : s === "CreateFailed" ? { failed: "creation failed" } : { pending: s });

test("a short first poll, then jittered exponential back-off capped at maxDelay (random = 0.5)", async () => {
  const c = fakeClock();
  const s = script([...Array(8).fill("Creating"), "Running"]);
  const r = await waitFor({ probe: s.probe, judge: untilRunning, timeoutMs: 60_000, tuning, clock: c.clock, random: () => 0.5 });
  expect(r).toMatchObject({ state: "done", last: "Running", probes: 9 });
  // ceilings 100, 200, 400, 800, 1000 (cap); equal jitter at 0.5 gives 3/4 of each, never below minDelay
  expect(c.sleeps).toEqual([10, 100, 150, 300, 600, 750, 750, 750, 750]);
});

test("backoffDelay stays between half the ceiling (or minDelay) and the ceiling", () => {
  const t = { minDelayMs: 100, maxDelayMs: 1_000 };
  expect(backoffDelay(1, t, () => 0)).toBe(100);
  expect(backoffDelay(1, t, () => 0.999999)).toBeCloseTo(100);
  expect(backoffDelay(3, t, () => 0)).toBe(200);
  expect(backoffDelay(3, t, () => 1)).toBe(400);
  expect(backoffDelay(30, t, () => 0)).toBe(500);
  expect(backoffDelay(30, t, () => 1)).toBe(1_000);
});

test("the last probe lands just before the deadline, then the wait times out with the last status", async () => {
  const c = fakeClock();
  const s = script(["Creating", "Creating", "SomethingNew"]);
  const r = await waitFor({ probe: s.probe, judge: untilRunning, timeoutMs: 3_000, tuning, clock: c.clock, random: () => 1 });
  expect(r.state).toBe("timeout");
  expect(r).toMatchObject({ lastStatus: "SomethingNew" });
  // 10, 100, 200, 400, 800, 1000 would end at 2510; the next 1000 would cross 3000 - 50: probe at 2950
  expect(c.sleeps).toEqual([10, 100, 200, 400, 800, 1000, 440]);
  expect(c.elapsed()).toBe(2_950);
  expect(r.probes).toBe(7);
});

test("a status the waiter does not know means keep waiting; a known failure ends the wait at once", async () => {
  const unknown = script(["Creating", "STORAGE_EXPANDIN", "SomeFutureState", "Running"]);
  const ok = await waitFor({ probe: unknown.probe, judge: untilRunning, timeoutMs: 60_000, tuning, clock: fakeClock().clock, random: () => 0 });
  expect(ok).toMatchObject({ state: "done", probes: 4 });

  const failing = script(["Creating", "CreateFailed", "Running"]);
  const c = fakeClock();
  const bad = await waitFor({ probe: failing.probe, judge: untilRunning, timeoutMs: 60_000, tuning, clock: c.clock, random: () => 0 });
  expect(bad).toMatchObject({ state: "failed", reason: "creation failed", last: "CreateFailed", probes: 2 });
  expect(failing.probes()).toBe(2);
});

test("a hint (a task's remaining time) sets the next delay: at least minDelay, 90 % of a hint beyond maxDelay; back-off restarts when hints stop", async () => {
  const c = fakeClock();
  let n = 0;
  const hints: Record<number, number | undefined> = { 1: 30, 2: 4_000, 3: 60_000 };
  const r = await waitFor({
    probe: async () => ++n,
    judge: (k: number): Verdict => (k >= 7 ? { done: true } : { pending: "Creating", retryInMs: hints[k] }),
    timeoutMs: 600_000, tuning: { ...tuning, minDelayMs: 100, maxDelayMs: 10_000 }, clock: c.clock, random: () => 1,
  });
  expect(r.state).toBe("done");
  // hints: 30 → minDelay, 4000 as given, 60000 → 90 % of it; then back-off from the start: 100, 200, 400
  expect(c.sleeps).toEqual([10, 100, 4_000, 54_000, 100, 200, 400]);
});

test("transient probe errors keep the wait going; other errors propagate", async () => {
  const c = fakeClock();
  let n = 0;
  const flaky = async () => { n++; if (n < 3) throw Object.assign(new Error("socket hang up"), { transient: true }); return "Running"; };
  const r = await waitFor({ probe: flaky, judge: untilRunning, timeoutMs: 60_000, tuning, clock: c.clock, random: () => 0, isTransient: (e: any) => e.transient === true });
  expect(r).toMatchObject({ state: "done", probes: 3 });

  const broken = async (): Promise<string> => { throw new Error("InvalidAccessKeyId.NotFound"); };
  await expect(waitFor({ probe: broken, judge: untilRunning, timeoutMs: 60_000, tuning, clock: fakeClock().clock, isTransient: () => false }))
    .rejects.toThrow("InvalidAccessKeyId.NotFound");
});

test("progress is reported only during long waits, at most once per interval", async () => {
  const c = fakeClock();
  const s = script([...Array(12).fill("Creating"), "Running"]);
  const seen: Array<{ status: string; elapsedMs: number }> = [];
  await waitFor({
    probe: s.probe, judge: untilRunning, timeoutMs: 60_000, tuning, clock: c.clock, random: () => 0.5,
    onProgress: (p) => { seen.push({ status: p.status, elapsedMs: p.elapsedMs }); },
  });
  // probes at 10, 110, 260, 560, 1160, 1910, 2660, 3410, 4160, 4910, 5660, 6410 (pending), 7160 (done)
  expect(seen.map((p) => p.elapsedMs)).toEqual([1160, 3410, 5660]);
  expect(seen.every((p) => p.status === "Creating")).toBe(true);
});

test("a deadline shorter than the first delay still probes once, at the margin", async () => {
  const c = fakeClock();
  const s = script(["Creating"]);
  const r = await waitFor({ probe: s.probe, judge: untilRunning, timeoutMs: 40, tuning, clock: c.clock, random: () => 0 });
  expect(r).toMatchObject({ state: "timeout", probes: 1 });
  expect(c.sleeps).toEqual([0]);
});

test("an aborted signal stops the wait", async () => {
  const controller = new AbortController();
  controller.abort(new Error("cancelled"));
  await expect(waitFor({ probe: async () => "Creating", judge: untilRunning, timeoutMs: 1_000, signal: controller.signal, tuning: { firstDelayMs: 5 } }))
    .rejects.toThrow("cancelled");
});
