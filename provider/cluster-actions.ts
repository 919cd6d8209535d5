/**
 * What you do to a cluster rather than declare about it — restart a node, fail over to a reader —
 * and the backup list. Functions, not resources or inputs: an action has no desired state to
 * compare with, and a function in a Pulumi program runs on every preview and up, so these are
 * for scripts and runbooks (`await polardb.restartNode(…)`); a program that needs one should run
 * it behind its own explicit guard. Each action waits until the cluster is Running again.
 */
import { z } from "zod";
import type { PolarDBClient } from "./client";
import { FunctionOptions, polardb, withClient } from "./functions";
import { backupRange, backupsResponse } from "./backup-shapes";
import { listOf } from "./spec";
import { waitFor } from "./waiter";

export interface BackupSummary {
  backupId: string; dbClusterId?: string; status?: string; mode?: string; method?: string; type?: string;
  startTime?: string; endTime?: string; sizeBytes?: number;
}

export interface ActionOptions extends FunctionOptions {
  /** How long to wait for the cluster to be Running again (default 30 minutes). */
  timeoutMs?: number;
  /** Between describes (default 5 s). */
  pollMs?: number;
}

/** DescribeBackups, every page: a cluster's backup sets (manual and automated), newest last. */
export async function getBackups(dbClusterId: string, filter: { mode?: "Manual" | "Automated" } = {}, opts: FunctionOptions = {}): Promise<BackupSummary[]> {
  return withClient(polardb(opts), async (c) => {
    const out: BackupSummary[] = [];
    for (let page = 1; ; page++) {
      const r = await c.request("DescribeBackups", { DBClusterId: dbClusterId, BackupMode: filter.mode, PageSize: 100, PageNumber: page, ...backupRange() }, { schema: backupsResponse });
      for (const b of r.Items) {
        out.push({
          backupId: b.BackupId, dbClusterId: b.DBClusterId ?? undefined, status: b.BackupStatus ?? undefined, mode: b.BackupMode ?? undefined,
          method: b.BackupMethod ?? undefined, type: b.BackupType ?? undefined, startTime: b.BackupStartTime ?? undefined, endTime: b.BackupEndTime ?? undefined,
          sizeBytes: b.BackupSetSize === undefined || b.BackupSetSize === null ? undefined : Number(b.BackupSetSize),
        });
      }
      if (r.Items.length < 100) return out;
    }
  });
}

const attribute = z.looseObject({
  DBClusterStatus: z.string().nullish(),
  DBNodes: listOf(z.looseObject({ DBNodeId: z.string(), DBNodeRole: z.string().nullish(), DBNodeStatus: z.string().nullish() }), "DBNode"),
});

async function untilRunning(c: PolarDBClient, dbClusterId: string, opts: ActionOptions, what: string): Promise<z.output<typeof attribute>> {
  const timeoutMs = opts.timeoutMs ?? 30 * 60_000;
  const pollMs = opts.pollMs ?? 5_000;
  const r = await waitFor({
    probe: () => c.request("DescribeDBClusterAttribute", { DBClusterId: dbClusterId }, { schema: attribute }),
    judge: (a) => (a.DBClusterStatus === "Running" && a.DBNodes.every((n) => n.DBNodeStatus === "Running") ? { done: true } : { pending: a.DBClusterStatus ?? "unknown" }),
    timeoutMs,
    tuning: { firstDelayMs: 0, minDelayMs: pollMs, maxDelayMs: pollMs, lastProbeMarginMs: 0 },
  });
  if (r.state === "done") return r.last;
  throw new Error(`${what}: cluster ${dbClusterId} is not Running again after ${Math.round(timeoutMs / 1000)} s (it is ${r.state === "timeout" ? r.lastStatus : r.reason}); check it in the console`);
}

/** RestartDBNode, then waits until the cluster is Running again. */
export async function restartNode(dbClusterId: string, dbNodeId: string, opts: ActionOptions = {}): Promise<void> {
  await withClient(polardb(opts), async (c) => {
    await c.request("RestartDBNode", { DBClusterId: dbClusterId, DBNodeId: dbNodeId });
    await untilRunning(c, dbClusterId, opts, `RestartDBNode ${dbNodeId}`);
  });
}

/**
 * FailoverDBCluster to `targetDbNodeId` (required for PostgreSQL and Oracle; MySQL picks the
 * reader with the highest failover priority without one); waits, and returns the new writer.
 */
export async function failoverCluster(dbClusterId: string, targetDbNodeId?: string, opts: ActionOptions = {}): Promise<{ writer: string }> {
  return withClient(polardb(opts), async (c) => {
    await c.request("FailoverDBCluster", { DBClusterId: dbClusterId, TargetDBNodeId: targetDbNodeId }, { idempotent: false });
    const a = await untilRunning(c, dbClusterId, opts, "FailoverDBCluster");
    const writer = a.DBNodes.find((n) => n.DBNodeRole === "Writer")?.DBNodeId;
    if (!writer) throw new Error(`FailoverDBCluster: cluster ${dbClusterId} reports no writer after the switch`);
    return { writer };
  });
}
