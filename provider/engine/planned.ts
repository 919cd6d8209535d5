/**
 * Changes registered for a maintenance window (spec.schedule): the cloud's scheduled tasks of
 * a resource, and the stored records brought up to date with them. Registering and cancelling
 * one is part of an update (update.ts).
 */
import { isActive, ScheduledChange } from "../scheduled";
import { Api, Key, Props } from "../spec";
import { EngineContext } from "./context";

/** The cloud's scheduled tasks of this resource (none without a schedule spec). */
export async function listScheduled(ctx: EngineContext, api: Api, key: Key): Promise<Array<{ taskId: string; action: string; status: string }>> {
  const { spec } = ctx;
  const t = spec.schedule?.tasks;
  if (!t) return [];
  return t.items(await api.request(t.action, t.params?.(key) ?? spec.id.params(key), { schema: t.response }));
}

/** Registered changes with the cloud's current status; those that ran and show in the live values are done. */
export async function refreshScheduled(ctx: EngineContext, api: Api, key: Key, records: ScheduledChange[], live: Props): Promise<ScheduledChange[]> {
  const { spec, same, clock } = ctx;
  if (!records.length || !spec.schedule) return records;
  const tasks = await listScheduled(ctx, api, key);
  return records
    .map((r) => {
      const t = tasks.find((x) => (r.taskId ? x.taskId === r.taskId : x.action === r.action));
      return t ? { ...r, taskId: t.taskId, status: t.status } : r;
    })
    .filter((r) => !(Object.keys(r.targets).every((f) => same(f, live[f], r.targets[f])) && !isActive(r, clock.now())));
}
