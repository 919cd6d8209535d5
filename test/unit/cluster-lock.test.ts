/**
 * The per-cluster lock (order, exclusivity, release on failure, independence of clusters) and
 * the bounded busy retry.
 */
import { ClusterLock, retryWhileBusy } from "../../provider/cluster-lock";

const tick = () => new Promise<void>((r) => setImmediate(r));

/** Work that records when it runs and how many run at once per key. */
function recorder() {
  const log: string[] = [];
  const running = new Map<string, number>();
  let maxAtOnce = 0;
  const work = (key: string, name: string, fail = false) => async () => {
    running.set(key, (running.get(key) ?? 0) + 1);
    maxAtOnce = Math.max(maxAtOnce, running.get(key)!);
    log.push(`start ${name}`);
    await tick(); await tick();
    log.push(`end ${name}`);
    running.set(key, running.get(key)! - 1);
    if (fail) throw new Error(`${name} failed`);
    return name;
  };
  return { log, work, maxAtOnce: () => maxAtOnce };
}

test("calls for one cluster run one at a time, in arrival order", async () => {
  const lock = new ClusterLock();
  const r = recorder();
  const results = await Promise.all(["a", "b", "c"].map((n) => lock.run("pc-1", r.work("pc-1", n))));
  expect(results).toEqual(["a", "b", "c"]);
  expect(r.maxAtOnce()).toBe(1);
  expect(r.log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  expect(lock.busyKeys()).toEqual([]);
});

test("different clusters do not wait for each other", async () => {
  const lock = new ClusterLock();
  const r = recorder();
  await Promise.all([lock.run("pc-1", r.work("x", "one")), lock.run("pc-2", r.work("x", "two"))]);
  expect(r.log.slice(0, 2)).toEqual(["start one", "start two"]);
});

test("a failing holder releases the lock; the next caller runs", async () => {
  const lock = new ClusterLock();
  const r = recorder();
  const first = lock.run("pc-1", r.work("pc-1", "bad", true));
  const second = lock.run("pc-1", r.work("pc-1", "good"));
  await expect(first).rejects.toThrow("bad failed");
  await expect(second).resolves.toBe("good");
  expect(lock.busyKeys()).toEqual([]);
});

test("no key means no serialisation (a cluster that does not exist yet)", async () => {
  const lock = new ClusterLock();
  const r = recorder();
  await Promise.all([lock.run(undefined, r.work("none", "a")), lock.run(undefined, r.work("none", "b"))]);
  expect(r.maxAtOnce()).toBe(2);
});

const busy = Object.assign(new Error("OperationDenied.DBClusterStatus"), { busy: true });
const isBusy = (e: unknown) => (e as { busy?: boolean }).busy === true;

test("a busy refusal waits for the cluster, then calls again", async () => {
  const attempts: number[] = [];
  let waits = 0;
  const result = await retryWhileBusy(async (n) => { attempts.push(n); if (n < 3) throw busy; return "done"; }, {
    isBusy, maxAttempts: 5, waitUntilIdle: async () => { waits++; },
  });
  expect(result).toBe("done");
  expect(attempts).toEqual([1, 2, 3]);
  expect(waits).toBe(2);
});

test("other errors are not retried, and busy retries are bounded", async () => {
  let calls = 0;
  const invalid = new Error("InvalidParameter");
  await expect(retryWhileBusy(async () => { calls++; throw invalid; }, { isBusy, maxAttempts: 5, waitUntilIdle: async () => undefined })).rejects.toBe(invalid);
  expect(calls).toBe(1);

  calls = 0;
  const busyErrors: number[] = [];
  await expect(retryWhileBusy(async () => { calls++; throw busy; }, {
    isBusy, maxAttempts: 3, waitUntilIdle: async () => undefined, onBusy: (_e, n) => busyErrors.push(n),
  })).rejects.toBe(busy);
  expect(calls).toBe(3);
  expect(busyErrors).toEqual([1, 2]);
});

test("a failed wait for the cluster ends the retries with that failure", async () => {
  await expect(retryWhileBusy(async () => { throw busy; }, {
    isBusy, maxAttempts: 5, waitUntilIdle: async () => { throw new Error("cluster pc-1 is Deleting"); },
  })).rejects.toThrow("cluster pc-1 is Deleting");
});
