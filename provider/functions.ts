/**
 * Read-only functions over the API, usable in Pulumi programs (wrap in pulumi.output()) and in
 * plain scripts: typed results, lenient parsing of the documented shapes, credentials and
 * endpoints resolved like the resources' (explicit options, else the environment and profile).
 */
import { z } from "zod";
import { ClientOptions, PolarDBClient, RdsClient, RpcClient } from "./client";
import { listOf, looseBool, looseNumber, looseString } from "./spec";

export type FunctionOptions = ClientOptions;

async function withClient<T>(make: () => RpcClient, run: (c: RpcClient) => Promise<T>): Promise<T> {
  const client = make();
  try { return await run(client); } finally { await client.close(); }
}
const polardb = (o: FunctionOptions) => () => new PolarDBClient(o);
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
          startTime: ms(t.StartTime), switchTime: ms(t.SwitchTime), endTime: ms(t.EndTime), detail: t.Detail, cutOver: t.cutOver,
        });
      }
      if (r.Items.length < 100 || out.length >= (r.TotalRecordCount ?? Infinity)) return out;
    }
  });
}
