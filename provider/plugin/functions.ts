/**
 * The read-only functions of provider/functions.ts as Invoke tokens (`polardb:index:getClusters`):
 * one table of argument schemas (zod: validation here, the schema's inputs in generate-schema)
 * and calls. Each answers `{ items }` (getPendingMaintenanceCounts: `{ counts }`), dates as ISO
 * strings, with the provider's configured region, endpoints and credentials.
 */
import { pluginToken } from "../type-tokens";
import { z } from "zod";
import * as fns from "../functions";

/** The client options the configured provider gives a function call (region, endpoint, credentials). */
export type ClientFor = (product: "polardb" | "rds", regionId?: string) => fns.FunctionOptions;

export interface PluginFunction {
  description: string;
  args: z.ZodObject<any>;
  /** The one output property and its description. */
  output: { name: string; description: string; type: "array" | "object" };
  run: (args: any, client: ClientFor) => Promise<unknown>;
}

const opt = z.string().optional();
const describe = <T extends z.ZodType>(s: T, d: string) => s.describe(d);

export const FUNCTIONS: Record<string, PluginFunction> = {
  getRegions: {
    description: "DescribeRegions: the regions and zones where PolarDB is sold.",
    args: z.strictObject({}),
    output: { name: "items", description: "{ regionId, zones } per region.", type: "array" },
    run: (_a, c) => fns.getRegions(c("polardb")),
  },
  getClusters: {
    description: "DescribeDBClusters, every page: the clusters of the configured region, optionally filtered.",
    args: z.strictObject({
      dbType: describe(opt, "MySQL, PostgreSQL or Oracle."), description: describe(opt, "The cluster description to match."),
      status: describe(opt, "The status to match (Running, …)."), tags: describe(z.record(z.string(), z.string()).optional(), "Tags every cluster must carry."),
    }),
    output: { name: "items", description: "Cluster summaries: dbClusterId, description, status, dbType, dbVersion, dbNodeClass, payType, zoneId, vpcId, deletionLock, tags.", type: "array" },
    run: (a, c) => fns.getClusters(a, c("polardb")),
  },
  getTasks: {
    description: "DescribeTasks: a cluster's tasks in a time window (default: the last 24 hours).",
    args: z.strictObject({
      dbClusterId: describe(z.string(), "The cluster (pc-…)."), since: describe(opt, "Start of the window (ISO time)."),
      until: describe(opt, "End of the window (ISO time)."), status: describe(opt, "The task status to match."),
    }),
    output: { name: "items", description: "Tasks: taskId, action, status, progress, beginTime, finishTime, remainSeconds, step, errorCode, errorMessage.", type: "array" },
    run: (a, c) => fns.getTasks(a.dbClusterId, { since: a.since ? new Date(a.since) : undefined, until: a.until ? new Date(a.until) : undefined, status: a.status }, c("polardb")),
  },
  getAvailableResources: {
    description: "DescribeDBClusterAvailableResources: the zones, versions and node classes sold in the configured region.",
    args: z.strictObject({ dbType: opt, zoneId: opt, payType: z.enum(["Postpaid", "Prepaid"]).optional(), dbVersion: opt }),
    output: { name: "items", description: "{ zoneId, engine, dbVersion, dbNodeClass, category } per offer.", type: "array" },
    run: (a, c) => fns.getAvailableResources(a, c("polardb")),
  },
  getPendingMaintenanceEvents: {
    description: "DescribePendingMaintenanceActions: maintenance the cloud has scheduled (or, with history, carried out).",
    args: z.strictObject({
      region: opt, taskType: z.enum([...fns.MAINTENANCE_TASK_TYPES, "all"]).optional(), dbClusterId: opt, history: z.boolean().optional(),
    }),
    output: { name: "items", description: "Maintenance events.", type: "array" },
    run: (a, c) => fns.getPendingMaintenanceEvents(a, c("polardb")),
  },
  getPendingMaintenanceCounts: {
    description: "DescribePendingMaintenanceActions: how many maintenance events are pending, by task type.",
    args: z.strictObject({ history: z.boolean().optional() }),
    output: { name: "counts", description: "Task type → number of events.", type: "object" },
    run: (a, c) => fns.getPendingMaintenanceCounts(a, c("polardb")),
  },
  getUpgradeMajorVersionTasks: {
    description: "RDS DescribeUpgradeMajorVersionTasks: an RDS PostgreSQL instance's major-version upgrades.",
    args: z.strictObject({ dbInstanceId: describe(z.string(), "The RDS instance (pgm-…)."), targetMajorVersion: opt }),
    output: { name: "items", description: "Upgrade tasks.", type: "array" },
    run: (a, c) => fns.getUpgradeMajorVersionTasks(a.dbInstanceId, { targetMajorVersion: a.targetMajorVersion }, c("rds")),
  },
  getCloudMigrationTasks: {
    description: "RDS DescribeCloudMigrationResult: the migration tasks of an RDS instance (passwords never returned).",
    args: z.strictObject({ dbInstanceName: describe(z.string(), "The RDS instance (pgm-…)."), taskId: z.number().optional(), taskName: opt }),
    output: { name: "items", description: "Migration tasks.", type: "array" },
    run: (a, c) => fns.getCloudMigrationTasks(a.dbInstanceName, { taskId: a.taskId, taskName: a.taskName }, c("rds")),
  },
};

export const functionToken = pluginToken; // functions share the resources' module: `polardb:index:getClusters`

/** JSON-clean results: dates as ISO strings, undefined dropped. */
export function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v ?? null));
}
