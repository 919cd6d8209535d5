/**
 * Pending maintenance events (seed 003 §16).
 */
import { int, oneOf, page, paging, required, time } from "../params";
import { codes } from "../codes";
import type { Cluster } from "../state";
import type { DispatchRequest } from "../backend-api";
import { MAINTENANCE_TYPES, MaintenanceEvent } from "../cluster-settings";
import { isoSeconds } from "../rds/format";
import { REGIONS } from "./catalogue";
import type { Area, PolarContext } from "./context";

export function maintenanceArea(ctx: PolarContext): Area {
  const { clock } = ctx;
  /** The caller's clusters' maintenance events (current: status 2–4; history: 5–7). */
  function maintenanceEvents(req: DispatchRequest, region: string | undefined, history: boolean): Array<{ c: Cluster; event: MaintenanceEvent }> {
    return Object.values(ctx.store.clusters)
      .filter((c) => c.ownerKey === req.accessKeyId && (!region || c.RegionId === region))
      .flatMap((c) => (c.maintenance ?? []).map((event) => ({ c, event })))
      .filter((e) => (e.event.Status >= 5) === history)
      .sort((a, b) => a.event.Id - b.event.Id);
  }
  return {
    actions: {
      DescribePendingMaintenanceActions: (p, req) => {
        const region = required(p, "RegionId");
        const history = int(p, "IsHistory", 0, 1, 0) === 1;
        const events = maintenanceEvents(req, region, history);
        return { TypeList: MAINTENANCE_TYPES.map((TaskType) => ({ TaskType, Count: events.filter((e) => e.event.TaskType === TaskType).length })).filter((t) => t.Count > 0) };
      },
      DescribePendingMaintenanceAction: (p, req) => {
        const region = required(p, "Region");
        const type = oneOf(p, "TaskType", [...MAINTENANCE_TYPES, "all"]) ?? (() => { throw codes.missingParameter("TaskType"); })();
        if (region === "all" && type !== "all") throw codes.invalidParameter("TaskType");
        if (region !== "all" && !REGIONS[region]) throw codes.invalidParameter("Region");
        const history = int(p, "IsHistory", 0, 1, 0) === 1;
        const pg = paging(p);
        const rows = maintenanceEvents(req, region === "all" ? undefined : region, history)
          .filter((e) => type === "all" || e.event.TaskType === type)
          .map(({ c, event: e }) => ({
            Id: e.Id, DBClusterId: c.DBClusterId, Region: c.RegionId, DBType: c.DBType, DBVersion: c.DBVersion, TaskType: e.TaskType, Status: e.Status,
            PrepareInterval: e.PrepareInterval, StartTime: isoSeconds(e.StartTime), SwitchTime: isoSeconds(e.SwitchTime), Deadline: isoSeconds(e.Deadline),
            CreatedTime: isoSeconds(e.CreatedTime), ModifiedTime: isoSeconds(e.ModifiedTime), ...(e.ResultInfo ? { ResultInfo: e.ResultInfo } : {}),
          }));
        return { PageNumber: pg.pageNumber, PageSize: pg.pageSize, TotalRecordCount: rows.length, Items: page(rows, pg) };
      },
      ModifyPendingMaintenanceAction: (p, req) => {
        const ids = required(p, "Ids").split(",").map((x) => x.trim());
        const when = time(p, "SwitchTime", true)!;
        const all = maintenanceEvents(req, undefined, false);
        const chosen = ids.map((id) => all.find((e) => String(e.event.Id) === id));
        if (chosen.some((e) => !e)) throw codes.invalidParameter("Ids");
        for (const e of chosen as Array<{ event: MaintenanceEvent }>) {
          if (e.event.Status === 4 || when > e.event.Deadline || when < clock.now()) throw codes.invalidParameter("SwitchTime");
        }
        for (const e of chosen as Array<{ event: MaintenanceEvent }>) {
          e.event.SwitchTime = when;
          e.event.StartTime = when - 4 * 3_600_000;
          e.event.Status = 3;
          e.event.ModifiedTime = clock.now();
        }
        return { Ids: ids.length === 1 && /^\d+$/.test(ids[0]) ? Number(ids[0]) : ids.join(",") };
      },
    },
  };
}
