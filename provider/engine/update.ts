/**
 * update: one group of fields at a time, in spec order: call, wait, verify the live value. A
 * group the spec lets wait for a maintenance window (spec.schedule, plannedWindow) is
 * registered for it instead, and recorded in the outputs; a registered change the program no
 * longer wants, or that must run now, is cancelled.
 */
import { isApiError } from "../errors";
import { IDENTITY_KEY, noteHeld } from "../identity";
import { isActive, SCHEDULED, ScheduledChange, scheduledOf } from "../scheduled";
import { Api, Key, Props } from "../spec";
import { EngineContext } from "./context";
import { changes, replacing } from "./diff";
import { primeSecretChecks } from "../secret-digest";
import { parseInputs } from "./inputs";
import { applyGroup, callGroup, mutate } from "./mutate";
import { assemble } from "./outputs";
import { listScheduled, refreshScheduled } from "./planned";
import { readFull } from "./read";
import { reveal, sendsEncrypted } from "./reveal";
import { strip } from "./values";
import { waitUntil } from "./wait";

export async function update(ctx: EngineContext, id: string, oldsRaw: Props | undefined, newsRaw: Props | undefined, oldInputs?: Props): Promise<{ outs: Props }> {
  const { spec, clock, same, label, remark, writeOnly, unread } = ctx;
  noteHeld(newsRaw?.[IDENTITY_KEY], id);
  const olds = strip(oldsRaw);
  const news = parseInputs(ctx, strip(newsRaw), true);
  // Every stored digest against its new value, old inputs or not: assemble keeps a digest only if it matches.
  await primeSecretChecks(ctx.writeOnly, olds, news);
  const key = spec.id.parse(id);
  const regionId = ctx.regionOf(olds);
  const api = ctx.apiIn(regionId);
  const deadlineAt = ctx.deadline("update", news);
  const changed = new Set(changes(ctx, olds, news, oldInputs).managed);
  const replaceable = replacing(ctx, [...changed], olds, news);
  if (replaceable.length) throw new Error(`${label(id)}: ${replaceable.join(", ")} cannot change in place (this needs a replacement; it is a provider bug to get here)`);

  // Ready first: a cluster may still be busy, or still creating after a partial create.
  let current = await waitUntil(ctx, api, id, key, "update", deadlineAt, { immediate: true, prior: news });
  let records = await refreshScheduled(ctx, api, key, scheduledOf(olds), current);
  const sched = spec.schedule;
  const windowText = sched && typeof news[sched.input] === "string" ? news[sched.input] as string : undefined;
  const cancel = async (r: ScheduledChange, why: string) => {
    await cancelScheduled(ctx, api, id, key, r, why, deadlineAt);
    records = records.filter((x) => x !== r);
  };
  for (const group of spec.update ?? []) {
    const todo = group.fields.filter((f) => changed.has(f));
    if (!todo.length) continue;
    const action = group.action ?? "";
    const mine = records.find((r) => r.action === action);
    // The cloud has the declared values already: a registered change that has run, or an
    // earlier run's call whose answer was lost (or whose run was killed) before it was recorded.
    if (todo.every((f) => !writeOnly.has(f) && !unread.has(f) && same(f, current[f], news[f]))) { records = records.filter((r) => r !== mine); continue; }
    const plannable = sched !== undefined && windowText !== undefined && action !== "" && sched.allowed(group, news, { ...olds, ...current });
    if (plannable) {
      const targets = Object.fromEntries(group.fields.filter((f) => news[f] !== undefined).map((f) => [f, news[f]]));
      const sameTargets = mine && Object.keys(targets).every((f) => same(f, mine.targets[f], targets[f]));
      if (mine && isActive(mine, clock.now()) && sameTargets && mine.window === windowText) continue; // registered already
      if (mine) await cancel(mine, "the program asks for another value or window");
      const w = sched.window(windowText);
      const planned = sched.params(w);
      const { refused } = await callGroup(ctx, api, key, group, news, { ...olds, ...current }, deadlineAt, planned);
      const task = (await listScheduled(ctx, api, key)).find((t) => t.action === action && t.status === "pending");
      // A repeat refused (ScheduleTaskExist) after an unanswered attempt: the pending task is that attempt's.
      if (refused && !task) throw refused;
      const at = (ms: number) => new Date(ms).toISOString().replace(/:\d{2}\.\d{3}Z$/, "Z");
      records = [...records.filter((r) => r !== mine), { action, targets, window: windowText, plannedStart: at(w.start), plannedEnd: at(w.end), taskId: task?.taskId, status: "pending" }];
      remark(`${label(id)}: ${todo.join(", ")} will change in the window ${at(w.start)}–${at(w.end)} (${action}, task ${task?.taskId ?? "?"}); \`pulumi up\` does not wait for it — refresh shows its status`);
      continue;
    }
    if (mine) await cancel(mine, windowText ? "this change cannot wait for a window; it runs now" : "plannedWindow was removed; the change runs now");
    else if (windowText && !plannable) remark(`${label(id)}: ${todo.join(", ")} cannot wait for a window (the reference plans upgrades and zone moves only); changing now`);
    current = await applyGroup(ctx, api, id, key, group, todo, sendsEncrypted(ctx, group) ? await reveal(ctx, regionId, () => id, news) : news, { ...olds, ...current }, deadlineAt);
  }
  // Registered changes the program no longer wants (it went back to the live value): cancelled.
  for (const r of [...records]) {
    if (isActive(r, clock.now()) && Object.keys(r.targets).some((f) => news[f] !== undefined && !same(f, r.targets[f], news[f]))) await cancel(r, "the program no longer asks for it");
  }
  const live = await readFull(ctx, api, key, news);
  if (!live) throw new Error(`${label(id)} disappeared during the update`);
  const outs = assemble(ctx, live, key, news, regionId, olds);
  if (records.length) outs[SCHEDULED] = records;
  return { outs };
}

/** Cancels a registered change that is still active in the cloud (a remark says why). */
async function cancelScheduled(ctx: EngineContext, api: Api, id: string, key: Key, r: ScheduledChange, why: string, deadlineAt: number): Promise<void> {
  const sched = ctx.spec.schedule;
  if (!(sched && r.taskId && isActive(r, ctx.clock.now()))) return;
  const c = sched.cancel(key, r.taskId);
  const taskId = r.taskId;
  // Safe to repeat: a repeat refused after an unanswered attempt is judged by the task's status.
  await mutate(ctx, api, key, deadlineAt, c.action, () => api.request(c.action, c.params, { idempotent: true }))
    .catch(async (err: unknown) => {
      const waiting = async () => (await listScheduled(ctx, api, key)).some((t) => t.taskId === taskId && t.status === "pending");
      if (!(isApiError(err) && err.afterLostAnswer) || await waiting()) throw err;
    });
  ctx.remark(`${ctx.label(id)}: cancelled the ${r.action} registered for ${r.plannedStart} (task ${r.taskId}): ${why}`);
}
