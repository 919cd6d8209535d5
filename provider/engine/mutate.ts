/**
 * Calls that change something: serialised per cluster by the lock, a busy refusal waits for the
 * cluster to be Running (or backs off) and retries. An update group's calls are sent here, and
 * applyGroup proves the change took effect by waiting until the live value shows it.
 */
import { retryWhileBusy } from "../cluster-lock";
import { ApiError, isApiError, isBusy } from "../errors";
import { resourceLabel } from "../messages";
import { Api, ApiCall, Key, Props, UpdateGroup } from "../spec";
import { backoffDelay } from "../waiter";
import { EngineContext, engineStats, fullTuning } from "./context";
import { settle, waitClusterRunning, waitUntil } from "./wait";

/** Busy refusals about the cluster's own status: they clear once the cluster is Running again. */
const CLUSTER_BUSY = new Set(["OperationDenied.DBClusterStatus", "IncorrectDBClusterState"]);

/** A mutating call: serialised per cluster; a busy refusal waits for Running, then retries. */
export function mutate<T>(ctx: EngineContext, api: Api, key: Partial<Key>, deadlineAt: number, what: string, call: (attempt: number) => Promise<T>): Promise<T> {
  const { spec, deps, maxBusyAttempts } = ctx;
  const clusterId = spec.cluster(key as Key);
  return ctx.lock.run(clusterId, () => retryWhileBusy(call, {
    isBusy,
    maxAttempts: maxBusyAttempts,
    onBusy: (err, attempt) => {
      engineStats.busyRetries++;
      ctx.progress(`${resourceLabel(spec.kind)}: ${what} refused while the cluster is busy (${isApiError(err) ? err.code : "busy"}); waiting for it to be Running, then retrying (attempt ${attempt + 1} of ${maxBusyAttempts})`);
    },
    waitUntilIdle: async (err, attempt) => {
      if (clusterId) await waitClusterRunning(ctx, api, clusterId, deadlineAt);
      // A refusal about the account or database itself (not the cluster's status) does not clear
      // when the cluster is Running: back off, growing per attempt, before calling again.
      if (!clusterId || !(isApiError(err) && CLUSTER_BUSY.has(err.code))) {
        await ctx.clock.sleep(backoffDelay(attempt, fullTuning(deps), deps.random ?? Math.random));
      }
    },
  }));
}

/**
 * Sends a group's calls. A call refused after one of its attempts went unanswered (also across
 * busy retries) is not thrown: that attempt may have made the change, and the refusal may be
 * its consequence (the zone already moved). It is returned for the caller to judge by the live state.
 */
export async function callGroup(ctx: EngineContext, api: Api, key: Key, group: UpdateGroup<Props>, news: Props, olds: Props, deadlineAt: number, extra: Record<string, unknown> = {}): Promise<{ actions: string; refused?: ApiError }> {
  const { spec } = ctx;
  const calls: ApiCall[] = group.calls
    ? group.calls(news, olds, key)
    : [{ action: group.action!, params: { ...spec.id.params(key), ...group.params?.(news, olds, key) } }];
  let refused: ApiError | undefined;
  for (const c of calls) {
    const token = group.clientToken ? ctx.newToken() : undefined;
    let lost = false;
    // One token for every attempt: a busy refusal applied nothing, and a replay must not apply twice.
    await mutate(ctx, api, key, deadlineAt, c.action, () =>
      api.request(c.action, { ...c.params, ...extra, ...(token ? { ClientToken: token } : {}) })
        .catch((err: unknown) => { if (isApiError(err) && err.afterLostAnswer) lost = true; throw err; }))
      .catch((err: unknown) => { if (lost && isApiError(err) && !isBusy(err)) refused = err; else throw err; });
  }
  return { actions: calls.map((c) => c.action).join(" + "), refused };
}

/** Runs one update group and proves it took effect. */
export async function applyGroup(ctx: EngineContext, api: Api, id: string, key: Key, group: UpdateGroup<Props>, fieldsToCheck: string[], news: Props, olds: Props, deadlineAt: number): Promise<Props> {
  const { spec, writeOnly, unread } = ctx;
  const calledAt = ctx.clock.now();
  const { actions, refused } = await callGroup(ctx, api, key, group, news, olds, deadlineAt);
  const checkable = fieldsToCheck.filter((f) => !writeOnly.has(f) && !unread.has(f));
  // Only the live value can say whether the unanswered attempt did it; a secret cannot be read.
  if (refused && checkable.length < fieldsToCheck.length) throw refused;
  // A change the cluster carries out (status SSL_MODIFYING, Rebooting …) is judged once the
  // cluster is Running again. Then probe at once: most modifications show immediately, and a
  // slow one shows a transitional status (or, briefly, the old value: the grace period).
  await settle(ctx, api, key, deadlineAt);
  const converged = waitUntil(ctx, api, id, key, "update", deadlineAt, {
    // Secrets and fields no describe returns cannot be checked; the call's success stands for them.
    converge: { fields: checkable, want: news, actions },
    immediate: true,
    prior: news,
    // A change the cluster carries out as a task (a class change) says how long it has left.
    tasksSince: spec.tasks ? calledAt : undefined,
  });
  if (!refused) return converged;
  const live = await converged.catch(() => { throw refused; });
  ctx.remark(`${ctx.label(id)}: ${actions} got no answer, and its repeat was refused (${refused.code}); the cloud shows the change made, so the first attempt did it`);
  return live;
}
