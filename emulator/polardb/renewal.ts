/**
 * Renewal of subscription (Prepaid) clusters (seed 003 §6.10.1–§6.10.2).
 */
import { oneOf, optional, page, paging, required } from "../params";
import { codes } from "../codes";
import type { Area, PolarContext } from "./context";

export function renewalArea(ctx: PolarContext): Area {


  return {
    actions: {
      ModifyAutoRenewAttribute: (p) => {
        const ids = required(p, "DBClusterIds").split(",");
        const renewal = oneOf(p, "RenewalStatus", ["AutoRenewal", "Normal", "NotRenewal"], "AutoRenewal");
        for (const id of ids) {
          const c = ctx.store.clusters[id];
          if (!c) throw codes.clusterNotFound();
          c.AutoRenew = renewal === "AutoRenewal";
          c.Period = oneOf(p, "PeriodUnit", ["Year", "Month"], (c.Period as "Year" | "Month") ?? "Month");
          c.UsedTime = optional(p, "Duration") ?? c.UsedTime ?? "1";
        }
        return {};
      },

      DescribeAutoRenewAttribute: (p) => {
        const region = required(p, "RegionId");
        const ids = optional(p, "DBClusterIds")?.split(",");
        const pg = paging(p);
        const rows = Object.values(ctx.store.clusters).filter((c) => c.RegionId === region && c.PayType === "Prepaid" && (!ids || ids.includes(c.DBClusterId)));
        const shown = page(rows, pg);
        return {
          PageNumber: pg.pageNumber, PageRecordCount: shown.length, TotalRecordCount: rows.length,
          Items: { AutoRenewAttribute: shown.map((c) => ({ DBClusterId: c.DBClusterId, RegionId: c.RegionId, AutoRenewEnabled: c.AutoRenew, RenewalStatus: c.AutoRenew ? "AutoRenewal" : "Normal", PeriodUnit: c.Period ?? "Month", Duration: Number(c.UsedTime ?? 1) })) },
        };
      },
    },
  };
}
