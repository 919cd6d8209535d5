/**
 * PolarDB `GenerateUpgradeReportForSyncClone` (seed 000): validates the request, checks the
 * source cluster, records an asynchronous report task and answers `{SourceDBClusterId, TaskId}`.
 * The seeds name no API that reads the report, so the task is only kept in the saved state.
 */
import type { DispatchRequest } from "../backend-api";
import { polardbErrors } from "./errors";
import { POLARDB_RULES, readParams } from "./params";
import { nextId, RdsContext, ReportTask } from "./state";

/** The seed's DBVersion values per DBType. */
const VERSIONS: Record<"MySQL" | "Oracle", readonly string[]> = { MySQL: ["5.6", "5.7", "8.0"], Oracle: ["14"] };
/** The seed shows only MigrationFromRDS; UpgradeFromPolarDB is the second value of the public reference (digest B.3). */
const CREATION_OPTIONS = ["MigrationFromRDS", "UpgradeFromPolarDB"] as const;
const CREATION_CATEGORIES = ["Normal", "SENormal"] as const;
/** One database name ("You can specify only one database name"): no list separators. */
const ONE_DB_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

export function reportActions(ctx: RdsContext) {
  return {
    GenerateUpgradeReportForSyncClone(req: DispatchRequest) {
      const p = readParams(req.params, POLARDB_RULES);
      const clusterId = p.required("SourceDBClusterId");
      const dbVersion = p.required("DBVersion");
      const creationOption = p.requiredChoice("CreationOption", CREATION_OPTIONS);
      const creationCategory = p.requiredChoice("CreationCategory", CREATION_CATEGORIES);
      const dbType = p.optionalChoice("DBType", ["MySQL", "Oracle"] as const);
      // Without DBType the version names the engine: 14 is Oracle-compatible, the rest MySQL ([O-G10]).
      const engine = dbType ?? (VERSIONS.Oracle.includes(dbVersion) ? "Oracle" : "MySQL");
      if (!VERSIONS[engine].includes(dbVersion)) p.reject("DBVersion");
      const dbName = p.optional("DBName", ONE_DB_NAME);
      if (dbName !== undefined && engine !== "Oracle") p.reject("DBName"); // PostgreSQL (Oracle Compatible) only
      const reserve = p.optional("Reserve");
      if (reserve !== undefined && !isJsonObject(reserve)) p.reject("Reserve", "malformed");
      p.optional("RegionId");

      const cluster = ctx.lookupCluster(clusterId);
      if (!cluster) throw polardbErrors.clusterNotFound();
      if (cluster.DBType !== engine) throw polardbErrors.differentEngine();

      const task: ReportTask = {
        TaskId: nextId(ctx, "report"),
        SourceDBClusterId: clusterId,
        DBVersion: dbVersion,
        CreationOption: creationOption,
        CreationCategory: creationCategory,
        createdAt: ctx.clock.now(),
        ...(dbType ? { DBType: dbType } : {}),
        ...(dbName ? { DBName: dbName } : {}),
      };
      ctx.state().reports.push(task);
      return { SourceDBClusterId: clusterId, TaskId: task.TaskId };
    },
  };
}
