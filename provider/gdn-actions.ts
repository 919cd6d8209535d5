/**
 * Switching a Global Database Network over to a secondary cluster
 * (SwitchOverGlobalDatabaseNetwork): an action, not state — like failoverCluster, a function for
 * scripts and runbooks. It waits (the provider's waiter, never a sleep) until the GDN is `active`
 * again with the target as its primary and the target cluster Running. A GlobalDatabaseNetwork
 * resource keeps working afterwards: its dbClusterId may stay the old primary (still a member).
 */
import { z } from "zod";
import { polardb, withClient } from "./functions";
import type { ActionOptions } from "./cluster-actions";
import { listOf } from "./spec";
import { waitFor } from "./waiter";

const gdn = z.looseObject({
  GDNStatus: z.string().nullish(),
  DBClusters: listOf(z.looseObject({ DBClusterId: z.string(), Role: z.string().nullish(), DBClusterStatus: z.string().nullish(), RegionId: z.string().nullish() })).optional(),
});

export interface SwitchOverOptions extends ActionOptions {
  /** SwitchOverGlobalDatabaseNetwork's Forced: switch even if the secondary is behind (it may lose the latest writes). Default false. */
  forced?: boolean;
}

/**
 * Makes `dbClusterId` (a secondary of the GDN `gdnId`) its primary; waits until the GDN is active
 * with it as primary, and returns the new and the former primary.
 */
export async function switchOverGlobalDatabaseNetwork(gdnId: string, dbClusterId: string, opts: SwitchOverOptions = {}): Promise<{ primary: string; previousPrimary?: string }> {
  return withClient(polardb(opts), async (c) => {
    const before = await c.request("DescribeGlobalDatabaseNetwork", { GDNId: gdnId }, { schema: gdn });
    const previousPrimary = before.DBClusters?.find((x) => x.Role === "primary")?.DBClusterId;
    if (previousPrimary === dbClusterId) return { primary: dbClusterId, previousPrimary }; // already the primary: nothing to do
    const target = before.DBClusters?.find((x) => x.DBClusterId === dbClusterId);
    if (!target) {
      throw new Error(`SwitchOverGlobalDatabaseNetwork: ${dbClusterId} is not a member of ${gdnId} (its clusters: ${(before.DBClusters ?? []).map((x) => `${x.DBClusterId} ${x.Role ?? ""}`).join(", ") || "none"}); name one of its secondary clusters`);
    }
    await c.request("SwitchOverGlobalDatabaseNetwork", { GDNId: gdnId, DBClusterId: dbClusterId, RegionId: target.RegionId ?? undefined, Forced: opts.forced }, { idempotent: false });
    const timeoutMs = opts.timeoutMs ?? 30 * 60_000;
    const pollMs = opts.pollMs ?? 5_000;
    const r = await waitFor({
      probe: () => c.request("DescribeGlobalDatabaseNetwork", { GDNId: gdnId }, { schema: gdn }),
      judge: (g) => {
        const now = g.DBClusters?.find((x) => x.DBClusterId === dbClusterId);
        return g.GDNStatus === "active" && now?.Role === "primary" && now.DBClusterStatus === "Running"
          ? { done: true } : { pending: `GDN ${g.GDNStatus ?? "unknown"}, ${dbClusterId} ${now?.Role ?? "?"} ${now?.DBClusterStatus ?? "?"}` };
      },
      timeoutMs,
      tuning: { firstDelayMs: 0, minDelayMs: pollMs, maxDelayMs: pollMs, lastProbeMarginMs: 0 },
    });
    if (r.state === "done") return { primary: dbClusterId, previousPrimary };
    throw new Error(`SwitchOverGlobalDatabaseNetwork: ${gdnId} does not show ${dbClusterId} as its active primary after ${Math.round(timeoutMs / 1000)} s `
      + `(last: ${r.state === "timeout" ? r.lastStatus : r.reason}); check the GDN in the console, or wait longer with timeoutMs`);
  });
}
