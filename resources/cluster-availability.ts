/**
 * High availability across zones as Cluster inputs named as @pulumi/alicloud's polardb.Cluster:
 * the hot standby cluster (hotStandbyCluster), the zone it lives in (standbyAz) and multi-zone
 * strong consistency (strictConsistency). Data and pure functions; cluster.ts wires them in.
 *
 * Today's API (SDK 9.2.1): CreateDBCluster takes HotStandbyCluster, StandbyAZ, StrictConsistency;
 * ModifyDBClusterArch turns the hot standby on in place (`on`, or `equal` with a StandbyAZ) but
 * nothing turns it off; ModifyDBClusterPrimaryZone with ZoneType=Standby moves the standby zone
 * (as the peer does); nothing changes StrictConsistency. DescribeDBClusterAttribute reports them
 * (HotStandbyCluster StandbyClusterON / StandbyClusterOFF / equal, StrictConsistency, and the
 * standby zone second in ZoneIds).
 */
import { z } from "zod";
import type { ApiCall, Key, Props } from "../provider/spec";
import { zoneProblem } from "../reference/catalogue";

const ZONE = /^[a-z]{2,}-[a-z0-9-]+$/;
export const HOT_STANDBY = ["ON", "OFF", "EQUAL"] as const;
/** How far each value goes: ModifyDBClusterArch only goes up. */
const LEVEL: Record<string, number> = { OFF: 0, ON: 1, EQUAL: 2 };

export const availabilityInputs = {
  /**
   * The hot standby cluster in a second zone: `"ON"` (hot standby storage; the cloud's default), `"EQUAL"` (standby storage and
   * compute, MySQL, with standbyAz) or `"OFF"`. Turning it on or up (OFF → ON → EQUAL) is in place (ModifyDBClusterArch);
   * turning it down or off replaces the cluster (no API does it).
   */
  hotStandbyCluster: z.enum(HOT_STANDBY, 'must be "ON", "OFF" or "EQUAL"').optional(),
  /** The zone of the hot standby cluster (another zone of the region than zoneId). A change moves it in place (ModifyDBClusterPrimaryZone, ZoneType Standby). */
  standbyAz: z.string().regex(ZONE, 'a zone id such as "cn-hangzhou-k"').optional(),
  /** Multi-zone strong data consistency, `"ON"` or `"OFF"`, with a hot standby. Fixed at creation (no API changes it): a change replaces the cluster. */
  strictConsistency: z.enum(["ON", "OFF"], 'must be "ON" or "OFF"').optional(),
};

type Availability = { [K in keyof typeof availabilityInputs]?: z.output<(typeof availabilityInputs)[K]> };
type Issue = { path: string; message: string };

/** The reference's rules between the hot standby settings, the engine and the zone: each names the field. */
export function availabilityProblems(c: Availability & { dbType: string; zoneId?: string }): Issue[] {
  const out: Issue[] = [];
  if (c.hotStandbyCluster === "EQUAL" && c.dbType !== "MySQL") out.push({ path: "hotStandbyCluster", message: `"EQUAL" (standby storage and compute) is a MySQL option; a ${c.dbType} cluster takes "ON" or "OFF"` });
  if (c.hotStandbyCluster === "EQUAL" && c.standbyAz === undefined) out.push({ path: "standbyAz", message: 'is required with hotStandbyCluster "EQUAL" (the zone of the standby compute nodes)' });
  if (c.standbyAz !== undefined && c.hotStandbyCluster === "OFF") out.push({ path: "standbyAz", message: 'applies with a hot standby cluster only (hotStandbyCluster "ON" or "EQUAL")' });
  if (c.standbyAz !== undefined && c.zoneId !== undefined && c.standbyAz === c.zoneId) out.push({ path: "standbyAz", message: `must be another zone than zoneId (${c.zoneId}): the standby protects against the loss of the primary zone` });
  if (c.strictConsistency === "ON" && c.hotStandbyCluster === "OFF") out.push({ path: "strictConsistency", message: 'needs a hot standby cluster (hotStandbyCluster "ON" or "EQUAL"): it keeps the zones strongly consistent' });
  return out;
}

/** standbyAz must be a zone of the cluster's region. */
export function availabilityRegional(i: Availability, regionId: string): Array<{ field: string; problem: string }> {
  const zone = i.standbyAz === undefined ? undefined : zoneProblem(i.standbyAz, regionId);
  return zone ? [{ field: "standbyAz", problem: zone }] : [];
}

/** CreateDBCluster's parameters. */
export function availabilityCreateParams(i: Availability): Record<string, unknown> {
  return { HotStandbyCluster: i.hotStandbyCluster, StandbyAZ: i.standbyAz, StrictConsistency: i.strictConsistency };
}

/** A hot standby change replaces the cluster unless it goes up (no API turns it down or off). */
export function availabilityReplaces(field: string, olds: Props, news: Props): boolean {
  if (field !== "hotStandbyCluster") return false;
  const from = LEVEL[String(olds.hotStandbyCluster ?? "OFF")] ?? 0;
  const to = LEVEL[String(news.hotStandbyCluster ?? "OFF")] ?? 0;
  return to < from;
}

/**
 * Turning the standby on or up: ModifyDBClusterArch (with the standby zone). Moving the standby zone
 * alone: ModifyDBClusterPrimaryZone with ZoneType Standby. `olds` is the live state.
 */
export const availabilityUpdate = {
  fields: ["hotStandbyCluster", "standbyAz"],
  apis: ["ModifyDBClusterArch", "ModifyDBClusterPrimaryZone"],
  calls: (n: Props, o: Props, key: Key): ApiCall[] => {
    if (n.hotStandbyCluster !== undefined && n.hotStandbyCluster !== o.hotStandbyCluster) {
      return [{
        action: "ModifyDBClusterArch",
        params: { DBClusterId: key.dbClusterId, HotStandbyCluster: String(n.hotStandbyCluster).toLowerCase(), StandbyAZ: n.standbyAz ?? "auto" },
      }];
    }
    if (n.standbyAz !== undefined && n.standbyAz !== o.standbyAz) {
      return [{ action: "ModifyDBClusterPrimaryZone", params: { DBClusterId: key.dbClusterId, ZoneId: n.standbyAz, ZoneType: "Standby", FromTimeService: true } }];
    }
    return [];
  },
} as const;

/** Preview's note on a change: a hot standby turned on or up is an order. */
export function availabilityNote(olds: Props, news: Props, changed: readonly string[]): string {
  return changed.includes("hotStandbyCluster") && news.hotStandbyCluster !== undefined && news.hotStandbyCluster !== "OFF" && !availabilityReplaces("hotStandbyCluster", olds, news)
    ? `hotStandbyCluster: ${String(news.hotStandbyCluster)} is bought as an order (ModifyDBClusterArch, billed) and cannot be turned down again without replacing the cluster`
    : "";
}

/** How each change is carried out, for the generated docs. */
export const availabilityChangeDocs = {
  hotStandbyCluster: "in place up, OFF → ON → EQUAL (`ModifyDBClusterArch`); down or off: **replace** (no API does it)",
  standbyAz: "in place (`ModifyDBClusterPrimaryZone` with `ZoneType` Standby; with a hot standby turned on or up: `ModifyDBClusterArch`)",
} as const;

const HOT_STANDBY_READ: Record<string, string> = { StandbyClusterON: "ON", StandbyClusterOFF: "OFF", equal: "EQUAL", EQUAL: "EQUAL" };

/** DescribeDBClusterAttribute's hot standby fields as outputs: the standby zone is second in ZoneIds. */
export function availabilityOutputs(a: { HotStandbyCluster?: unknown; StrictConsistency?: unknown; ZoneIds?: unknown }): Props {
  const hot = typeof a.HotStandbyCluster === "string" ? HOT_STANDBY_READ[a.HotStandbyCluster] ?? a.HotStandbyCluster : undefined;
  const zones = typeof a.ZoneIds === "string" ? a.ZoneIds.split(",").map((z) => z.trim()).filter(Boolean) : [];
  return {
    hotStandbyCluster: hot,
    standbyAz: hot && hot !== "OFF" ? zones[1] : undefined,
    strictConsistency: typeof a.StrictConsistency === "string" && a.StrictConsistency !== "" ? a.StrictConsistency : undefined,
  };
}
