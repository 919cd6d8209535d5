/**
 * CreateDBCluster's options (seed 003 §6.1) beyond the engine and class: how the cluster is made
 * (CreationOption with SourceResourceId / CloneDataPoint / GDNId), the edition, billing, and the
 * engine options. The seed's two kinds of engine rule are kept apart:
 *   - "can only be" rules (CreationOption CloneFromRDS / MigrationFromRDS: MySQL 5.6 / 5.7 / 8.0,
 *     as today's reference says (the seed: 5.6 / 5.7);
 *     CreateGdnStandby: MySQL 8.0; CreationCategory Basic: MySQL, ArchiveNormal: MySQL 8.0;
 *     DBMinorVersion per DBVersion) refuse other values: `Invalid<Name>.ValueNotSupported`;
 *   - "takes effect only when" rules (TDEStatus: PostgreSQL / Oracle; DefaultTimeZone,
 *     LowerCaseTableNames, BackupRetentionPolicyOnClusterDeletion: MySQL) accept the value on
 *     every engine and ignore it where it has no effect.
 * A clone's source must fit: a PolarDB source of the same DBType (EngineNotSupported) and
 * DBVersion (EngineVersionNotSupported); an RDS source (emulator/rds/) of RDS MySQL 5.6 / 5.7 / 8.0
 * with local SSD storage, the version equal to DBVersion.
 */
import { MINOR_VERSIONS, RDS_SOURCE_VERSIONS } from "../../reference/catalogue";
import { codes } from "../codes";
import { bool, oneOf, optional, Params, required } from "../params";
import type { Account, Cluster, Database } from "../state";
import type { PolarContext } from "./context";
import { sizedAtCreation } from "./serverless-storage";
import { validIp } from "./whitelists";
import { proxyAtCreation } from "./network-proxy";
import { editionSold } from "../../reference/editions";
import { mysqlCreateOptions } from "./mysql-options";
import { parameterGroupValues } from "./parameter-groups";
import { checkGdnStandby } from "./gdn";

export const CREATION_OPTIONS = ["Normal", "CloneFromPolarDB", "CloneFromRDS", "MigrationFromRDS", "CreateGdnStandby"] as const;

export interface CreationPlan {
  options: NonNullable<Cluster["options"]>;
  category: string;
  backupRetention: string;
  securityIps: string;
  readOnly: boolean;
  network: NonNullable<Cluster["network"]>;
  /** Parameters the options set (MySQL: default_time_zone, lower_case_table_names, loose_* of mysql-options.ts). */
  parameters: Record<string, string>;
  /** Nodes the cluster starts with (DBNodeNum; Basic: 1). */
  nodeCount: number;
  /** Serverless and storage (serverless-storage.ts). */
  sized: Pick<Cluster, "serverless" | "storage">;
  /** What a CloneFromPolarDB copies from its source. */
  copy?: { accounts: Account[]; databases: Database[] };
}

export function creationPlan(ctx: PolarContext, p: Params, dbType: string, version: string, sizing: { cls: string; payType: string }): CreationPlan {
  const nodeClass = sizing.cls;
  const mysql = dbType === "MySQL";
  const creation = oneOf(p, "CreationOption", CREATION_OPTIONS, "Normal")!;
  if ((creation === "CloneFromRDS" || creation === "MigrationFromRDS") && !(mysql && RDS_SOURCE_VERSIONS.includes(version))) throw codes.valueNotSupported("CreationOption");
  if (creation === "CreateGdnStandby" && !(mysql && version === "8.0")) throw codes.valueNotSupported("CreationOption");

  const category = oneOf(p, "CreationCategory", ["Normal", "Basic", "ArchiveNormal", "NormalMultimaster", "SENormal"], "Normal")!;
  if (!editionSold(category, dbType, version)) throw codes.invalidParameter("CreationCategory");

  const minor = optional(p, "DBMinorVersion");
  if (minor !== undefined && mysql && !MINOR_VERSIONS[version].includes(minor)) throw codes.valueNotSupported("DBMinorVersion");

  // The SDK's "-12:00 to +13:00" (+08:00, 00:00) and the parameter's form (+8:00, which Terraform sends) alike.
  const tz = optional(p, "DefaultTimeZone");
  if (tz !== undefined && tz !== "SYSTEM" && !/^([+-]?(0?\d|1[0-2])|\+13):00$/.test(tz)) throw codes.malformed("DefaultTimeZone");
  const lctn = optional(p, "LowerCaseTableNames");
  if (lctn !== undefined && !["0", "1"].includes(lctn)) throw codes.malformed("LowerCaseTableNames");
  const brp = optional(p, "BackupRetentionPolicyOnClusterDeletion");
  if (brp !== undefined && !["ALL", "LATEST", "NONE"].includes(brp)) throw codes.malformed("BackupRetentionPolicyOnClusterDeletion");
  const tde = bool(p, "TDEStatus", false)!;

  const group = optional(p, "ParameterGroupId");
  // Parameter templates exist for MySQL only (§9.2); the template's values come first, the options' after them.
  const groupValues = group === undefined ? {} : parameterGroupValues(ctx, required(p, "RegionId"), group, dbType, version);

  const ips = optional(p, "SecurityIPList");
  const ipList = ips === undefined ? ["127.0.0.1"] : ips.split(",").map((s) => s.trim()).filter(Boolean);
  if (!ipList.length || ipList.some((ip) => !validIp(ip))) throw codes.invalidParameter("SecurityIPList");
  if (new Set(ipList).size !== ipList.length) throw codes.securityIpsDuplicate();

  const engine = mysqlCreateOptions(p, { dbType, version, nodeClass, creation, category });
  const plan: CreationPlan = {
    options: {
      CreationOption: creation, TDEStatus: !mysql && tde,
      ...(minor !== undefined && mysql ? { DBMinorVersion: minor } : {}),
      ...(optional(p, "TargetMinorVersion") !== undefined ? { TargetMinorVersion: optional(p, "TargetMinorVersion") } : {}),
      ...(mysql ? { DefaultTimeZone: tz ?? "SYSTEM", LowerCaseTableNames: lctn ?? "1" } : {}),
      ...(group !== undefined ? { ParameterGroupId: group } : {}),
    },
    category, network: proxyAtCreation(p, dbType, category), sized: sizedAtCreation(p, { dbType, version, category, ...sizing }),
    backupRetention: mysql ? brp ?? "NONE" : "NONE", securityIps: ipList.join(","), readOnly: creation === "MigrationFromRDS",
    parameters: mysql ? {
      default_time_zone: parameterForm(tz ?? "SYSTEM"), ...groupValues, ...(tz !== undefined ? { default_time_zone: parameterForm(tz) } : {}),
      lower_case_table_names: lctn ?? "1", ...engine.parameters,
    } : {},
    nodeCount: engine.nodeCount,
  };

  if (creation === "CreateGdnStandby") {
    const gdn = required(p, "GDNId");
    if (!/^gdn-[a-z0-9]+$/.test(gdn)) throw codes.invalidParameter("GDNId");
    checkGdnStandby(ctx, gdn, required(p, "RegionId"));
    plan.options.GDNId = gdn;
  }
  if (creation === "Normal" || creation === "CreateGdnStandby") return plan;

  const source = required(p, "SourceResourceId");
  const point = optional(p, "CloneDataPoint") ?? "LATEST";
  plan.options.SourceResourceId = source;
  plan.options.CloneDataPoint = point;
  if (creation === "CloneFromPolarDB") {
    const src = ctx.store.clusters[source];
    if (!src) throw codes.clusterNotFound();
    if (src.DBType !== dbType) throw codes.engineNotSupported();
    if (src.DBVersion !== version) throw codes.engineVersionNotSupported();
    if (src.DBClusterStatus === "Creating" || src.DBClusterStatus === "Deleting") throw codes.clusterBusy();
    checkClonePoint(ctx, src, point);
    plan.copy = {
      accounts: src.accounts.filter((a) => a.AccountStatus === "Available").map((a) => structuredClone(a)),
      databases: src.databases.filter((d) => d.DBStatus === "Running").map((d) => structuredClone(d)),
    };
    // TDE is never turned off: a clone of an encrypted cluster is encrypted.
    if (src.options?.TDEStatus) plan.options.TDEStatus = true;
    return plan;
  }
  // CloneFromRDS / MigrationFromRDS: the emulator keeps no RDS backups, so only the latest data exists
  // (the seed says so for CloneFromRDS).
  if (point !== "LATEST") throw codes.valueNotSupported("CloneDataPoint");
  const rds = ctx.rds.findInstance(source);
  if (!rds) throw codes.invalidParameter("SourceResourceId");
  if (rds.Engine !== "MySQL") throw codes.engineNotSupported();
  if (rds.EngineVersion !== version) throw codes.engineVersionNotSupported();
  if (rds.DBInstanceStorageType !== "local_ssd" || rds.DBInstanceType !== "Primary") throw codes.invalidParameter("SourceResourceId");
  return plan;
}

/** LATEST, a finished backup of the source, or a past UTC time `YYYY-MM-DDThh:mm:ssZ` since the source exists. */
function checkClonePoint(ctx: PolarContext, src: Cluster, point: string): void {
  if (point === "LATEST") return;
  if (/^\d{4}-/.test(point)) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(point);
    if (!m) throw codes.malformed("CloneDataPoint");
    const at = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    if (at > ctx.clock.now() || at < Date.parse(src.CreationTime) - 1000) throw codes.invalidParameter("CloneDataPoint");
    return;
  }
  const b = ctx.store.backups.find((x) => x.BackupId === point && x.DBClusterId === src.DBClusterId);
  if (!b) throw codes.backupNotFound();
  if (ctx.clock.now() < b.endsAt) throw codes.backupStatus();
}

/** +08:00 / 08:00 / +8:00 → +8:00 (the parameter's form); SYSTEM stays. */
function parameterForm(tz: string): string {
  const m = /^([+-]?)0?(\d+):00$/.exec(tz);
  if (!m) return tz;
  return `${m[1] === "-" && m[2] !== "0" ? "-" : "+"}${m[2]}:00`;
}
