/**
 * delete: a resource the spec leaves in the cloud is dropped from the state with a warning;
 * deletion protection and a state the cloud will not delete (a subscription) are lifted first
 * with the opt-in, else refused or left with a warning; then the call (NotFound = done; a
 * cluster going away takes its contents with it) and the wait until gone.
 */
import { isNotFound } from "../errors";
import { Props } from "../spec";
import { EngineContext } from "./context";
import { mutate } from "./mutate";
import { readPrimary } from "./read";
import { messageOf, show, strip } from "./values";
import { clusterGoing, settle, waitUntil } from "./wait";

export async function deleteResource(ctx: EngineContext, id: string, oldsRaw: Props | undefined): Promise<void> {
  const { spec, label, remark, progress } = ctx;
  const olds = strip(oldsRaw);
  const key = spec.id.parse(id);
  const api = ctx.apiIn(ctx.regionOf(olds));
  const deadlineAt = ctx.deadline("delete", olds);
  const how = spec.delete;
  if ("leaves" in how) {
    remark(`${label(id)}: removed from the state only; ${how.leaves}`, "warning");
    return;
  }
  const protection = spec.deletionProtection;
  const blocker = spec.deleteBlocker;
  if (protection || blocker) {
    const live = await readPrimary(ctx, api, key, olds);
    if (!live) return; // already gone
    // Both decided before anything changes: a refusal or a left object keeps every setting.
    const locked = protection?.isOn(live) === true;
    if (locked && olds[protection!.optIn] !== true) throw new Error(protection!.refusal(id));
    if (blocker?.blocks(live)) {
      if (olds[blocker.optIn] !== true) {
        remark(`${label(id)}: ${blocker.left(id, live)}`, "warning");
        return;
      }
      const c = blocker.unblock(key);
      const token = ctx.newToken();
      await mutate(ctx, api, key, deadlineAt, c.action, () => api.request(c.action, { ...c.params, ClientToken: token }));
      const fields = Object.keys(blocker.unblocked);
      await waitUntil(ctx, api, id, key, "delete", deadlineAt, { converge: { fields, want: blocker.unblocked, actions: c.action }, immediate: true, prior: olds });
      remark(`${label(id)}: ${c.action} done (${blocker.optIn} is true): ${fields.map((f) => `${f} is ${show(blocker.unblocked[f])}`).join(", ")}; deleting it now`);
    }
    if (locked) {
      const lift = protection!.lift(key);
      await mutate(ctx, api, key, deadlineAt, lift.action, () => api.request(lift.action, lift.params));
      remark(`${label(id)}: deletion protection lifted (${protection!.optIn} is true)`);
    }
  }
  try {
    // Safe to repeat after a lost answer: the second call finds it gone (NotFound: done) or going (busy: waits).
    await mutate(ctx, api, key, deadlineAt, how.action, () =>
      api.request(how.action, { ...spec.id.params(key), ...how.params?.(key, olds) }, { idempotent: true }));
  } catch (err) {
    if (isNotFound(err)) return;
    // Its cluster is being released (destroy deletes both when the program does not link them,
    // as after `pulumi import`): what lives in the cluster goes with it.
    if (await clusterGoing(ctx, api, key)) {
      progress(`${label(id)}: its cluster ${spec.cluster(key)} is being deleted, and it goes with it`);
      return;
    }
    // A lost answer, repeated: the second call may be refused because the first one is being
    // carried out. What the cloud shows now decides: gone or going means the delete was applied.
    const now = how.restoresDefault ? "present" : await readPrimary(ctx, api, key, olds).then((l) => (l === undefined ? "gone" : ctx.isGoing(l) ? "going" : "present"), () => "present");
    if (now === "gone") return;
    if (now !== "going") throw err;
    progress(`${label(id)}: ${how.action} answered ${messageOf(err)}, but it is already being deleted; waiting until it is gone`);
  }
  if (!how.restoresDefault) await waitUntil(ctx, api, id, key, "delete", deadlineAt, { gone: true, prior: olds });
  await settle(ctx, api, key, deadlineAt, true); // a cluster that is itself going away is fine here
}
