/**
 * The state's record of changes registered to run in a window (see resources/cluster-schedule.ts):
 * which fields they set to what, the cloud's task and its last known status. Pure helpers; the
 * engine registers, cancels and refreshes them.
 */
import type { Props } from "./spec";

export const SCHEDULED = "scheduledChanges";

export interface ScheduledChange {
  /** The Modify* action registered (ModifyDBNodeClass, ModifyDBClusterPrimaryZone). */
  action: string;
  /** Field → the value it will have once the task has run. */
  targets: Record<string, unknown>;
  /** The window as the program gave it, and the one registered. */
  window: string;
  plannedStart: string;
  plannedEnd: string;
  taskId?: string;
  /** pending | executing | finish | failure | cancel | expired | rollback (the cloud's words). */
  status: string;
}

export const ACTIVE = new Set(["pending", "executing"]);

export function scheduledOf(p: Props): ScheduledChange[] {
  const v = p[SCHEDULED];
  return Array.isArray(v) ? (v as ScheduledChange[]).filter((r) => r && typeof r.action === "string" && r.targets) : [];
}

/** Still to run (or running) by what we know: active, and its window not over. */
export function isActive(r: ScheduledChange, now: number): boolean {
  return ACTIVE.has(r.status) && (r.status === "executing" || Date.parse(r.plannedEnd) > now);
}

/** Why a registered change is not going to happen (expired, failed, cancelled, its window over), or undefined. */
export function lapsed(r: ScheduledChange, now: number): string | undefined {
  if (isActive(r, now)) return undefined;
  if (r.status === "finish") return undefined;
  return ACTIVE.has(r.status) ? `its window ended at ${r.plannedEnd} without the change` : `its task${r.taskId ? ` ${r.taskId}` : ""} ended ${r.status}`;
}

/** The fields a registered change will bring to the declared value: no change to make for them. */
export function coveredFields(records: readonly ScheduledChange[], news: Props, same: (f: string, a: unknown, b: unknown) => boolean, now: number): Set<string> {
  const covered = new Set<string>();
  for (const r of records) {
    if (!isActive(r, now)) continue;
    const fields = Object.keys(r.targets);
    if (fields.every((f) => news[f] === undefined || same(f, r.targets[f], news[f]))) for (const f of fields) covered.add(f);
  }
  return covered;
}
