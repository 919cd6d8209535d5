/**
 * Read-only functions over the API, usable in Pulumi programs (wrap in pulumi.output()) and in
 * plain scripts: typed results, lenient parsing of the documented shapes, credentials and
 * endpoints resolved like the resources' (explicit options, else the environment and profile).
 */
import { z } from "zod";
import { ClientOptions, PolarDBClient, RdsClient, RpcClient } from "./client";
import { detailLines, migrationResult, timeOrUndefined } from "./migration-result";
import { listOf, looseBool, looseNumber, looseString } from "./spec";
import { engineOf } from "../reference/offer";
import { availableZones } from "./available-shapes";

export type FunctionOptions = ClientOptions;

/** One client for one function call, closed after it. */
export async function withClient<C extends RpcClient, T>(make: () => C, run: (c: C) => Promise<T>): Promise<T> {
  const client = make();
  try { return await run(client); } finally { await client.close(); }
}
export const polardb = (o: FunctionOptions) => () => new PolarDBClient(o);
const rds = (o: FunctionOptions) => () => new RdsClient(o);

const zone = z.looseObject({ ZoneId: z.string(), VpcEnabled: looseBool.optional() });
const regions = z.looseObject({
  Regions: z.looseObject({ Region: listOf(z.looseObject({ RegionId: z.string(), Zones: z.looseObject({ Zone: listOf(zone) }).optional() })) }),
});

export interface Region { regionId: string; zones: string[] }

/** DescribeRegions: the regions and zones where PolarDB is sold. */
export async function getRegions(opts: FunctionOptions = {}): Promise<Region[]> {
  const r = await withClient(polardb(opts), (c) => c.request("DescribeRegions", {}, { schema: regions }));
  return r.Regions.Region.map((x) => ({ regionId: x.RegionId, zones: (x.Zones?.Zone ?? []).map((zz) => zz.ZoneId) }));
}

const clusterRow = z.looseObject({
  DBClusterId: z.string(), DBClusterDescription: looseString.optional(), DBClusterStatus: z.string().optional(),
  DBType: z.string().optional(), DBVersion: looseString.optional(), DBNodeClass: z.string().optional(), PayType: z.string().optional(),
  ZoneId: z.string().optional(), VpcId: z.string().optional(), DeletionLock: looseNumber.optional(),
  Tags: z.looseObject({ Tag: listOf(z.looseObject({ Key: z.string(), Value: looseString.optional() })) }).optional(),
});
const clusters = z.looseObject({ TotalRecordCount: looseNumber.optional(), Items: z.looseObject({ DBCluster: listOf(clusterRow) }) });

export interface ClusterSummary {
  dbClusterId: string; description?: string; status?: string; dbType?: string; dbVersion?: string; dbNodeClass?: string;
  payType?: string; zoneId?: string; vpcId?: string; deletionLock: boolean; tags: Record<string, string>;
}

/** DescribeDBClusters, every page: the clusters of a region, optionally filtered. */
export async function getClusters(filter: { dbType?: string; description?: string; status?: string; tags?: Record<string, string> } = {}, opts: FunctionOptions = {}): Promise<ClusterSummary[]> {
  return withClient(polardb(opts), async (c) => {
    const out: ClusterSummary[] = [];
    for (let page = 1; ; page++) {
      const r = await c.request("DescribeDBClusters", {
        DBType: filter.dbType, DBClusterDescription: filter.description, DBClusterStatus: filter.status, PageSize: 100, PageNumber: page,
        Tag: filter.tags ? Object.entries(filter.tags).map(([Key, Value]) => ({ Key, Value })) : undefined,
      }, { schema: clusters });
      for (const x of r.Items.DBCluster) {
        out.push({
          dbClusterId: x.DBClusterId, description: x.DBClusterDescription, status: x.DBClusterStatus, dbType: x.DBType, dbVersion: x.DBVersion,
          dbNodeClass: x.DBNodeClass, payType: x.PayType, zoneId: x.ZoneId, vpcId: x.VpcId, deletionLock: x.DeletionLock === 1,
          tags: Object.fromEntries((x.Tags?.Tag ?? []).map((t) => [t.Key, t.Value ?? ""])),
        });
      }
      if (r.Items.DBCluster.length < 100 || out.length >= (r.TotalRecordCount ?? Infinity)) return out;
    }
  });
}

const task = z.looseObject({
  TaskId: looseString, TaskAction: z.string().optional(), Status: z.string().optional(), Progress: looseNumber.optional(),
  BeginTime: z.string().optional(), FinishTime: z.string().nullish(), Remain: looseNumber.optional(), CurrentStepName: z.string().nullish(),
  StepProgressInfo: z.string().nullish(), TaskErrorCode: z.string().nullish(), TaskErrorMessage: z.string().nullish(),
});
const tasks = z.looseObject({ Tasks: z.looseObject({ Task: listOf(task) }) });

export interface Task {
  taskId: string; action?: string; status?: string; progress?: number; beginTime?: string; finishTime?: string;
  remainSeconds?: number; step?: string; errorCode?: string; errorMessage?: string;
}

/** DescribeTasks for a cluster in a time window (default: the last 24 hours); `status` as documented. */
export async function getTasks(dbClusterId: string, filter: { since?: Date; until?: Date; status?: string } = {}, opts: FunctionOptions = {}): Promise<Task[]> {
  const fmt = (d: Date) => d.toISOString().slice(0, 16) + "Z";
  const until = filter.until ?? new Date(Date.now() + 60_000);
  const since = filter.since ?? new Date(until.getTime() - 24 * 3_600_000);
  const r = await withClient(polardb(opts), (c) => c.request("DescribeTasks", { DBClusterId: dbClusterId, StartTime: fmt(since), EndTime: fmt(until), Status: filter.status }, { schema: tasks }));
  return r.Tasks.Task.map((t) => ({
    taskId: t.TaskId, action: t.TaskAction, status: t.Status, progress: t.Progress, beginTime: t.BeginTime, finishTime: t.FinishTime || undefined,
    remainSeconds: t.Remain, step: t.CurrentStepName ?? undefined, errorCode: t.TaskErrorCode ?? undefined, errorMessage: t.TaskErrorMessage ?? undefined,
  }));
}

const upgradeTask = z.looseObject({
  TaskId: looseNumber, SourceInsName: z.string().optional(), TargetInsName: z.string().optional(), SourceMajorVersion: looseNumber.optional(),
  TargetMajorVersion: looseNumber.optional(), Result: z.string().optional(), UpgradeMode: z.string().optional(), CollectStatMode: z.string().optional(),
  StartTime: looseNumber.optional(), SwitchTime: looseNumber.optional(), SwitchEndTime: looseNumber.optional(), EndTime: looseNumber.optional(),
  Detail: z.string().optional(), cutOver: looseBool.optional(),
});
const upgradeTasks = z.looseObject({ TotalRecordCount: looseNumber.optional(), Items: listOf(upgradeTask) });

export interface UpgradeMajorVersionTask {
  taskId: number; sourceInstanceId?: string; targetInstanceId?: string; sourceMajorVersion?: number; targetMajorVersion?: number;
  result?: string; upgradeMode?: string; collectStatMode?: string; startTime?: Date; switchTime?: Date; endTime?: Date; detail?: string; cutOver?: boolean;
}

/** Seed 002, RDS DescribeUpgradeMajorVersionTasks: an RDS PostgreSQL instance's major-version upgrades, every page. */
export async function getUpgradeMajorVersionTasks(dbInstanceId: string, filter: { targetMajorVersion?: string } = {}, opts: FunctionOptions = {}): Promise<UpgradeMajorVersionTask[]> {
  const ms = (v?: number) => (v ? new Date(v) : undefined); // epoch milliseconds in the seed's example; 0 means "not yet"
  return withClient(rds(opts), async (c) => {
    const out: UpgradeMajorVersionTask[] = [];
    for (let page = 1; ; page++) {
      const r = await c.request("DescribeUpgradeMajorVersionTasks", { DBInstanceId: dbInstanceId, TargetMajorVersion: filter.targetMajorVersion, PageSize: 100, PageNumber: page }, { schema: upgradeTasks });
      for (const t of r.Items) {
        out.push({
          taskId: t.TaskId, sourceInstanceId: t.SourceInsName, targetInstanceId: t.TargetInsName || undefined, sourceMajorVersion: t.SourceMajorVersion,
          targetMajorVersion: t.TargetMajorVersion, result: t.Result, upgradeMode: t.UpgradeMode, collectStatMode: t.CollectStatMode,
          startTime: ms(t.StartTime), switchTime: ms(t.SwitchTime), endTime: ms(t.EndTime), detail: t.Detail === undefined ? undefined : detailLines(t.Detail).join("\n"), cutOver: t.cutOver,
        });
      }
      if (r.Items.length < 100 || out.length >= (r.TotalRecordCount ?? Infinity)) return out;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Available resources (DescribeDBClusterAvailableResources)

export interface AvailableResource { zoneId: string; engine: string; dbVersion?: string; dbNodeClass: string; category?: string }

/** DescribeDBClusterAvailableResources: which node classes each zone sells, per engine and version. */
export async function getAvailableResources(filter: { dbType?: string; zoneId?: string; payType?: "Postpaid" | "Prepaid"; dbVersion?: string } = {}, opts: FunctionOptions = {}): Promise<AvailableResource[]> {
  if (filter.dbType && !filter.dbVersion) throw new Error(`getAvailableResources: give dbVersion with dbType (the API requires both), e.g. { dbType: "${filter.dbType}", dbVersion: "${filter.dbType === "MySQL" ? "8.0" : "14"}" }`);
  const r = await withClient(polardb(opts), (c) => c.request("DescribeDBClusterAvailableResources", {
    PayType: filter.payType ?? "Postpaid", DBType: filter.dbType, ZoneId: filter.zoneId, DBVersion: filter.dbVersion,
  }, { schema: availableZones }));
  // Engine names type and version together ("PostgreSQL14", "MySQL8.0").
  return r.AvailableZones.flatMap((zz) => zz.SupportedEngines.flatMap((e) => {
    const named = engineOf(e.Engine);
    if (filter.dbVersion && named && named.version !== filter.dbVersion) return [];
    return e.AvailableResources.map((x) => ({ zoneId: zz.ZoneId, engine: named?.engine ?? e.Engine, dbVersion: named?.version, dbNodeClass: x.DBNodeClass, category: x.Category }));
  }));
}

// ---------------------------------------------------------------------------------------------
// Pending maintenance (DescribePendingMaintenanceAction[s])

export const MAINTENANCE_TASK_TYPES = ["DatabaseSoftwareUpgrading", "DatabaseHardwareMaintenance", "DatabaseStorageUpgrading", "DatabaseProxyUpgrading"] as const;
export type MaintenanceTaskType = (typeof MAINTENANCE_TASK_TYPES)[number];

const maintenanceItem = z.looseObject({
  Id: looseNumber, DBClusterId: z.string(), Region: z.string().optional(), DBType: z.string().optional(), DBVersion: looseString.optional(),
  TaskType: z.string(), Status: looseNumber, ResultInfo: z.string().nullish(), PrepareInterval: z.string().nullish(),
  StartTime: z.string().nullish(), SwitchTime: z.string().nullish(), Deadline: z.string().nullish(), CreatedTime: z.string().nullish(), ModifiedTime: z.string().nullish(),
});
const maintenancePage = z.looseObject({ TotalRecordCount: looseNumber.optional(), Items: listOf(maintenanceItem) });
const maintenanceCounts = z.looseObject({ TypeList: listOf(z.looseObject({ TaskType: z.string(), Count: looseNumber })) });

export interface MaintenanceEvent {
  id: number; dbClusterId: string; region?: string; dbType?: string; dbVersion?: string; taskType: string;
  /** 2 waiting for a start time, 3 waiting, 4 running; history: 5 done, 6 failed, 7 cancelled. */
  status: number; resultInfo?: string; prepareInterval?: string;
  startTime?: string; switchTime?: string; deadline?: string; createdTime?: string; modifiedTime?: string;
}

/**
 * DescribePendingMaintenanceAction, every page: maintenance events of one region (or `"all"`),
 * optionally of one type and cluster; `history: true` lists finished ones.
 */
export async function getPendingMaintenanceEvents(filter: { region?: string; taskType?: MaintenanceTaskType | "all"; dbClusterId?: string; history?: boolean } = {}, opts: FunctionOptions = {}): Promise<MaintenanceEvent[]> {
  const region = filter.region ?? opts.regionId ?? "all";
  // The API: with Region=all, TaskType must be all too; filter by type here instead.
  const taskType = region === "all" ? "all" : filter.taskType ?? "all";
  return withClient(polardb(opts), async (c) => {
    const out: MaintenanceEvent[] = [];
    for (let page = 1; ; page++) {
      const r = await c.request("DescribePendingMaintenanceAction", { Region: region, TaskType: taskType, IsHistory: filter.history ? 1 : 0, PageSize: 100, PageNumber: page }, { schema: maintenancePage });
      for (const e of r.Items) {
        out.push({
          id: e.Id, dbClusterId: e.DBClusterId, region: e.Region, dbType: e.DBType, dbVersion: e.DBVersion, taskType: e.TaskType, status: e.Status,
          resultInfo: e.ResultInfo ?? undefined, prepareInterval: e.PrepareInterval ?? undefined, startTime: e.StartTime ?? undefined,
          switchTime: e.SwitchTime ?? undefined, deadline: e.Deadline ?? undefined, createdTime: e.CreatedTime ?? undefined, modifiedTime: e.ModifiedTime ?? undefined,
        });
      }
      if (r.Items.length < 100 || page * 100 >= (r.TotalRecordCount ?? Infinity)) break;
    }
    return out.filter((e) => (!filter.dbClusterId || e.dbClusterId === filter.dbClusterId) && (!filter.taskType || filter.taskType === "all" || e.taskType === filter.taskType));
  });
}

/** DescribePendingMaintenanceActions: how many events of each type a region has. */
export async function getPendingMaintenanceCounts(filter: { history?: boolean } = {}, opts: FunctionOptions = {}): Promise<Record<string, number>> {
  const r = await withClient(polardb(opts), (c) => c.request("DescribePendingMaintenanceActions", { IsHistory: filter.history ? 1 : 0 }, { schema: maintenanceCounts }));
  return Object.fromEntries(r.TypeList.map((t) => [t.TaskType, t.Count]));
}

/**
 * ModifyPendingMaintenanceAction: moves events' switch time (UTC; no later than each event's
 * deadline). A change, not a read: call it from a script, or guard it in a program.
 */
export async function reschedulePendingMaintenance(ids: readonly number[], switchTime: Date, opts: FunctionOptions = {}): Promise<void> {
  if (!ids.length) throw new Error("reschedulePendingMaintenance: give at least one event id");
  if (Number.isNaN(switchTime.getTime())) throw new Error("reschedulePendingMaintenance: switchTime is not a valid date");
  await withClient(polardb(opts), (c) => c.request("ModifyPendingMaintenanceAction", {
    Ids: ids.join(","), SwitchTime: switchTime.toISOString().replace(/\.\d{3}Z$/, "Z"),
  }));
}

// ---------------------------------------------------------------------------------------------
// Seed 000: GenerateUpgradeReportForSyncClone

export interface UpgradeReportRequest {
  /** The PolarDB cluster to check (source of the sync clone). */
  sourceDbClusterId: string;
  /** Target version: MySQL 5.6 / 5.7 / 8.0, Oracle-compatible 14. */
  dbVersion: string;
  /** MigrationFromRDS or UpgradeFromPolarDB. */
  creationOption: "MigrationFromRDS" | "UpgradeFromPolarDB";
  /** Normal or SENormal. */
  creationCategory: "Normal" | "SENormal";
  dbType?: "MySQL" | "Oracle";
  /** PostgreSQL (Oracle-compatible) only: one database. */
  dbName?: string;
}

/**
 * Seed 000, GenerateUpgradeReportForSyncClone: starts an asynchronous pre-upgrade report for a
 * sync clone and returns its task id. A function, not a resource: the report cannot be read,
 * changed or deleted through any API, so a resource would have nothing to refresh or destroy —
 * and each call starts a new report, so in a program guard it with `pulumi.runtime.isDryRun()`.
 */
export async function generateUpgradeReportForSyncClone(req: UpgradeReportRequest, opts: FunctionOptions = {}): Promise<{ taskId: number; sourceDbClusterId: string }> {
  if (!/^pc-[a-z0-9]+$/.test(req.sourceDbClusterId)) throw new Error(`generateUpgradeReportForSyncClone: sourceDbClusterId "${req.sourceDbClusterId}" is not a cluster id such as "pc-bp1…"`);
  const r = await withClient(polardb(opts), (c) => c.request("GenerateUpgradeReportForSyncClone", {
    SourceDBClusterId: req.sourceDbClusterId, DBVersion: req.dbVersion, CreationOption: req.creationOption,
    CreationCategory: req.creationCategory, DBType: req.dbType, DBName: req.dbName,
  }, { schema: z.looseObject({ TaskId: looseNumber, SourceDBClusterId: z.string().optional() }) }));
  return { taskId: r.TaskId, sourceDbClusterId: r.SourceDBClusterId ?? req.sourceDbClusterId };
}

// ---------------------------------------------------------------------------------------------
// Cloud migration tasks (seed 001), without the clear-text SourcePassword the API echoes

export interface CloudMigrationTaskSummary {
  taskId: number; taskName?: string; migrateStage?: string; replicationState?: string; detail?: string;
  gmtCreated?: string; gmtModified?: string; switchTime?: string; sourceIpAddress?: string; sourcePort?: number; sourceAccount?: string; sourceCategory?: string;
}

/** DescribeCloudMigrationResult, every page: the migration tasks of an RDS instance (passwords never returned). */
export async function getCloudMigrationTasks(dbInstanceName: string, filter: { taskId?: number; taskName?: string } = {}, opts: FunctionOptions = {}): Promise<CloudMigrationTaskSummary[]> {
  return withClient(rds(opts), async (c) => {
    const out: CloudMigrationTaskSummary[] = [];
    for (let page = 1; ; page++) {
      const r = await c.request("DescribeCloudMigrationResult", { DBInstanceName: dbInstanceName, TaskId: filter.taskId, TaskName: filter.taskName, PageNumber: page, PageSize: 50 }, { schema: migrationResult });
      const items = r.Items ?? [];
      for (const t of items) {
        out.push({
          taskId: t.TaskId, taskName: t.TaskName ?? undefined, migrateStage: t.MigrateStage ?? undefined, replicationState: t.ReplicationState ?? undefined,
          detail: detailLines(t.Detail).join("\n"), gmtCreated: timeOrUndefined(t.GmtCreated), gmtModified: timeOrUndefined(t.GmtModified),
          switchTime: timeOrUndefined(t.SwitchTime), sourceIpAddress: t.SourceIpAddress ?? undefined,
          sourcePort: t.SourcePort === undefined || t.SourcePort === null ? undefined : Number(t.SourcePort), sourceAccount: t.SourceAccount ?? undefined, sourceCategory: t.SourceCategory ?? undefined,
        });
      }
      if (items.length < 50 || out.length >= (r.TotalSize ?? Infinity)) return out;
    }
  });
}
