/**
 * A cluster's automatic backup policy: data backups (ModifyBackupPolicy / DescribeBackupPolicy)
 * and log backups (ModifyLogBackupPolicy / DescribeLogBackupPolicy), one resource with two update
 * groups and a second read. Every cluster has one, so "create" sets the listed fields, unlisted
 * fields keep the cloud's values, and destroy removes the resource from the state only.
 * Inputs are named as in @pulumi/alicloud's polardb.BackupPolicy (backupRetentionPeriod is its
 * older name for dataLevel1BackupRetentionPeriod).
 *
 * Id: `<dbClusterId>`. Days compare as a set ("Monday,Thursday" = ["Thursday","Monday"]).
 * Note: these four APIs are not in the seed reference; their fields and ranges follow the
 * official SDK's models (ModifyBackupPolicyRequest, DescribeBackupPolicyResponseBody,
 * ModifyLogBackupPolicyRequest, DescribeLogBackupPolicyResponseBody).
 */
import { z } from "zod";
import { commonInputs, compositeId, defineResource, looseNumber, normalise, Props } from "../provider/spec";
import { knownRegions } from "../provider/endpoints";
import { CLUSTER_ID, dbClusterId, splitList } from "./common";

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

const backupWindow = z.string().regex(/^([01]\d|2[0-3]):00Z-([01]\d|2[0-3]):00Z$/, 'a one-hour UTC window on the hour, such as "15:00Z-16:00Z"')
  .refine((w) => (Number(w.slice(0, 2)) + 1) % 24 === Number(w.slice(7, 9)), 'must be exactly one hour, such as "15:00Z-16:00Z"');
const backupDays = z.array(z.enum(WEEKDAYS, `days are ${WEEKDAYS.join(", ")}`))
  .refine((d) => new Set(d).size >= 2, "must list at least two different days");
const FREQUENCIES = ["Normal", "2/24H", "3/24H", "4/24H"] as const;
const frequency = z.enum(FREQUENCIES, 'must be "Normal", "2/24H", "3/24H" or "4/24H"');
/** A whole number of days, given as a number or (as @pulumi/alicloud's older string inputs) a numeric string. */
const days = z.union([z.number(), z.string().regex(/^-?\d+$/, "must be a whole number of days")]).transform(Number)
  .refine((d) => Number.isInteger(d), "must be a whole number of days");
/** 0 (off), 30–7300 days, or -1 (keep forever): level-2 and cross-region retention. */
const offOrLongRetention = days.refine((d) => d === 0 || d === -1 || (d >= 30 && d <= 7300), "must be 0 (off), 30–7300 days, or -1 (keep forever)");
const region = z.string().regex(/^[a-z]{2,}-[a-z0-9-]+$/, 'a region id such as "cn-beijing"');

export const backupPolicyInputs = z.strictObject({
  ...commonInputs,
  dbClusterId,
  /** Days of the week with a backup, at least two. */
  preferredBackupPeriod: backupDays.optional(),
  /** The backup window, UTC. */
  preferredBackupTime: backupWindow.optional(),
  /** Days level-1 backups are kept: 3–14 (@pulumi/alicloud's older name: backupRetentionPeriod). */
  dataLevel1BackupRetentionPeriod: days.refine((d) => d >= 3 && d <= 14, "must be 3–14 days").optional(),
  /** Days level-2 backups are kept: 0 (off), 30–7300, or -1 (forever). */
  dataLevel2BackupRetentionPeriod: offOrLongRetention.optional(),
  /** What happens to backups when the cluster is deleted: ALL, LATEST (one final backup), NONE. */
  backupRetentionPolicyOnClusterDeletion: z.enum(["ALL", "LATEST", "NONE"], 'must be "ALL", "LATEST" or "NONE"').optional(),
  /** Normal, or more frequent backups: 2/24H, 3/24H, 4/24H. */
  backupFrequency: frequency.optional(),
  /** MySQL, in regions with cross-region backup: how often level-1 backups are taken (Normal, 2/24H, 3/24H, 4/24H). */
  dataLevel1BackupFrequency: frequency.optional(),
  /** MySQL, in regions with cross-region backup: the level-1 backup window, one hour on the hour, UTC. */
  dataLevel1BackupTime: backupWindow.optional(),
  /** MySQL, in regions with cross-region backup: the days with a level-1 backup, at least two. */
  dataLevel1BackupPeriod: backupDays.optional(),
  /** MySQL, in regions with cross-region backup: the days with a level-2 backup, at least two. */
  dataLevel2BackupPeriod: backupDays.optional(),
  /** The region level-2 backups are copied to (another region than the cluster's). */
  dataLevel2BackupAnotherRegionRegion: region.optional(),
  /** Days the level-2 copies in the other region are kept: 0 (off), 30–7300, or -1 (forever). */
  dataLevel2BackupAnotherRegionRetentionPeriod: offOrLongRetention.optional(),
  /** Days log backups are kept: 3–7300, or -1 (forever). */
  logBackupRetentionPeriod: days.refine((d) => d === -1 || (d >= 3 && d <= 7300), "must be 3–7300 days, or -1 (keep forever)").optional(),
  /** The region log backups are copied to (another region than the cluster's). */
  logBackupAnotherRegionRegion: region.optional(),
  /** Days the log backup copies in the other region are kept: 0 (off), 30–7300, or -1 (forever). */
  logBackupAnotherRegionRetentionPeriod: offOrLongRetention.optional(),
}).refine((p) => Object.keys(p).some((k) => !["regionId", "timeouts", "dbClusterId"].includes(k)), "set at least one policy field");

export type BackupPolicyInputs = z.output<typeof backupPolicyInputs>;

const policy = z.looseObject({
  PreferredBackupPeriod: z.string().nullish(), PreferredBackupTime: z.string().nullish(), PreferredNextBackupTime: z.string().nullish(),
  DataLevel1BackupRetentionPeriod: looseNumber.nullish(), DataLevel2BackupRetentionPeriod: looseNumber.nullish(),
  BackupRetentionPolicyOnClusterDeletion: z.string().nullish(), BackupFrequency: z.string().nullish(),
  DataLevel1BackupFrequency: z.string().nullish(), DataLevel1BackupTime: z.string().nullish(), DataLevel1BackupPeriod: z.string().nullish(),
  DataLevel2BackupPeriod: z.string().nullish(), DataLevel2BackupAnotherRegionRegion: z.string().nullish(),
  DataLevel2BackupAnotherRegionRetentionPeriod: looseNumber.nullish(),
});
type Policy = z.output<typeof policy>;

const logPolicy = z.looseObject({
  LogBackupRetentionPeriod: looseNumber.nullish(), LogBackupAnotherRegionRegion: z.string().nullish(),
  LogBackupAnotherRegionRetentionPeriod: looseNumber.nullish(), EnableBackupLog: looseNumber.nullish(),
});
type LogPolicy = z.output<typeof logPolicy>;

const undef = <T>(v: T | null | undefined) => (v === null || v === "" ? undefined : v);
const dayList = (v: string | null | undefined) => (v ? splitList(v) : undefined);

function liveOutputs(p: Policy): Props {
  return {
    preferredBackupPeriod: dayList(p.PreferredBackupPeriod),
    preferredBackupTime: undef(p.PreferredBackupTime),
    dataLevel1BackupRetentionPeriod: undef(p.DataLevel1BackupRetentionPeriod),
    dataLevel2BackupRetentionPeriod: undef(p.DataLevel2BackupRetentionPeriod),
    backupRetentionPolicyOnClusterDeletion: undef(p.BackupRetentionPolicyOnClusterDeletion),
    backupFrequency: undef(p.BackupFrequency),
    dataLevel1BackupFrequency: undef(p.DataLevel1BackupFrequency),
    dataLevel1BackupTime: undef(p.DataLevel1BackupTime),
    dataLevel1BackupPeriod: dayList(p.DataLevel1BackupPeriod),
    dataLevel2BackupPeriod: dayList(p.DataLevel2BackupPeriod),
    dataLevel2BackupAnotherRegionRegion: undef(p.DataLevel2BackupAnotherRegionRegion),
    dataLevel2BackupAnotherRegionRetentionPeriod: undef(p.DataLevel2BackupAnotherRegionRetentionPeriod),
    preferredNextBackupTime: undef(p.PreferredNextBackupTime),
  };
}

function logOutputs(p: LogPolicy): Props {
  return {
    logBackupRetentionPeriod: undef(p.LogBackupRetentionPeriod),
    logBackupAnotherRegionRegion: undef(p.LogBackupAnotherRegionRegion),
    logBackupAnotherRegionRetentionPeriod: undef(p.LogBackupAnotherRegionRetentionPeriod),
    enableBackupLog: undef(p.EnableBackupLog),
  };
}

const joinDays = (v: unknown) => (Array.isArray(v) ? (normalise.unorderedList(v) as string[]).join(",") : undefined);

const params = (i: Props) => ({
  PreferredBackupPeriod: joinDays(i.preferredBackupPeriod),
  PreferredBackupTime: i.preferredBackupTime, DataLevel1BackupRetentionPeriod: i.dataLevel1BackupRetentionPeriod,
  DataLevel2BackupRetentionPeriod: i.dataLevel2BackupRetentionPeriod, BackupRetentionPolicyOnClusterDeletion: i.backupRetentionPolicyOnClusterDeletion,
  BackupFrequency: i.backupFrequency, DataLevel1BackupFrequency: i.dataLevel1BackupFrequency, DataLevel1BackupTime: i.dataLevel1BackupTime,
  DataLevel1BackupPeriod: joinDays(i.dataLevel1BackupPeriod), DataLevel2BackupPeriod: joinDays(i.dataLevel2BackupPeriod),
  DataLevel2BackupAnotherRegionRegion: i.dataLevel2BackupAnotherRegionRegion,
  DataLevel2BackupAnotherRegionRetentionPeriod: i.dataLevel2BackupAnotherRegionRetentionPeriod,
});

const logParams = (i: Props) => ({
  LogBackupRetentionPeriod: i.logBackupRetentionPeriod, LogBackupAnotherRegionRegion: i.logBackupAnotherRegionRegion,
  LogBackupAnotherRegionRetentionPeriod: i.logBackupAnotherRegionRetentionPeriod,
});

const DATA_FIELDS = ["preferredBackupPeriod", "preferredBackupTime", "dataLevel1BackupRetentionPeriod", "dataLevel2BackupRetentionPeriod",
  "backupRetentionPolicyOnClusterDeletion", "backupFrequency", "dataLevel1BackupFrequency", "dataLevel1BackupTime", "dataLevel1BackupPeriod",
  "dataLevel2BackupPeriod", "dataLevel2BackupAnotherRegionRegion", "dataLevel2BackupAnotherRegionRetentionPeriod"] as const;
const LOG_FIELDS = ["logBackupRetentionPeriod", "logBackupAnotherRegionRegion", "logBackupAnotherRegionRetentionPeriod"] as const;

/** A copy goes to another region PolarDB serves, never to the cluster's own. */
function copyRegionProblems(i: BackupPolicyInputs, regionId: string): Array<{ field: string; problem: string }> {
  return (["dataLevel2BackupAnotherRegionRegion", "logBackupAnotherRegionRegion"] as const).flatMap((field) => {
    const r = i[field];
    if (r === undefined) return [];
    if (r === regionId) return [{ field, problem: `is the cluster's own region (${regionId}): a cross-region copy goes to another region` }];
    if (!knownRegions().includes(r)) return [{ field, problem: `"${r}" is not a region PolarDB serves: one of ${knownRegions().filter((x) => x !== regionId).join(", ")}` }];
    return [];
  });
}

export const backupPolicySpec = defineResource({
  kind: "BackupPolicy",
  inputs: backupPolicyInputs,
  outputs: {
    preferredBackupPeriod: { optional: false },
    preferredBackupTime: { optional: false },
    dataLevel1BackupRetentionPeriod: { type: "number", optional: false },
    dataLevel2BackupRetentionPeriod: { type: "number", optional: false },
    backupRetentionPolicyOnClusterDeletion: { optional: false },
    backupFrequency: { optional: false },
    dataLevel2BackupAnotherRegionRetentionPeriod: { type: "number" },
    logBackupRetentionPeriod: { type: "number", optional: false },
    logBackupAnotherRegionRetentionPeriod: { type: "number" },
    enableBackupLog: { type: "number", doc: "1: log backups are on (they cannot be turned off)." },
    preferredNextBackupTime: { type: "string", optional: true, doc: "When the next automatic backup starts (`YYYY-MM-DDThh:mmZ`)." },
  },
  id: compositeId({ dbClusterId: "DBClusterId" }, { dbClusterId: CLUSTER_ID }),
  replaceOn: ["dbClusterId"],
  aliases: { backupRetentionPeriod: "dataLevel1BackupRetentionPeriod" }, // @pulumi/alicloud's older name
  normalise: { preferredBackupPeriod: normalise.unorderedList, dataLevel1BackupPeriod: normalise.unorderedList, dataLevel2BackupPeriod: normalise.unorderedList },
  regional: copyRegionProblems,
  cluster: (key) => key.dbClusterId,
  // Only the log policy declared: nothing for ModifyBackupPolicy to change (its group converges the rest).
  create: { action: "ModifyBackupPolicy", params, when: (i: Props) => DATA_FIELDS.some((f) => i[f] !== undefined) },
  read: {
    action: "DescribeBackupPolicy", response: policy, outputs: (p: Policy) => liveOutputs(p),
    enrich: [{ action: "DescribeLogBackupPolicy", response: logPolicy, outputs: (p: LogPolicy) => logOutputs(p) }],
  },
  status: () => "set",
  ready: () => true,
  update: [
    { fields: DATA_FIELDS, action: "ModifyBackupPolicy", params: (n) => params(n) },
    { fields: LOG_FIELDS, action: "ModifyLogBackupPolicy", params: (n) => logParams(n) },
  ],
  delete: { leaves: "every cluster has a backup policy: the current one stays as it is" },
  timeouts: { create: "10m", update: "10m", delete: "1m" },
});
