/**
 * The rest of CreateDBCluster's options (API reference §6.1) as Cluster inputs, named as
 * @pulumi/alicloud's polardb.Cluster names them, with the reference's rules checked in preview:
 * how the cluster is born (new, a clone of a PolarDB cluster or an RDS instance, a migration
 * from RDS, a GDN standby), subscription renewal, the initial whitelist, the edition, the
 * MySQL-only settings. Data and pure functions; cluster.ts wires them into the spec.
 */
import { z } from "zod";
import { MINOR_VERSIONS, RDS_SOURCE_VERSIONS } from "../reference/catalogue";
import { EDITIONS, editionProblem } from "../reference/editions";
import { canonicalTimeZone, isTimeZone } from "./time-zone";

export const CREATION_OPTIONS = ["Normal", "CloneFromPolarDB", "CloneFromRDS", "MigrationFromRDS", "CreateGdnStandby"] as const;
export const RENEWAL_STATUSES = ["AutoRenewal", "Normal", "NotRenewal"] as const;
/** ModifyAutoRenewAttribute's Duration: months 1, 2, 3, 6 or years 1–3 (12, 24, 36 months). */
export const AUTO_RENEW_MONTHS = [1, 2, 3, 6, 12, 24, 36];
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const IPV4_OR_CIDR = /^(\d{1,3})(\.\d{1,3}){3}(\/\d{1,2})?$/;

export const clusterOptionInputs = {
  /**
   * How the cluster is born: `"Normal"` (empty), `"CloneFromPolarDB"` (a copy of the PolarDB cluster `sourceResourceId` at
   * `cloneDataPoint`), `"CloneFromRDS"` / `"MigrationFromRDS"` (from the RDS MySQL 5.6/5.7/8.0 instance `sourceResourceId`; a
   * migration's cluster is read-only until you switch over), `"CreateGdnStandby"` (a secondary of the Global Database Network `gdnId`, MySQL 8.0).
   */
  creationOption: z.enum(CREATION_OPTIONS, `must be one of ${CREATION_OPTIONS.map((o) => `"${o}"`).join(", ")}`).optional(),
  /** The source of a clone or migration: a PolarDB cluster id (`pc-…`) for CloneFromPolarDB, an RDS instance id (`rm-…`) for CloneFromRDS and MigrationFromRDS. */
  sourceResourceId: z.string().regex(/^(pc|rm)-[a-z0-9]+$/, 'a PolarDB cluster id ("pc-…") or an RDS instance id ("rm-…")').optional(),
  /** What a clone copies: `"LATEST"` (default), a backup set id of the source, or a point in time `"YYYY-MM-DDThh:mm:ssZ"` (UTC). RDS sources take only LATEST. */
  cloneDataPoint: z.string().refine((v) => v === "LATEST" || /^\d{1,20}$/.test(v) || TIMESTAMP.test(v),
    'must be "LATEST", a backup set id (digits) or a time "YYYY-MM-DDThh:mm:ssZ" (UTC)').optional(),
  /** The Global Database Network (`gdn-…`) a CreateGdnStandby cluster joins. */
  gdnId: z.string().regex(/^gdn-[a-z0-9]+$/, 'a Global Database Network id such as "gdn-bp1…"').optional(),
  /** Prepaid only: `"AutoRenewal"` renews the subscription automatically, `"Normal"` asks you to renew, `"NotRenewal"` lets it expire. Read back with DescribeAutoRenewAttribute. */
  renewalStatus: z.enum(RENEWAL_STATUSES, 'must be "AutoRenewal", "Normal" or "NotRenewal"').optional(),
  /** Prepaid with renewalStatus AutoRenewal: months each automatic renewal adds (1, 2, 3, 6, 12, 24 or 36). */
  autoRenewPeriod: z.number().int().refine((m) => AUTO_RENEW_MONTHS.includes(m), `months: one of ${AUTO_RENEW_MONTHS.join(", ")}`).optional(),
  /** The resource group (`rg-…`). Default: the account's default group. A change moves the cluster to the new group in place (ModifyDBClusterResourceGroup). */
  resourceGroupId: z.string().regex(/^rg-[a-z0-9]+$/, 'a resource group id such as "rg-acfm…"').optional(),
  /** The cluster's initial whitelist (the `default` group): IP addresses or CIDR blocks. Later changes go to that group in place; manage other groups with polardb.Whitelist. */
  securityIps: z.array(z.string().regex(IPV4_OR_CIDR, 'an IPv4 address or CIDR block such as "10.0.0.0/24"')).min(1, "must list at least one address").optional(),
  /**
   * The edition: `"Normal"` (Cluster Edition), `"Basic"` (Single Node: MySQL, PostgreSQL 14, Oracle 14), `"ArchiveNormal"` (X-Engine, MySQL 8.0),
   * `"NormalMultimaster"` (Multi-master Cluster, MySQL 8.0), `"SENormal"` (Standard Edition: MySQL, PostgreSQL 14). Read back from
   * DescribeDBClusterAttribute's Category. No API changes it in place: a change replaces the cluster.
   */
  creationCategory: z.enum(EDITIONS, `must be one of ${EDITIONS.map((e) => `"${e}"`).join(", ")}`).optional(),
  /**
   * MySQL: the cluster's time zone as a UTC offset on the hour, `"-12:00"` … `"+13:00"`, or `"SYSTEM"` (the region's; default).
   * @pulumi/alicloud's spelling (`"+8:00"`, `"-9:00"`) is accepted and read as `"+08:00"`, `"-09:00"`. A change sets the
   * cluster parameter `default_time_zone` in place (ModifyDBClusterParameters), which restarts the cluster; read back from DescribeDBClusterParameters.
   */
  defaultTimeZone: z.string().refine(isTimeZone, 'must be "SYSTEM" or a whole-hour UTC offset from "-12:00" to "+13:00" (e.g. "+08:00" or "+8:00")')
    .transform((v) => canonicalTimeZone(v) as string).optional(),
  /** MySQL: table names `1` case-insensitive (default) or `0` case-sensitive. Fixed at creation (the cloud offers no change): a change replaces the cluster. */
  lowerCaseTableNames: z.union([z.literal(0), z.literal(1)], { error: "must be 0 (case-sensitive) or 1 (case-insensitive)" }).optional(),
  /** MySQL: which backups are kept when the cluster is deleted — `"ALL"`, `"LATEST"` (a final backup is taken) or `"NONE"` (default). Sent at creation and again by `pulumi destroy`, so a change needs no replacement. */
  backupRetentionPolicyOnClusterDeletion: z.enum(["ALL", "LATEST", "NONE"], 'must be "ALL", "LATEST" or "NONE"').optional(),
  /** The engine's minor version at creation: MySQL 8.0 `"8.0.1"`/`"8.0.2"`, 5.7 `"5.7.28"`, 5.6 `"5.6.16"`. */
  dbMinorVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'a minor version such as "8.0.2"').optional(),
  /** The engine's target minor version at creation (CreateDBCluster's TargetMinorVersion), as the console names it, e.g. PostgreSQL 16's `"v16.13.17.7#20260611"`. Fixed at creation: a change replaces the cluster. Upgrade a running cluster with targetDbRevisionVersionCode. */
  targetMinorVersion: z.string().regex(/^[A-Za-z0-9._#-]{1,64}$/, 'a minor version as the cloud names it, such as "v16.13.17.7#20260611"').optional(),
  /** MySQL: the parameter template (`pcpg-…`) the cluster starts with. */
  parameterGroupId: z.string().regex(/^pcpg-[a-z0-9]+$/, 'a parameter template id such as "pcpg-…"').optional(),
};

type Options = { [K in keyof typeof clusterOptionInputs]?: z.output<(typeof clusterOptionInputs)[K]> };
type Issue = { path: string; message: string };

/** The reference's rules between options and the engine, version and billing: each names the field. */
export function optionProblems(c: Options & { dbType: string; dbVersion: string; payType?: string }): Issue[] {
  const out: Issue[] = [];
  const mysql = c.dbType === "MySQL";
  const option = c.creationOption ?? "Normal";
  const fromRds = option === "CloneFromRDS" || option === "MigrationFromRDS";
  // Today's reference (SDK 9.2.1): the source runs RDS MySQL 5.6, 5.7 or 8.0 (Terraform's acceptance tests clone an 8.0).
  if (fromRds && !(mysql && RDS_SOURCE_VERSIONS.includes(c.dbVersion))) out.push({ path: "creationOption", message: `${option} needs dbType MySQL with dbVersion "5.6", "5.7" or "8.0" (the source is an RDS MySQL instance of that version)` });
  if (option === "CreateGdnStandby" && !(mysql && c.dbVersion === "8.0")) out.push({ path: "creationOption", message: 'CreateGdnStandby needs dbType MySQL with dbVersion "8.0"' });
  const needsSource = fromRds || option === "CloneFromPolarDB";
  if (needsSource && !c.sourceResourceId) out.push({ path: "sourceResourceId", message: `is required with creationOption ${option}` });
  if (!needsSource && c.sourceResourceId) out.push({ path: "sourceResourceId", message: "applies to creationOption CloneFromPolarDB, CloneFromRDS or MigrationFromRDS only" });
  if (c.sourceResourceId && option === "CloneFromPolarDB" && !c.sourceResourceId.startsWith("pc-")) out.push({ path: "sourceResourceId", message: 'CloneFromPolarDB takes a PolarDB cluster id ("pc-…")' });
  if (c.sourceResourceId && fromRds && !c.sourceResourceId.startsWith("rm-")) out.push({ path: "sourceResourceId", message: `${option} takes an RDS instance id ("rm-…")` });
  if (c.cloneDataPoint !== undefined && !needsSource) out.push({ path: "cloneDataPoint", message: "applies to a clone or migration (creationOption) only" });
  if (c.cloneDataPoint !== undefined && fromRds && c.cloneDataPoint !== "LATEST") out.push({ path: "cloneDataPoint", message: `an RDS source is copied at "LATEST" only` });
  if (c.cloneDataPoint !== undefined && TIMESTAMP.test(c.cloneDataPoint) && Date.parse(c.cloneDataPoint) > Date.now()) out.push({ path: "cloneDataPoint", message: "is in the future: a clone copies a point in the past" });
  if (option === "CreateGdnStandby" && !c.gdnId) out.push({ path: "gdnId", message: "is required with creationOption CreateGdnStandby" });
  if (option !== "CreateGdnStandby" && c.gdnId) out.push({ path: "gdnId", message: "applies to creationOption CreateGdnStandby only" });
  if (c.payType !== "Prepaid") {
    for (const f of ["renewalStatus", "autoRenewPeriod"] as const) if (c[f] !== undefined) out.push({ path: f, message: "applies to payType Prepaid only (a subscription)" });
  }
  if (c.autoRenewPeriod !== undefined && c.renewalStatus !== "AutoRenewal") out.push({ path: "autoRenewPeriod", message: 'applies with renewalStatus "AutoRenewal" only' });
  if (!mysql) {
    for (const f of ["defaultTimeZone", "lowerCaseTableNames", "backupRetentionPolicyOnClusterDeletion", "parameterGroupId"] as const) {
      if (c[f] !== undefined) out.push({ path: f, message: `is a MySQL option; a ${c.dbType} cluster does not take it` });
    }
  }
  const edition = c.creationCategory === undefined ? undefined : editionProblem(c.creationCategory, c.dbType, c.dbVersion);
  if (edition) out.push({ path: "creationCategory", message: edition });
  if (c.dbMinorVersion !== undefined) {
    const known = MINOR_VERSIONS[mysql ? c.dbVersion : ""];
    if (!known) out.push({ path: "dbMinorVersion", message: `the reference lists minor versions for MySQL only (8.0, 5.7, 5.6), not for ${c.dbType} ${c.dbVersion}` });
    else if (!known.includes(c.dbMinorVersion)) out.push({ path: "dbMinorVersion", message: `MySQL ${c.dbVersion}: one of ${known.map((v) => `"${v}"`).join(", ")}` });
  }
  return out;
}

/** CreateDBCluster's parameters for the options. */
export function optionParams(i: Options & { payType?: string }): Record<string, unknown> {
  return {
    CreationOption: i.creationOption, SourceResourceId: i.sourceResourceId, CloneDataPoint: i.cloneDataPoint, GDNId: i.gdnId,
    AutoRenew: i.payType === "Prepaid" && i.renewalStatus !== undefined ? i.renewalStatus === "AutoRenewal" : undefined,
    ResourceGroupId: i.resourceGroupId, SecurityIPList: i.securityIps?.join(","), CreationCategory: i.creationCategory,
    DefaultTimeZone: i.defaultTimeZone, LowerCaseTableNames: i.lowerCaseTableNames === undefined ? undefined : String(i.lowerCaseTableNames),
    BackupRetentionPolicyOnClusterDeletion: i.backupRetentionPolicyOnClusterDeletion, DBMinorVersion: i.dbMinorVersion, TargetMinorVersion: i.targetMinorVersion, ParameterGroupId: i.parameterGroupId,
  };
}

/** ModifyAutoRenewAttribute's Duration and PeriodUnit for a number of months. */
export function renewalTerm(months: number | undefined): { Duration?: string; PeriodUnit?: string } {
  if (months === undefined) return {};
  return months >= 12 ? { Duration: String(months / 12), PeriodUnit: "Year" } : { Duration: String(months), PeriodUnit: "Month" };
}

/** DescribeAutoRenewAttribute's row as outputs (months). */
export function renewalOutputs(row: { RenewalStatus?: string | null; Duration?: unknown; PeriodUnit?: string | null } | undefined): Record<string, unknown> {
  if (!row) return {};
  const duration = Number(row.Duration);
  const months = Number.isFinite(duration) && duration > 0 ? (row.PeriodUnit === "Year" ? duration * 12 : duration) : undefined;
  return { renewalStatus: row.RenewalStatus ?? undefined, autoRenewPeriod: row.RenewalStatus === "AutoRenewal" ? months : undefined };
}
