/**
 * DescribeBackups' documented shape and the time range it requires: shared by the Backup
 * resource and getBackups. Internal (zod): the public declarations never name it.
 */
import { z } from "zod";
import { listOf, looseString } from "./spec";

export const backupRow = z.looseObject({
  BackupId: z.string(), DBClusterId: z.string().nullish(), BackupStatus: z.string().nullish(), BackupMode: z.string().nullish(),
  BackupMethod: z.string().nullish(), BackupType: z.string().nullish(), BackupStartTime: z.string().nullish(), BackupEndTime: z.string().nullish(),
  BackupSetSize: looseString.nullish(), ConsistentTime: looseString.nullish(), IsAvail: looseString.nullish(),
});
export const backupsResponse = z.looseObject({ Items: listOf(backupRow, "Backup") });

/** DescribeBackups requires a time range: everything up to a day ahead (clock skew). */
export function backupRange(now = Date.now()): { StartTime: string; EndTime: string } {
  const minute = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;
  return { StartTime: "2000-01-01T00:00Z", EndTime: minute(now + 86_400_000) };
}

