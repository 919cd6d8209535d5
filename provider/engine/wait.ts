/**
 * Waiting until the cloud shows what an operation asked for: ready, gone, or a changed value
 * (converge, with a grace period for a value that shows late), the cluster back to Running,
 * and DescribeTasks' remaining-time hints for when to look again. Every wait tolerates an API
 * that does not answer for a bounded time only (outageGuard).
 */
import { classify } from "../errors";
import { Api, Key, Props } from "../spec";
import { Verdict, waitFor } from "../waiter";
import { clusterStatus, describeTask, TaskInfo } from "./cluster-probes";
import { EngineContext, engineStats, TimedOperation } from "./context";
import { ResourceFailedError } from "./errors";
import { readFull, readPrimary } from "./read";
import { formatMs, messageOf, show } from "./values";

/** Error classes that mean the API did not answer (as opposed to answering no). */
export const TRANSIENT = new Set(["throttling", "unavailable", "network", "timeout"]);

/**
 * A wait tolerates an API that does not answer (refused, reset, timed out, 5xx, throttled) for
 * at most outageMs in a row, then fails naming what was unreachable and since when — instead
 * of probing until the resource's deadline (an hour for a cluster).
 */
export function outageGuard(ctx: EngineContext, api: Api, what: string) {
  const { clock, outageMs } = ctx;
  let since: number | undefined;
  return {
    answered: () => { since = undefined; },
    isTransient: (err: unknown): boolean => {
      if (!TRANSIENT.has(classify(err))) return false;
      since ??= clock.now();
      if (clock.now() - since < outageMs) return true;
      const endpoint = (api as { endpoint?: string }).endpoint ?? "the API";
      throw new Error(`${what}: ${endpoint} has not answered since ${new Date(since).toISOString()} (${formatMs(clock.now() - since)}); `
        + `last error: ${messageOf(err)}. Gave up waiting after ${formatMs(outageMs)} without an answer (POLARDB_OUTAGE_MS). `
        + "Check the endpoint and the network, then run `pulumi up` again: it continues from what exists.");
    },
  };
}

export interface WaitGoal {
  gone?: boolean;
  converge?: { fields: string[]; want: Props; actions: string };
  tasksSince?: number;
  /** Probe at once (the resource is probably ready already). */
  immediate?: boolean;
  /** What the program manages (ReadSpec.outputs). */
  prior: Props;
}

export async function waitUntil(ctx: EngineContext, api: Api, id: string, key: Key, op: TimedOperation, deadlineAt: number, goal: WaitGoal): Promise<Props> {
  const { spec, deps, clock, convergeGraceMs, same, label } = ctx;
  engineStats.waits++;
  const started = clock.now();
  const clusterId = spec.cluster(key);
  let task: (TaskInfo & { at: number }) | undefined;
  let taskAsked = false;
  const followTasks = goal.tasksSince !== undefined && clusterId !== undefined;
  const refreshTask = async () => {
    taskAsked = true;
    const t = await describeTask(api, clusterId!, goal.tasksSince!, clock.now()).catch(() => undefined);
    if (t) task = { ...t, at: clock.now() };
  };
  /** The task's remaining time, counted down since it was read: when to look again. */
  const expectedInMs = () => {
    const left = task?.remainMs !== undefined ? task.remainMs - (clock.now() - task.at) : 0;
    return left > 0 ? left : undefined;
  };
  let divergedSince: number | undefined;
  let missingSince: number | undefined;
  let divergence = "";
  const what = goal.gone ? "gone" : "ready";
  const fixed = deps.schedule?.(spec.kind, op);

  const judge = (live: Props | undefined): Verdict => {
    if (goal.gone) return live === undefined ? { done: true } : { pending: spec.status(live) ?? "still present" };
    if (live === undefined) {
      // A fresh resource may not be visible to describe calls at once.
      missingSince ??= clock.now();
      if (op === "create" && clock.now() - missingSince <= convergeGraceMs) return { pending: "not visible yet" };
      return { failed: "it no longer exists (deleted outside Pulumi?); run `pulumi refresh` to drop it from the state, then `pulumi up` to create it again" };
    }
    missingSince = undefined;
    const failure = spec.failed?.(live);
    if (failure) return { failed: failure };
    if (task?.error) return { failed: task.error };
    if (!spec.ready(live)) {
      divergedSince = undefined; // a transitional status: the change is under way
      return { pending: spec.status(live) ?? "not ready", retryInMs: fixed ? undefined : expectedInMs() };
    }
    if (goal.converge) {
      const off = goal.converge.fields.filter((f) => goal.converge!.want[f] !== undefined && !same(f, live[f], goal.converge!.want[f]));
      if (off.length) {
        divergedSince ??= clock.now();
        divergence = off.map((f) => `${f} did not change: wanted ${show(goal.converge!.want[f])}, the cloud reports ${show(live[f])}`).join("; ");
        if (clock.now() - divergedSince > convergeGraceMs) return { failed: `${goal.converge.actions} answered OK but the change did not take effect: ${divergence}` };
        return { pending: `${spec.status(live) ?? "ready"}, change not visible yet` };
      }
    }
    return { done: true };
  };

  const outage = outageGuard(ctx, api, label(id));
  const result = await waitFor<Props | undefined>({
    probe: async () => {
      let live = await readPrimary(ctx, api, key, goal.prior);
      // Fields only a further describe reports (a subscription's renewal) are read with it.
      if (live && goal.converge?.fields.some((f) => live![f] === undefined && goal.converge!.want[f] !== undefined)) live = await readFull(ctx, api, key, goal.prior, live);
      outage.answered();
      // The first time the resource is seen busy, ask the task how long it has left.
      if (followTasks && !taskAsked && live && !spec.ready(live)) await refreshTask();
      return live;
    },
    judge,
    timeoutMs: deadlineAt - clock.now(),
    tuning: fixed ?? (goal.immediate ? { ...deps.tuning, firstDelayMs: 0 } : deps.tuning),
    clock,
    random: deps.random,
    isTransient: outage.isTransient,
    onProgress: async (p) => {
      if (followTasks) await refreshTask();
      ctx.progress(`${label(id)}: waiting until ${what} — ${p.status}, ${formatMs(clock.now() - started)} elapsed${task ? `; ${task.line}` : ""}`);
    },
  });
  if (result.state === "done") return result.last ?? {};
  if (result.state === "failed") throw new ResourceFailedError(`${label(id)}: ${result.reason}`);
  throw new Error(`${label(id)}: not ${what} after ${formatMs(clock.now() - started)} (last: ${result.lastStatus ?? "no answer"}${divergence ? `; ${divergence}` : ""}). `
    + `Raise the deadline with the input \`timeouts: { ${op}: "…" }\` (default ${spec.timeouts[op]}) and run again.`);
}

/** True when the resource lives in a cluster (not the cluster itself) that is being deleted or is gone. */
export async function clusterGoing(ctx: EngineContext, api: Api, key: Key): Promise<boolean> {
  const clusterId = ctx.spec.cluster(key);
  if (!clusterId || ctx.spec.kind === "Cluster") return false;
  const s = await clusterStatus(api, clusterId).catch(() => "unknown");
  return s === undefined || s === "Deleting" || s === "Deleted";
}

export async function waitClusterRunning(ctx: EngineContext, api: Api, clusterId: string, deadlineAt: number, goneIsFine = false): Promise<void> {
  const { deps, clock } = ctx;
  const outage = outageGuard(ctx, api, `cluster ${clusterId}`);
  const r = await waitFor<string | undefined>({
    probe: async () => { const s = await clusterStatus(api, clusterId); outage.answered(); return s; },
    judge: (s): Verdict => s === "Running" ? { done: true }
      : s === undefined || s === "Deleted" || s === "Deleting"
        ? goneIsFine ? { done: true } : { failed: `cluster ${clusterId} ${s ? `is ${s}` : "does not exist"}` }
        : { pending: `cluster ${clusterId} is ${s}` },
    timeoutMs: deadlineAt - clock.now(),
    tuning: deps.tuning,
    clock,
    random: deps.random,
    isTransient: outage.isTransient,
    onProgress: (p) => ctx.progress(`waiting for cluster ${clusterId} to be Running — ${p.status}, ${formatMs(p.elapsedMs)} elapsed`),
  });
  if (r.state === "failed") throw new Error(r.reason);
  if (r.state === "timeout") throw new Error(`cluster ${clusterId} did not return to Running before the deadline (last: ${r.lastStatus})`);
}

/** spec.settleCluster: a change the cluster carries out is over once it is Running again. */
export async function settle(ctx: EngineContext, api: Api, key: Key, deadlineAt: number, clusterMayBeGone = false): Promise<void> {
  const clusterId = ctx.spec.cluster(key);
  if (ctx.spec.settleCluster && clusterId) await waitClusterRunning(ctx, api, clusterId, deadlineAt, clusterMayBeGone);
}
