/**
 * Major-version upgrade tasks of RDS PostgreSQL instances, read with
 * `DescribeUpgradeMajorVersionTasks` (seed 002). The API that starts an upgrade is not in the
 * seeds, so tasks come from the default history (fixtures.ts) or a loaded state; a running one
 * advances lazily through the seed's four log steps (timeline.ts).
 */
import type { DispatchRequest } from "../backend-api";
import { rdsError } from "./errors";
import { logTime, seedLog } from "./format";
import { findInstance, isPostgres } from "./instances";
import { INT32_MAX, pageOf, RDS_RULES, readParams } from "./params";
import type { RdsContext, UpgradeTask } from "./state";
import { replay, Step } from "./timeline";

const MINUTE = 60_000;

/** Realistic times after the start: an upgrade with cut-over takes about half an hour (the seed's example: 29.5 min). */
export const UPGRADE_TIMES = { precheck: 2 * MINUTE, begin: 3 * MINUTE, master: 20 * MINUTE, switch: 25 * MINUTE, switchEnd: 26 * MINUTE, end: 30 * MINUTE, cloneEnd: 22 * MINUTE };

interface UpgradeProgress {
  Result: "Running" | "Success" | "Failed";
  EndTime: number;
  SwitchTime: number;
  SwitchEndTime: number;
  cutOver: boolean;
  totalLogicRepLatencyMB: number;
  totalLogicRepDelayTime: number;
}

const INITIAL: UpgradeProgress = { Result: "Running", EndTime: 0, SwitchTime: 0, SwitchEndTime: 0, cutOver: false, totalLogicRepLatencyMB: 0, totalLogicRepDelayTime: 0 };

/** The seed's log lines, its spelling included ("succcess", "will locked"). */
const line = (when: number, text: string) => [`${logTime(when)} --- ${text}`];

export function upgradeSteps(u: UpgradeTask): Step<UpgradeProgress>[] {
  const t = UPGRADE_TIMES;
  if (u.failure) {
    const reason = u.failure.reason;
    return [{ at: t.precheck, log: (w) => line(w, `do upgrade precheck on slave failed: ${reason}.`), set: (w) => ({ Result: "Failed", EndTime: w }) }];
  }
  const steps: Step<UpgradeProgress>[] = [
    { at: t.precheck, log: (w) => line(w, "do upgrade precheck on slave succcess.") },
    { at: t.begin, log: (w) => line(w, "begin to upgrade major version, source instance will locked in readonly mode.") },
    { at: t.master, log: (w) => line(w, "upgrade master success."),
      set: () => (u.UpgradeMode === "switch" ? { totalLogicRepLatencyMB: 1, totalLogicRepDelayTime: 10 } : {}) },
  ];
  if (u.UpgradeMode === "clone") return [...steps, { at: t.cloneEnd, set: (w) => ({ Result: "Success", EndTime: w }) }];
  return [
    ...steps,
    { at: t.switch, log: (w) => line(w, "exchange source and target instance dns success."), set: (w) => ({ SwitchTime: w, cutOver: true }) },
    { at: t.switchEnd, set: (w) => ({ SwitchEndTime: w }) },
    { at: t.end, set: (w) => ({ Result: "Success", EndTime: w }) },
  ];
}

/** One element of `Items`, in the seed example's field order and JSON types (times are epoch-ms numbers, 0 = not yet). */
export function upgradeItem(ctx: RdsContext, u: UpgradeTask): Record<string, unknown> {
  const { fields: p, lines } = replay(upgradeSteps(u), INITIAL, u.startedAt, ctx.clock);
  return {
    TargetMajorVersion: u.TargetMajorVersion,
    Result: p.Result,
    EndTime: p.EndTime,
    StartTime: u.startedAt,
    SourceMajorVersion: u.SourceMajorVersion,
    UpgradeMode: u.UpgradeMode,
    CollectStatMode: u.CollectStatMode,
    SourceInsName: u.SourceInsName,
    TaskId: u.TaskId,
    TargetInsName: u.TargetInsName,
    SwitchTime: p.SwitchTime,
    Detail: seedLog(lines),
    SwitchEndTime: p.SwitchEndTime,
    totalLogicRepLatencyMB: p.totalLogicRepLatencyMB,
    totalLogicRepDelayTime: p.totalLogicRepDelayTime,
    zeroDownTimeConnectionString: u.UpgradeMode === "switch" ? `${u.SourceInsName}.pg.rds.aliyuncs.com` : "",
    zeroDownTimePort: 5432,
    cutOver: p.cutOver,
  };
}

/** `12`, `12.0` → 12 (the request's string form; the response prints numbers [O-U4]). */
const MAJOR_VERSION = /^\d{1,2}(\.0)?$/;

export function upgradeActions(ctx: RdsContext) {
  return {
    DescribeUpgradeMajorVersionTasks(req: DispatchRequest) {
      const p = readParams(req.params, RDS_RULES);
      const id = p.required("DBInstanceId");
      const pageSize = p.optionalInt("PageSize", { min: 30, max: 100 }, 30)!;
      const pageNumber = p.optionalInt("PageNumber", { min: 1, max: INT32_MAX }, 1)!;
      const target = p.optional("TargetMajorVersion", MAJOR_VERSION);
      p.optionalInt("TaskId", { min: 1, max: Number.MAX_SAFE_INTEGER }); // reserved: checked, then ignored

      const instance = findInstance(ctx, id);
      if (!instance) throw rdsError("instanceIdNotFound");
      if (!isPostgres(instance)) throw rdsError("engineTypeUnsupported");

      const targetVersion = target === undefined ? undefined : parseInt(target, 10);
      const rows = ctx.state().upgrades
        .filter((u) => (u.SourceInsName === id || u.TargetInsName === id) && (targetVersion === undefined || u.TargetMajorVersion === targetVersion))
        .sort((a, b) => b.startedAt - a.startedAt || b.TaskId - a.TaskId); // newest first
      return {
        PageNumber: pageNumber,
        PageRecordCount: pageSize, // the page size, as the seed's example shows [O-U9]
        TotalRecordCount: rows.length,
        Items: pageOf(rows, pageNumber, pageSize).map((u) => upgradeItem(ctx, u)),
      };
    },
  };
}
