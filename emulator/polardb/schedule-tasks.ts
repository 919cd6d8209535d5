/**
 * Scheduled tasks (seed 003 §17; the planned-time parameters of §6.9.2 ModifyDBClusterPrimaryZone,
 * §8.1 CreateDBNodes and §8.4 ModifyDBNodeClass).
 *
 * A call with PlannedStartTime registers a task instead of starting the change. The window rules
 * are the seed's: the start within the next 24 hours, the end (default start + 30 min) at least
 * 30 minutes after the start; a cluster holds at most one pending task (ScheduleTaskExist).
 *
 * THE CLOCK. Planned times are absolute, but the emulator runs on a scaled clock, so the wait
 * until the window is scaled like every other duration: a task planned `d` ms after the request
 * fires at `request time + d × timeScale` and may start until `request time + (end − request) ×
 * timeScale`. DescribeScheduleTasks still reports the times the caller gave.
 * When it fires on a Running cluster the task is `executing` (the change starts, the cluster
 * leaves Running) and `finish` once the change is done; a cluster that is busy is retried every
 * (scaled) minute; a task that could not start inside its window is `expired`; a cancelled one
 * is `cancel`. UpgradeDBClusterVersion's tasks come from imci-version.ts (SDK 9.2.1's API).
 *
 * HELD TASKS (tests). On a scaled clock a window "ten hours ahead" opens seconds later, racing
 * whatever the test does meanwhile. With holdScheduleTasks a task registered from then on waits
 * beyond any time (it neither fires nor expires) until fireScheduleTask opens its window now.
 */
import type { Clock } from "../clock";
import { codes } from "../codes";
import { oneOf, optional, page, paging, Params, required, time } from "../params";
import type { Cluster, ScheduleTask, StoreData } from "../state";
import { REGIONS } from "./catalogue";
import type { Area, PolarContext } from "./context";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
export const SCHEDULE_ACTIONS = ["CreateDBNodes", "ModifyDBNodeClass", "UpgradeDBClusterVersion", "ModifyDBClusterPrimaryZone"] as const;
const STATUSES = ["pending", "executing", "failure", "finish", "cancel", "expired", "rollback"] as const;

export interface PlannedWindow { start: number; end: number }

/**
 * The planned window of a request, or undefined to run now. PlannedEndTime alone is refused:
 * it only has a meaning after a start.
 */
export function plannedWindow(p: Params, now: number): PlannedWindow | undefined {
  const start = time(p, "PlannedStartTime", false);
  const end = time(p, "PlannedEndTime", false);
  if (start === undefined) {
    if (end !== undefined) throw codes.missingParameter("PlannedStartTime");
    return undefined;
  }
  // "any time within the next 24 hours"; a start a minute old (clock skew, whole minutes) still counts as now
  if (start < now - MIN || start > now + DAY) throw codes.invalidParameter("PlannedStartTime");
  const last = end ?? start + 30 * MIN;
  if (last < start + 30 * MIN) throw codes.invalidParameter("PlannedEndTime");
  return { start, end: last };
}

const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16) + "Z";

/** The status at `now`: pending tasks whose window has passed are expired; executing ones finish when their change ends. */
function statusOf(t: ScheduleTask, now: number): string {
  if (t.Status === "pending" && now > t.fireUntil) return "expired";
  if (t.Status === "executing" && t.doneAt !== undefined && now >= t.doneAt) return "finish";
  return t.Status;
}

/** A held task's window: beyond any time (and JSON-safe, unlike Infinity, for the saved state). */
const HELD = Number.MAX_SAFE_INTEGER;
/** Backends whose new tasks are held, by their clock: the one object an emulator and its backend share for life. */
const holding = new WeakSet<Clock>();

/** From now on, tasks registered on the backend of this clock wait for fireScheduleTask (or stop doing so). */
export function holdScheduleTasks(clock: Clock, hold: boolean): void {
  if (hold) holding.add(clock); else holding.delete(clock);
}

/**
 * Opens a pending task's window now, as long as the one it was registered with: it fires at the
 * next request (transitions are applied lazily). Throws for an unknown task or one not pending.
 */
export function fireScheduleTask(store: StoreData, clock: Clock, taskId: string): void {
  const t = store.scheduleTasks.find((x) => x.TaskId === taskId);
  if (!t) throw new Error(`emulator: no scheduled task ${taskId}`);
  const now = clock.now();
  const status = statusOf(t, now);
  if (status !== "pending") throw new Error(`emulator: scheduled task ${taskId} is ${status}, not pending`);
  t.fireAt = now;
  t.fireUntil = now + clock.scaled(t.PlannedEndTime - t.PlannedStartTime);
  store.transitions.push({ at: now, kind: "scheduleTaskFire", clusterId: t.DBClusterId, args: { taskId } });
  store.transitions.sort((a, b) => a.at - b.at);
}

export function scheduleTaskArea(ctx: PolarContext): Area {
  const { clock } = ctx;

  function refresh(t: ScheduleTask, now = clock.now()): ScheduleTask {
    t.Status = statusOf(t, now);
    return t;
  }

  return {
    actions: {
      DescribeScheduleTasks: (p, req) => {
        const status = oneOf(p, "Status", STATUSES);
        const clusterId = optional(p, "DBClusterId");
        const region = optional(p, "RegionId");
        if (region !== undefined && !REGIONS[region]) throw codes.regionNotFound();
        const action = oneOf(p, "TaskAction", SCHEDULE_ACTIONS);
        const pg = paging(p);
        const rows = ctx.store.scheduleTasks.map((t) => refresh(t))
          .filter((t) => t.ownerKey === req.accessKeyId && (!status || t.Status === status) && (!clusterId || t.DBClusterId === clusterId)
            && (!region || t.Region === region) && (!action || t.Action === action));
        return {
          Success: true, Message: "Successful", Code: "200",
          Data: {
            PageNumber: pg.pageNumber, PageSize: pg.pageSize, TotalRecordCount: rows.length,
            TimerInfos: page(rows, pg).map((t) => {
              const c: Cluster | undefined = ctx.store.clusters[t.DBClusterId];
              return {
                TaskId: t.TaskId, Action: t.Action, Status: t.Status, DBClusterId: t.DBClusterId,
                DbClusterDescription: c?.DBClusterDescription ?? "", DbClusterStatus: c?.DBClusterStatus ?? "Deleted",
                ...(t.OrderId ? { OrderId: t.OrderId } : {}),
                PlannedStartTime: minute(t.PlannedStartTime), PlannedEndTime: minute(t.PlannedEndTime),
                PlannedTime: minute(t.PlannedStartTime), Region: t.Region,
              };
            }),
          },
        };
      },

      CancelScheduleTasks: (p) => {
        const c = ctx.cluster(p);
        const id = required(p, "TaskId");
        const t = ctx.store.scheduleTasks.find((x) => x.TaskId === id && x.DBClusterId === c.DBClusterId);
        if (!t) throw codes.taskNotFound();
        if (refresh(t).Status !== "pending") throw codes.taskStatus();
        t.Status = "cancel";
        return { Success: true };
      },
    },

    transitions: {
      /** The window opened (or a busy cluster is tried again). */
      scheduleTaskFire: (c, a, dueAt) => {
        const t = ctx.store.scheduleTasks.find((x) => x.TaskId === a.taskId);
        // Judged when it was due (transitions are applied lazily, at the next request): a task whose
        // window opened while nobody asked still fired in its window.
        const at = typeof dueAt === "number" ? dueAt : clock.now();
        if (!t || refresh(t, at).Status !== "pending") return;
        const now = at;
        if (c.DBClusterStatus !== "Running" || c.LockMode !== "Unlock") {
          const retry = Math.min(now + clock.scaled(MIN), t.fireUntil + 1);
          ctx.schedule({ at: retry, kind: "scheduleTaskFire", clusterId: c.DBClusterId, args: { taskId: t.TaskId } });
          return;
        }
        const run = ctx.operations[t.Action];
        if (!run) { t.Status = "failure"; return; }
        t.Status = "executing";
        t.doneAt = run(c, t.args);
      },
    },
  };
}

/**
 * Registers a planned change for `c` (one pending task per cluster) and schedules its firing.
 * Returns the task.
 */
export function registerScheduleTask(ctx: PolarContext, c: Cluster, action: (typeof SCHEDULE_ACTIONS)[number], w: PlannedWindow, args: Record<string, unknown>, orderId?: string): ScheduleTask {
  const now = ctx.clock.now();
  const pending = ctx.store.scheduleTasks.some((t) => t.DBClusterId === c.DBClusterId && t.Status === "pending" && now <= t.fireUntil);
  if (pending) throw codes.scheduleTaskExist();
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(ctx.rng() * 16)]).join("");
  const held = holding.has(ctx.clock);
  const task: ScheduleTask = {
    TaskId: `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(ctx.rng() * 4)]}${hex(3)}-${hex(12)}`,
    Action: action, DBClusterId: c.DBClusterId, Region: c.RegionId, OrderId: orderId, ownerKey: c.ownerKey,
    PlannedStartTime: w.start, PlannedEndTime: w.end,
    fireAt: held ? HELD : now + ctx.clock.scaled(Math.max(0, w.start - now)),
    fireUntil: held ? HELD : now + ctx.clock.scaled(Math.max(0, w.end - now)),
    Status: "pending", args,
  };
  ctx.store.scheduleTasks.push(task);
  if (!held) ctx.schedule({ at: task.fireAt, kind: "scheduleTaskFire", clusterId: c.DBClusterId, args: { taskId: task.TaskId } });
  return task;
}
