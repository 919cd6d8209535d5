/**
 * Backups (seed 003 §14.1–§14.4): manual snapshot backups, the backup list and backup jobs.
 *
 * A cluster gets one automated level-1 backup when it first becomes Running (so backup ids exist
 * for CloneDataPoint); CreateBackup adds manual ones. A backup is a job while it runs (listed by
 * DescribeBackupTasks, refusing a second job with OperationDenied.BackupJobExists) and a backup
 * set once done (DescribeBackups, BackupStatus Success). At most three manual backups exist at a
 * time (§14.1). Only finished manual backups can be deleted (§14.2: "backup status completed";
 * automated ones are StoreStatus Disabled). When the cluster is deleted, the backups follow
 * BackupRetentionPolicyOnClusterDeletion (kept in the state, not listed: no action reads them).
 */
import { codes } from "../codes";
import { oneOf, optional, page, paging, required, time } from "../params";
import type { Backup, Cluster } from "../state";
import { DURATIONS } from "./catalogue";
import type { Area, PolarContext } from "./context";

const MANUAL_LIMIT = 3;

/** Records a backup of `c` that runs from now for a realistic `DURATIONS.backup`. */
export function startBackup(ctx: PolarContext, c: Cluster, mode: Backup["BackupMode"], at = ctx.clock.now()): Backup {
  const id = String(1_000_000_000 + ctx.nextId() * 97);
  const b: Backup = {
    BackupId: id, BackupJobId: String(11_000_000 + ctx.nextId()), DBClusterId: c.DBClusterId, BackupMode: mode,
    startedAt: at, endsAt: at + ctx.clock.scaled(DURATIONS.backup), BackupSetSize: 150_000_000 + Math.floor(ctx.rng() * 50_000_000),
  };
  ctx.store.backups.push(b);
  return b;
}

/** What survives the deletion of `c` under `policy` (ALL | LATEST | NONE). */
export function retainBackups(ctx: PolarContext, c: Cluster, policy: string): void {
  const mine = ctx.store.backups.filter((b) => b.DBClusterId === c.DBClusterId);
  const keep = policy === "ALL" ? mine : policy === "LATEST" ? mine.sort((a, b) => b.startedAt - a.startedAt).slice(0, 1) : [];
  ctx.store.backups = ctx.store.backups.filter((b) => b.DBClusterId !== c.DBClusterId || keep.includes(b));
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function backupArea(ctx: PolarContext): Area {
  const { clock, runningCluster, cluster, idempotent } = ctx;
  const done = (b: Backup) => clock.now() >= b.endsAt;
  const jobStatus = (b: Backup) => {
    const f = (clock.now() - b.startedAt) / Math.max(1, b.endsAt - b.startedAt);
    return f >= 1 ? "Finished" : f < 0.1 ? "Preparing" : f < 0.7 ? "Uploading" : "Checking";
  };

  return {
    actions: {
      CreateBackup: (p) => idempotent(p, "CreateBackup", () => {
        const c = runningCluster(p);
        const mine = ctx.store.backups.filter((b) => b.DBClusterId === c.DBClusterId);
        if (mine.some((b) => !done(b))) throw codes.backupJobExists();
        if (mine.filter((b) => b.BackupMode === "Manual").length >= MANUAL_LIMIT) throw codes.backupQuota();
        return { BackupJobId: startBackup(ctx, c, "Manual").BackupJobId };
      }),

      DescribeBackups: (p) => {
        const c = cluster(p);
        const start = time(p, "StartTime", true)!;
        const end = time(p, "EndTime", true)!;
        if (end <= start) throw codes.startAfterEnd();
        const id = optional(p, "BackupId");
        const status = oneOf(p, "BackupStatus", ["Success", "Failed"]);
        const mode = oneOf(p, "BackupMode", ["Automated", "Manual"]);
        const pg = paging(p);
        const rows = ctx.store.backups.filter((b) => b.DBClusterId === c.DBClusterId && done(b) && b.startedAt >= start && b.startedAt <= end
          && (!id || b.BackupId === id) && (!status || status === "Success") && (!mode || b.BackupMode === mode));
        const shown = page(rows, pg);
        // The table types every field String (so does the official SDK's model).
        return {
          TotalRecordCount: String(rows.length), PageNumber: String(pg.pageNumber), PageRecordCount: String(shown.length),
          Items: { Backup: shown.map((b) => ({
            BackupId: b.BackupId, DBClusterId: b.DBClusterId, BackupStatus: "Success", BackupMode: b.BackupMode, BackupMethod: "Snapshot",
            BackupType: "FullBackup", BackupsLevel: "Level-1", BackupStartTime: iso(b.startedAt), BackupEndTime: iso(b.endsAt),
            BackupSetSize: String(b.BackupSetSize), ConsistentTime: String(Math.floor(b.endsAt / 1000)), IsAvail: "1",
            StoreStatus: b.BackupMode === "Manual" ? "Enabled" : "Disabled",
          })) },
        };
      },

      DescribeBackupTasks: (p) => {
        const c = cluster(p);
        const job = optional(p, "BackupJobId");
        const mode = oneOf(p, "BackupMode", ["Automated", "Manual"]);
        // Running jobs; a named job is found until its backup set is deleted.
        const rows = ctx.store.backups.filter((b) => b.DBClusterId === c.DBClusterId && (job ? b.BackupJobId === job : !done(b)) && (!mode || b.BackupMode === mode));
        return {
          Items: { BackupJob: rows.map((b) => ({
            BackupJobId: b.BackupJobId, BackupProgressStatus: jobStatus(b), JobMode: b.BackupMode,
            Process: String(Math.min(100, Math.floor(((clock.now() - b.startedAt) / Math.max(1, b.endsAt - b.startedAt)) * 100))),
            StartTime: iso(b.startedAt), TaskAction: b.BackupMode === "Manual" ? "TempBackupTask" : "NormalBackupTask",
          })) },
        };
      },

      DeleteBackup: (p) => {
        const c = runningCluster(p);
        const ids = required(p, "BackupId").split(",").map((s) => s.trim()).filter(Boolean);
        const chosen = ids.map((id) => ctx.store.backups.find((b) => b.BackupId === id && b.DBClusterId === c.DBClusterId));
        for (const b of chosen) {
          if (!b) throw codes.backupNotFound();
          if (!done(b)) throw codes.backupStatus();
          if (b.BackupMode !== "Manual") throw codes.backupMethod();
        }
        ctx.store.backups = ctx.store.backups.filter((b) => !chosen.includes(b));
        return {};
      },
    },
  };
}
