/**
 * A cluster's automatic backup policy (ModifyBackupPolicy / DescribeBackupPolicy). Every cluster
 * has one, so "create" sets the listed fields, unlisted fields keep the cloud's values, and
 * destroy removes the resource from the state only.
 *
 * Id: `<dbClusterId>`. Days compare as a set ("Monday,Thursday" = ["Thursday","Monday"]).
 * Note: these two APIs are not in the seed reference; their fields follow the public API
 * reference (digest part 2 §14.8).
 */
import { z } from "zod";
import { commonInputs, compositeId, defineResource, looseNumber, normalise, Props } from "../provider/spec";
import { CLUSTER_ID, dbClusterId, splitList } from "./common";

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

const backupWindow = z.string().regex(/^([01]\d|2[0-3]):00Z-([01]\d|2[0-3]):00Z$/, 'a one-hour UTC window on the hour, such as "15:00Z-16:00Z"')
  .refine((w) => (Number(w.slice(0, 2)) + 1) % 24 === Number(w.slice(7, 9)), 'must be exactly one hour, such as "15:00Z-16:00Z"');

export const backupPolicyInputs = z.strictObject({
  ...commonInputs,
  dbClusterId,
  /** Days of the week with a backup, at least two. */
  preferredBackupPeriod: z.array(z.enum(WEEKDAYS, `days are ${WEEKDAYS.join(", ")}`))
    .refine((d) => new Set(d).size >= 2, "must list at least two different days").optional(),
  /** The backup window, UTC. */
  preferredBackupTime: backupWindow.optional(),
  /** Days level-1 backups are kept: 3–14. */
  dataLevel1BackupRetentionPeriod: z.number().int().min(3, "must be 3–14 days").max(14, "must be 3–14 days").optional(),
  /** Days level-2 backups are kept: 0 (off), 30–7300, or -1 (forever). */
  dataLevel2BackupRetentionPeriod: z.number().int()
    .refine((d) => d === 0 || d === -1 || (d >= 30 && d <= 7300), "must be 0 (off), 30–7300 days, or -1 (keep forever)").optional(),
  /** What happens to backups when the cluster is deleted: ALL, LATEST (one final backup), NONE. */
  backupRetentionPolicyOnClusterDeletion: z.enum(["ALL", "LATEST", "NONE"], 'must be "ALL", "LATEST" or "NONE"').optional(),
  /** Normal, or more frequent backups: 2/24H, 3/24H, 4/24H. */
  backupFrequency: z.enum(["Normal", "2/24H", "3/24H", "4/24H"], 'must be "Normal", "2/24H", "3/24H" or "4/24H"').optional(),
}).refine((p) => Object.keys(p).some((k) => !["regionId", "timeouts", "dbClusterId"].includes(k)), "set at least one policy field");

export type BackupPolicyInputs = z.output<typeof backupPolicyInputs>;

const policy = z.looseObject({
  PreferredBackupPeriod: z.string().nullish(), PreferredBackupTime: z.string().nullish(), PreferredNextBackupTime: z.string().nullish(),
  DataLevel1BackupRetentionPeriod: looseNumber.nullish(), DataLevel2BackupRetentionPeriod: looseNumber.nullish(),
  BackupRetentionPolicyOnClusterDeletion: z.string().nullish(), BackupFrequency: z.string().nullish(),
});
type Policy = z.output<typeof policy>;

const undef = <T>(v: T | null | undefined) => (v === null || v === "" ? undefined : v);

function liveOutputs(p: Policy): Props {
  return {
    preferredBackupPeriod: p.PreferredBackupPeriod ? splitList(p.PreferredBackupPeriod) : undefined,
    preferredBackupTime: undef(p.PreferredBackupTime),
    dataLevel1BackupRetentionPeriod: undef(p.DataLevel1BackupRetentionPeriod),
    dataLevel2BackupRetentionPeriod: undef(p.DataLevel2BackupRetentionPeriod),
    backupRetentionPolicyOnClusterDeletion: undef(p.BackupRetentionPolicyOnClusterDeletion),
    backupFrequency: undef(p.BackupFrequency),
    preferredNextBackupTime: undef(p.PreferredNextBackupTime),
  };
}

const params = (i: Props) => ({
  PreferredBackupPeriod: Array.isArray(i.preferredBackupPeriod) ? (normalise.unorderedList(i.preferredBackupPeriod) as string[]).join(",") : undefined,
  PreferredBackupTime: i.preferredBackupTime, DataLevel1BackupRetentionPeriod: i.dataLevel1BackupRetentionPeriod,
  DataLevel2BackupRetentionPeriod: i.dataLevel2BackupRetentionPeriod, BackupRetentionPolicyOnClusterDeletion: i.backupRetentionPolicyOnClusterDeletion,
  BackupFrequency: i.backupFrequency,
});

const FIELDS = ["preferredBackupPeriod", "preferredBackupTime", "dataLevel1BackupRetentionPeriod", "dataLevel2BackupRetentionPeriod",
  "backupRetentionPolicyOnClusterDeletion", "backupFrequency"] as const;

export const backupPolicySpec = defineResource({
  kind: "BackupPolicy",
  inputs: backupPolicyInputs,
  id: compositeId({ dbClusterId: "DBClusterId" }, { dbClusterId: CLUSTER_ID }),
  replaceOn: ["dbClusterId"],
  normalise: { preferredBackupPeriod: normalise.unorderedList },
  cluster: (key) => key.dbClusterId,
  create: { action: "ModifyBackupPolicy", params },
  read: { action: "DescribeBackupPolicy", response: policy, outputs: (p: Policy) => liveOutputs(p) },
  status: () => "set",
  ready: () => true,
  update: [{ fields: FIELDS, action: "ModifyBackupPolicy", params: (n) => params(n) }],
  delete: { leaves: "every cluster has a backup policy: the current one stays as it is" },
  timeouts: { create: "10m", update: "10m", delete: "1m" },
});
