/**
 * Transparent data encryption and cross-zone high availability (SDK 9.2.1 shapes):
 *   DescribeDBClusterTDE / ModifyDBClusterTDE   TDE on (one way: nothing turns it off), the custom KMS
 *     key (the emulator's KMS is asked: an unknown key answers Forbidden.KeyNotFound, a disabled one
 *     Rejected.Disabled), MySQL's EncryptNewTables, PostgreSQL/Oracle's EnableAutomaticRotation;
 *     turning it on takes minutes (cluster TDEModifying, a DescribeTasks task); a setting of an
 *     encrypted cluster changes at once; a call that changes nothing is InvalidTDEStatus.AlreadyEnabled.
 *   ModifyDBClusterArch                          the hot standby on (`on`) or up to `equal` (with StandbyAZ);
 *     never down. The reference names no status for it: the emulator shows ClassChanging (an order
 *     that adds resources) and a DescribeTasks task.
 *   ModifyDBClusterPrimaryZone ZoneType=Standby  moves the standby zone (StandbyTransing, as the peer waits for);
 *     clusters.ts hands that case here.
 *   ModifyDBNodeHotReplicaMode                   MySQL: a node's failover with hot replica (RoleSwitching).
 *   CreateDBCluster's HotStandbyCluster / StandbyAZ / StrictConsistency are read by `availabilityPlan`.
 * DescribeDBClusterAttribute reports HotStandbyCluster (StandbyClusterON / StandbyClusterOFF / equal),
 * StrictConsistency, StandbyHAMode, the standby zone second in ZoneIds and each node's HotReplicaMode.
 * A cluster made without HotStandbyCluster has none (the cloud's default is ON; the emulator keeps
 * such clusters as they were before it modelled the standby).
 */
import { codes } from "../codes";
import { bool, oneOf, optional, Params, required } from "../params";
import type { Cluster, Node } from "../state";
import { REGIONS } from "./catalogue";
import type { Area, PolarContext } from "./context";

const MIN = 60_000;
/** Realistic durations (ms); the clock scales them. */
export const HA_TDE_DURATIONS = { tde: 3 * MIN, arch: 5 * MIN, standbyZone: 3 * MIN, hotReplica: MIN };
const ROLE_ARN = /^acs:ram::\d+:role\/[A-Za-z0-9._-]+$/;
const LEVEL: Record<string, number> = { OFF: 0, ON: 1, "3AZ": 1, EQUAL: 2 };

type Tde = NonNullable<Cluster["tde"]>;
type HotStandby = NonNullable<Cluster["hotStandby"]>;

/** The cluster's TDE, if on: turned on by ModifyDBClusterTDE, or at creation with the cloud's key. */
export function tdeOf(c: Cluster): Tde | undefined {
  return c.tde ?? (c.options?.TDEStatus ? { EncryptionKey: "", RoleArn: "", EncryptNewTables: "OFF", AutomaticRotation: "Disabled" } : undefined);
}

const hotStandbyOf = (c: Cluster): HotStandby => c.hotStandby ?? { mode: "OFF", standbyZone: "", strictConsistency: "OFF" };

/** ZoneIds as DescribeDBClusterAttribute lists them: the primary zone, then the standby's. */
export function zoneIdsOf(c: Cluster): string {
  const hs = hotStandbyOf(c);
  return hs.mode !== "OFF" && hs.standbyZone ? `${c.ZoneId},${hs.standbyZone}` : c.ZoneId;
}

/** DescribeDBClusterAttribute's hot standby fields. */
export function availabilityAttributes(c: Cluster): Record<string, unknown> {
  const hs = hotStandbyOf(c);
  return {
    HotStandbyCluster: hs.mode === "OFF" ? "StandbyClusterOFF" : hs.mode === "EQUAL" ? "equal" : "StandbyClusterON",
    StrictConsistency: hs.mode !== "OFF" && (hs.strictConsistency === "ON" || hs.mode === "3AZ") ? "ON" : "OFF",
    StandbyHAMode: hs.mode === "OFF" ? "OFF" : "ON",
  };
}

/** A node's HotReplicaMode as DescribeDBClusterAttribute reports it (MySQL only). */
export function hotReplicaOf(c: Cluster, n: Node): Record<string, string> {
  return c.DBType === "MySQL" ? { HotReplicaMode: n.HotReplicaMode ?? "OFF" } : {};
}

/** Another zone of the region than the primary's (StandbyAZ auto); the primary's when the region has one zone. */
function autoZone(region: string, primary: string): string {
  return (REGIONS[region] ?? []).find((z) => z !== primary) ?? primary;
}

function standbyZone(p: Params, region: string, primary: string, mode: string): string {
  const given = optional(p, "StandbyAZ");
  if (given === undefined || given === "auto") {
    // equal puts compute nodes there: the zone must be named (ModifyDBClusterArch's note).
    if (mode === "EQUAL") throw codes.missingParameter("StandbyAZ");
    return autoZone(region, primary);
  }
  if (!(REGIONS[region] ?? []).includes(given)) throw codes.zoneMismatch();
  if (given === primary) throw codes.invalidParameter("StandbyAZ");
  return given;
}

/** CreateDBCluster's HotStandbyCluster / StandbyAZ / StrictConsistency; undefined when HotStandbyCluster is not sent. */
export function availabilityPlan(p: Params, region: string, zone: string, dbType: string): HotStandby | undefined {
  const value = oneOf(p, "HotStandbyCluster", ["ON", "OFF", "STANDBY", "EQUAL", "3AZ"]);
  const strict = oneOf(p, "StrictConsistency", ["ON", "OFF"]);
  if (value === undefined) return undefined;
  if (value === "EQUAL" && dbType !== "MySQL") throw codes.valueNotSupported("HotStandbyCluster");
  // STANDBY takes effect for PostgreSQL only (it means ON there); elsewhere it is ignored.
  const mode = value === "STANDBY" ? (dbType === "PostgreSQL" ? "ON" : "OFF") : value;
  if (mode === "OFF") return { mode, standbyZone: "", strictConsistency: "OFF" };
  return { mode, standbyZone: standbyZone(p, region, zone, mode), strictConsistency: strict ?? (mode === "3AZ" ? "ON" : "OFF") };
}

/** ModifyDBClusterPrimaryZone with ZoneType Standby: moves the hot standby to another zone. */
export function moveStandbyZone(ctx: PolarContext, c: Cluster, p: Params): void {
  const hs = hotStandbyOf(c);
  if (hs.mode === "OFF") throw codes.invalidParameter("ZoneType");
  const zone = required(p, "ZoneId");
  if (!REGIONS[c.RegionId].includes(zone)) throw codes.zoneMismatch();
  if (zone === c.ZoneId || zone === hs.standbyZone) throw codes.invalidParameter("ZoneId");
  c.DBClusterStatus = "StandbyTransing";
  ctx.schedule({ at: ctx.after(HA_TDE_DURATIONS.standbyZone), kind: "standbyZoneMoved", clusterId: c.DBClusterId, args: { zone } });
}

export function encryptionAvailabilityArea(ctx: PolarContext): Area {
  const { clock, after, schedule, nextId, cluster, runningCluster } = ctx;

  /** A DescribeTasks row for a change the cluster carries out (as nodes.ts records its own). */
  function task(c: Cluster, action: string, done: number): void {
    ctx.store.tasks.push({ TaskId: String(100000000 + nextId()), DBClusterId: c.DBClusterId, TaskAction: action, BeginTime: clock.now(), FinishTime: done });
  }

  /** The custom key, checked with the emulator's KMS as the cloud checks it with KMS. */
  function usableKey(keyId: string, owner: string): void {
    const state = ctx.kmsKeyState(keyId, owner);
    if (state === undefined) throw codes.kmsKeyNotFound();
    if (state !== "Enabled") throw codes.kmsKeyDisabled();
  }

  return {
    actions: {
      DescribeDBClusterTDE: (p, req) => {
        const c = cluster(p);
        const tde = tdeOf(c);
        const custom = tde?.EncryptionKey ?? "";
        const mysql = c.DBType === "MySQL";
        return {
          DBClusterId: c.DBClusterId, TDEStatus: tde ? "Enabled" : "Disabled", EncryptionKey: custom,
          EncryptionKeyStatus: !tde ? "" : custom ? ctx.kmsKeyState(custom, req.accessKeyId) ?? "Disabled" : "Enabled",
          TDERegion: tde ? c.RegionId : "",
          ...(mysql ? { EncryptNewTables: tde?.EncryptNewTables ?? "OFF" } : { AutomaticRotation: tde?.AutomaticRotation ?? "Disabled" }),
          ...(!mysql && tde?.AutomaticRotation === "Enabled" ? { RotationInterval: "0" } : {}),
        };
      },

      ModifyDBClusterTDE: (p, req) => {
        const c = runningCluster(p);
        oneOf(p, "TDEStatus", ["Enable"]) ?? (() => { throw codes.missingParameter("TDEStatus"); })();
        const mysql = c.DBType === "MySQL";
        const key = optional(p, "EncryptionKey");
        const role = optional(p, "RoleArn");
        if (role !== undefined && !ROLE_ARN.test(role)) throw codes.invalidParameter("RoleArn");
        // Each takes effect on its engines only (the SDK's notes); elsewhere it is ignored.
        const newTables = mysql ? oneOf(p, "EncryptNewTables", ["ON", "OFF"]) : undefined;
        const rotation = bool(p, "EnableAutomaticRotation");
        const current = tdeOf(c);
        if (current) {
          // On already: only the settings may change, never the key.
          if (key !== undefined && key !== current.EncryptionKey) throw codes.tdeAlreadyEnabled();
          const nextRotation = !mysql && current.EncryptionKey && rotation !== undefined ? (rotation ? "Enabled" : "Disabled") : current.AutomaticRotation;
          const next = { ...current, EncryptNewTables: newTables ?? current.EncryptNewTables, AutomaticRotation: nextRotation };
          if (next.EncryptNewTables === current.EncryptNewTables && next.AutomaticRotation === current.AutomaticRotation) throw codes.tdeAlreadyEnabled();
          c.tde = next;
          return {};
        }
        if (ctx.store.transitions.some((t) => t.kind === "tdeEnabled" && t.clusterId === c.DBClusterId)) throw codes.clusterBusy();
        if (key !== undefined) usableKey(key, req.accessKeyId);
        const tde: Tde = {
          EncryptionKey: key ?? "", RoleArn: key !== undefined ? role ?? "" : "", EncryptNewTables: newTables ?? "OFF",
          AutomaticRotation: !mysql && key !== undefined && rotation ? "Enabled" : "Disabled",
        };
        c.DBClusterStatus = "TDEModifying";
        const done = after(HA_TDE_DURATIONS.tde);
        task(c, "ModifyDBClusterTDE", done);
        schedule({ at: done, kind: "tdeEnabled", clusterId: c.DBClusterId, args: { tde } });
        return {};
      },

      ModifyDBClusterArch: (p) => {
        const c = runningCluster(p);
        const value = oneOf(p, "HotStandbyCluster", ["on", "equal"]) ?? (() => { throw codes.missingParameter("HotStandbyCluster"); })();
        const mode = value === "equal" ? "EQUAL" : "ON";
        if (mode === "EQUAL" && c.DBType !== "MySQL") throw codes.valueNotSupported("HotStandbyCluster");
        const hs = hotStandbyOf(c);
        // Up only: nothing turns the standby down or off.
        if (LEVEL[mode] <= LEVEL[hs.mode]) throw codes.invalidParameter("HotStandbyCluster");
        const zone = hs.mode !== "OFF" && optional(p, "StandbyAZ") === undefined && mode !== "EQUAL" ? hs.standbyZone : standbyZone(p, c.RegionId, c.ZoneId, mode);
        c.DBClusterStatus = "ClassChanging";
        const done = after(HA_TDE_DURATIONS.arch);
        task(c, "ModifyDBClusterArch", done);
        schedule({ at: done, kind: "hotStandbyChanged", clusterId: c.DBClusterId, args: { mode, zone } });
        return { DBClusterId: c.DBClusterId, OrderId: String(2000000000000 + nextId()) };
      },

      ModifyDBNodeHotReplicaMode: (p) => {
        const c = runningCluster(p);
        const id = required(p, "DBNodeId");
        const mode = oneOf(p, "HotReplicaMode", ["ON", "OFF"]) ?? (() => { throw codes.missingParameter("HotReplicaMode"); })();
        const n = c.nodes.find((x) => x.DBNodeId === id);
        if (!n) throw codes.nodeNotFound();
        if (c.DBType !== "MySQL") throw codes.engineNotSupported();
        const orderId = String(2000000000000 + nextId());
        if ((n.HotReplicaMode ?? "OFF") === mode) return { DBClusterId: c.DBClusterId, OrderId: orderId };
        c.DBClusterStatus = "RoleSwitching";
        schedule({ at: after(HA_TDE_DURATIONS.hotReplica), kind: "hotReplicaSwitched", clusterId: c.DBClusterId, args: { id, mode } });
        return { DBClusterId: c.DBClusterId, OrderId: orderId };
      },
    },
    transitions: {
      tdeEnabled: (c, a) => { c.tde = a.tde as Tde; c.DBClusterStatus = "Running"; },
      hotStandbyChanged: (c, a) => {
        c.hotStandby = { ...hotStandbyOf(c), mode: String(a.mode), standbyZone: String(a.zone) };
        c.DBClusterStatus = "Running";
      },
      standbyZoneMoved: (c, a) => { c.hotStandby = { ...hotStandbyOf(c), standbyZone: String(a.zone) }; c.DBClusterStatus = "Running"; },
      hotReplicaSwitched: (c, a) => {
        const n = c.nodes.find((x) => x.DBNodeId === a.id);
        if (n) n.HotReplicaMode = String(a.mode);
        c.DBClusterStatus = "Running";
      },
    },
  };
}
