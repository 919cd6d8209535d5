/**
 * The RDS side of the emulator (Version 2014-08-15) for the seed's migration and upgrade APIs
 * (seeds 004, 001, 002) and PolarDB's GenerateUpgradeReportForSyncClone (seed 000).
 *
 * A migration whose SourceIpAddress lies in 192.0.2.0/24 (the documentation range, RFC 5737)
 * FAILS deterministically at the precheck stage: the source is unreachable. Tests use it.
 */
import type { DispatchRequest } from "./backend-api";
import type { Clock } from "./clock";
import { codes } from "./codes";
import { EmulatorError } from "./errors";
import { int, iso, oneOf, optional, Params, required } from "./params";

export interface RdsPart {
  actions: { rds: Record<string, (p: Params, req: DispatchRequest) => Record<string, unknown>>; polardb: Record<string, (p: Params, req: DispatchRequest) => Record<string, unknown>> };
  save(): unknown;
  load(s: unknown): void;
}

interface Instance { DBInstanceId: string; EngineVersion: string; DBInstanceStatus: string; ZoneId: string; RegionId: string }
interface Migration {
  TaskId: number; TaskName: string; DBInstanceName: string; SourceIpAddress: string; SourcePort: number; SourceAccount: string;
  SourcePassword: string; SourceCategory: string; createdAt: number; fails: boolean;
}
interface RdsState { instances: Instance[]; migrations: Migration[]; upgrades: Array<Record<string, unknown>>; reports: number }

const MIN = 60_000;
/** Realistic stage boundaries of a migration (ms after creation). */
const STAGES: Array<[string, number, string]> = [
  ["precheck", 0, "unstarted"], ["basebackup", 2 * MIN, "unstarted"], ["startup", 6 * MIN, "catchup"],
  ["increment", 7 * MIN, "streaming"], ["switch", 9 * MIN, "streaming"], ["success", 10 * MIN, "finish"],
];

const instanceNotFound = () => new EmulatorError("InvalidDBInstanceId.NotFound", "Specified instance does not exist or not support.", 404);
const migrationConflict = () => new EmulatorError("OperationDenied.TaskExists", "A cloud migration task already runs on the specified instance.", 403);

export function createRdsPart(opts: { clock: Clock; rng: () => number; lookupCluster(id: string): { DBClusterId: string; DBType: string; DBVersion: string } | undefined }): RdsPart {
  const { clock, rng } = opts;
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(rng() * 16)]).join("");
  const defaults = (): RdsState => {
    const base = Date.UTC(2026, 0, 10);
    const instances = ["pgm-bp1demo00000000a1", "pgm-bp1demo00000000b2", "pgm-bp1demo00000000c3"].map((id, i) => ({
      DBInstanceId: id, EngineVersion: ["13.0", "14.0", "11.0"][i], DBInstanceStatus: "Running", ZoneId: "cn-hangzhou-h", RegionId: "cn-hangzhou",
    }));
    const upgrades = [
      { TaskId: 342900000, SourceInsName: instances[2].DBInstanceId, TargetInsName: "pgm-bp1demo00000000d4", SourceMajorVersion: 11, TargetMajorVersion: 12, Result: "Success", UpgradeMode: "switch", CollectStatMode: "After", StartTime: base, SwitchTime: base + 25 * MIN, SwitchEndTime: base + 26 * MIN, EndTime: base + 30 * MIN, Detail: "[Check source instance]\nsuccess\n[Upgrade]\nsuccess\n[Switch]\nsuccess", totalLogicRepLatencyMB: 0, totalLogicRepDelayTime: 0, zeroDownTimeConnectionString: "", zeroDownTimePort: 5432, cutOver: true },
      { TaskId: 342900001, SourceInsName: instances[2].DBInstanceId, TargetInsName: "", SourceMajorVersion: 11, TargetMajorVersion: 13, Result: "Failed", UpgradeMode: "switch", CollectStatMode: "After", StartTime: base + 86400_000, SwitchTime: 0, SwitchEndTime: 0, EndTime: base + 86400_000 + 5 * MIN, Detail: "[Check source instance]\nCheck extensions: failed, extension not supported by the target version", totalLogicRepLatencyMB: 0, totalLogicRepDelayTime: 0, zeroDownTimeConnectionString: "", zeroDownTimePort: 5432, cutOver: false },
    ];
    return { instances, migrations: [], upgrades, reports: 0 };
  };
  let state = defaults();

  const instance = (id: string) => {
    const i = state.instances.find((x) => x.DBInstanceId === id);
    if (!i) throw instanceNotFound();
    return i;
  };

  /** The stage a migration has reached on the clock (lazy: computed on read). */
  function progress(m: Migration) {
    const elapsed = clock.now() - m.createdAt;
    if (m.fails) {
      return { stage: "precheck", replication: "disconnect", failed: true, detail: `[Check source connectivity]\nConnect to ${m.SourceIpAddress}:${m.SourcePort} as ${m.SourceAccount}: failed, the source database is unreachable` };
    }
    let reached = 0;
    STAGES.forEach(([, at], i) => { if (elapsed >= clock.scaled(at)) reached = i; });
    const [stage, , replication] = STAGES[reached];
    const log = STAGES.slice(0, reached + 1).map(([s]) => `[${s}]\n${s}: ${s === stage && stage !== "success" ? "running" : "success"}`).join("\n");
    return { stage, replication, failed: false, detail: log };
  }

  const rds: RdsPart["actions"]["rds"] = {
    DescribeDBInstances: (p) => {
      const pageNumber = int(p, "PageNumber", 1, 2 ** 31 - 1, 1)!;
      const pageSize = int(p, "PageSize", 1, 100, 30)!;
      const rows = state.instances.filter((i) => !optional(p, "DBInstanceId") || p.DBInstanceId.split(",").includes(i.DBInstanceId));
      return {
        PageNumber: pageNumber, PageRecordCount: Math.min(pageSize, rows.length), TotalRecordCount: rows.length,
        Items: { DBInstance: rows.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map((i) => ({ ...i, Engine: "PostgreSQL", DBInstanceType: "Primary", PayType: "Postpaid" })) },
      };
    },

    CreateCloudMigrationTask: (p) => {
      const name = required(p, "DBInstanceName");
      const ip = required(p, "SourceIpAddress");
      const port = int(p, "SourcePort", 1, 65535) ?? (() => { throw codes.missingParameter("SourcePort"); })();
      const account = required(p, "SourceAccount");
      const password = required(p, "SourcePassword");
      const category = oneOf(p, "SourceCategory", ["idcOnVpc", "ecsOnVpc", "internet"]) ?? (() => { throw codes.missingParameter("SourceCategory"); })();
      if (!/^(\d{1,3}\.){3}\d{1,3}$/.test(ip) || ip.split(".").some((o) => Number(o) > 255)) throw codes.invalidParameter("SourceIpAddress");
      instance(name);
      const busy = state.migrations.find((m) => m.DBInstanceName === name && !progress(m).failed && progress(m).stage !== "success");
      if (busy) throw migrationConflict();
      const taskName = optional(p, "TaskName") ?? `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
      const m: Migration = {
        TaskId: 440437220 + state.migrations.length, TaskName: taskName, DBInstanceName: name, SourceIpAddress: ip, SourcePort: port,
        SourceAccount: account, SourcePassword: password, SourceCategory: category, createdAt: clock.now(), fails: ip.startsWith("192.0.2."),
      };
      state.migrations.push(m);
      return { DBInstanceName: name, TaskId: m.TaskId, TaskName: m.TaskName };
    },

    DescribeCloudMigrationResult: (p) => {
      const name = required(p, "DBInstanceName");
      const pageNumber = int(p, "PageNumber", 1, 2 ** 31 - 1) ?? (() => { throw codes.missingParameter("PageNumber"); })();
      const pageSize = int(p, "PageSize", 1, 100) ?? (() => { throw codes.missingParameter("PageSize"); })();
      instance(name);
      const taskId = optional(p, "TaskId");
      const rows = state.migrations.filter((m) => m.DBInstanceName === name && (!taskId || String(m.TaskId) === taskId)
        && (!optional(p, "TaskName") || m.TaskName === p.TaskName) && (!optional(p, "SourceIpAddress") || m.SourceIpAddress === p.SourceIpAddress)
        && (!optional(p, "SourcePort") || String(m.SourcePort) === p.SourcePort));
      return {
        PageNumber: pageNumber, PageSize: pageSize, TotalSize: rows.length,
        Items: rows.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map((m) => {
          const pr = progress(m);
          return {
            TaskId: m.TaskId, TaskName: m.TaskName, TargetInstanceName: m.DBInstanceName, SourceIpAddress: m.SourceIpAddress, SourcePort: m.SourcePort,
            SourceAccount: m.SourceAccount, SourcePassword: m.SourcePassword, SourceCategory: m.SourceCategory.toLowerCase(),
            MigrateStage: pr.stage, ReplicationState: pr.replication, Detail: pr.detail, TargetEip: "null",
            ReplicationInfo: JSON.stringify({ Status: pr.replication, LagBytes: pr.stage === "success" ? 0 : 1024 }),
            GmtCreated: iso(m.createdAt), GmtModified: iso(clock.now()), SwitchTime: pr.stage === "success" ? iso(clock.now()) : "",
          };
        }),
      };
    },

    DescribeUpgradeMajorVersionTasks: (p) => {
      const id = required(p, "DBInstanceId");
      instance(id);
      const pageSize = int(p, "PageSize", 30, 100, 30)!;
      const pageNumber = int(p, "PageNumber", 1, 2 ** 31 - 1, 1)!;
      const target = optional(p, "TargetMajorVersion");
      const rows = state.upgrades.filter((u) => u.SourceInsName === id && (!target || String(u.TargetMajorVersion) === String(parseInt(target, 10))));
      return { PageNumber: pageNumber, PageRecordCount: pageSize, TotalRecordCount: rows.length, Items: rows.slice((pageNumber - 1) * pageSize, pageNumber * pageSize) };
    },
  };

  const polardb: RdsPart["actions"]["polardb"] = {
    GenerateUpgradeReportForSyncClone: (p) => {
      const id = required(p, "SourceDBClusterId");
      required(p, "CreationOption");
      const category = oneOf(p, "CreationCategory", ["Normal", "SENormal"]) ?? (() => { throw codes.missingParameter("CreationCategory"); })();
      const version = required(p, "DBVersion");
      const dbType = oneOf(p, "DBType", ["MySQL", "Oracle"]);
      const allowed = dbType === "Oracle" ? ["14"] : dbType === "MySQL" ? ["5.6", "5.7", "8.0"] : ["5.6", "5.7", "8.0", "14"];
      if (!allowed.includes(version)) throw codes.invalidParameter("DBVersion");
      const reserve = optional(p, "Reserve");
      if (reserve !== undefined) { try { JSON.parse(reserve); } catch { throw codes.invalidParameter("Reserve"); } }
      void category;
      if (!opts.lookupCluster(id) && !state.instances.some((i) => i.DBInstanceId === id)) throw codes.clusterNotFoundAlt();
      state.reports += 1;
      return { SourceDBClusterId: id, TaskId: 2312111 + state.reports };
    },
  };

  return {
    actions: { rds, polardb },
    save: () => structuredClone(state),
    load: (s) => { state = s ? structuredClone(s as RdsState) : defaults(); },
  };
}
