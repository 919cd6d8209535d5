/**
 * A manual backup of a cluster (CreateBackup / DescribeBackups / DeleteBackup, API reference
 * §14.1–14.4). Create starts the backup job and waits until its backup set is listed; destroy
 * deletes the set. Id: `<dbClusterId>:<backupId>`. The cloud keeps at most three manual backups
 * per cluster and runs one backup job at a time (refusals say so). A backup set cannot change:
 * every input replaces it. Automated backups belong to the BackupPolicy; list all with getBackups.
 */
import { z } from "zod";
import { backupRange, backupRow, backupsResponse } from "../provider/backup-shapes";
import { commonInputs, compositeId, defineResource } from "../provider/spec";
import { CLUSTER_ID, dbClusterId } from "./common";

const BACKUP_ID = /^\d{1,20}$/;

export const backupInputs = z.strictObject({
  ...commonInputs,
  dbClusterId,
});

export type BackupInputs = z.output<typeof backupInputs>;

type Row = z.output<typeof backupRow>;

export const backupSpec = defineResource({
  kind: "Backup",
  inputs: backupInputs,
  outputs: {
    backupId: { type: "string", idPart: 1, doc: "The backup set's id: what a clone's `cloneDataPoint` takes." },
    status: { type: "string", doc: "Success once the set exists (create waits for it)." },
    backupMethod: { type: "string", optional: true },
    backupType: { type: "string", optional: true },
    startTime: { type: "string", optional: true },
    endTime: { type: "string", optional: true },
    sizeBytes: { type: "number", optional: true },
    consistentTime: { type: "string", optional: true, doc: "The point in time the set is consistent at (ISO 8601)." },
  },
  publicClass: {
    getDoc: 'Reads an existing backup set: `Backup.get("b", "pc-…:1000012345")`.',
  },
  id: compositeId({ dbClusterId: "DBClusterId", backupId: "BackupId" }, { dbClusterId: CLUSTER_ID, backupId: BACKUP_ID }),
  replaceOn: ["dbClusterId"],
  cluster: (key) => key.dbClusterId,
  create: {
    action: "CreateBackup",
    clientToken: true,
    params: () => ({}),
    // The answer names the job, not the set: the set is the manual backup that appears when the job is done.
    discover: {
      list: { action: "DescribeBackups", params: (key) => ({ DBClusterId: key.dbClusterId, BackupMode: "Manual", ...backupRange() }), response: backupsResponse },
      items: (r: z.output<typeof backupsResponse>) => r.Items,
      idOf: (b: Row) => b.BackupId,
      assigns: (b: Row) => ({ backupId: b.BackupId }),
    },
  },
  read: {
    action: "DescribeBackups",
    params: (key) => ({ DBClusterId: key.dbClusterId, BackupId: key.backupId, ...backupRange() }),
    response: backupsResponse,
    pick: (r: z.output<typeof backupsResponse>, key) => r.Items.find((b) => b.BackupId === key.backupId),
    outputs: (b: Row) => ({
      backupId: b.BackupId, status: b.BackupStatus ?? undefined, backupMethod: b.BackupMethod ?? undefined, backupType: b.BackupType ?? undefined,
      startTime: b.BackupStartTime ?? undefined, endTime: b.BackupEndTime ?? undefined,
      sizeBytes: b.BackupSetSize === undefined || b.BackupSetSize === null ? undefined : Number(b.BackupSetSize),
      consistentTime: b.ConsistentTime === undefined || b.ConsistentTime === null ? undefined : new Date(Number(b.ConsistentTime) * 1000).toISOString(),
    }),
  },
  status: (o) => o.status as string | undefined,
  ready: (o) => o.status === "Success",
  failed: (o) => (o.status === "Failed" ? "the backup failed (BackupStatus Failed)" : undefined),
  delete: { action: "DeleteBackup" },
  timeouts: { create: "2h", update: "10m", delete: "30m" },
});
