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
        const region = required(p, "RegionId");
        if (region.length > 50) throw codes.invalidParameter("RegionId");
        const ids = required(p, "DBClusterIds").split(",").map((s) => s.trim()).filter(Boolean);
        const status = oneOf(p, "RenewalStatus", ["AutoRenewal", "Normal", "NotRenewal"], "AutoRenewal")!;
        const unit = oneOf(p, "PeriodUnit", ["Year", "Month"], "Month")!;
        // Month: 1, 2, 3, 6 or 12; Year: 1–3 (default 1).
        const duration = optional(p, "Duration") ?? "1";
        if (!(unit === "Month" ? ["1", "2", "3", "6", "12"] : ["1", "2", "3"]).includes(duration)) throw codes.invalidParameter("Duration");
        const clusters = ids.map((id) => {
          const c = ctx.store.clusters[id];
          if (!c || c.RegionId !== region) throw codes.clusterNotFound();
          // Renewal is for subscription clusters only (§6.10.1).
          if (c.PayType !== "Prepaid") throw codes.invalidParameter("DBClusterIds");
          return c;
        });
        for (const c of clusters) {
          c.AutoRenew = status === "AutoRenewal";
          c.renewal = { RenewalStatus: status, Duration: Number(duration), PeriodUnit: unit };
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
          Items: { AutoRenewAttribute: shown.map((c) => ({
            DBClusterId: c.DBClusterId, RegionId: c.RegionId, AutoRenewEnabled: c.AutoRenew,
            RenewalStatus: c.renewal?.RenewalStatus ?? (c.AutoRenew ? "AutoRenewal" : "Normal"), PeriodUnit: c.renewal?.PeriodUnit ?? c.Period ?? "Month", Duration: c.renewal?.Duration ?? 1,
          })) },
        };
      },
    },
  };
}
