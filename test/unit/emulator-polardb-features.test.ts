/**
 * The PolarDB backend on a hand-moved clock: CreateDBCluster's options and clones, scheduled
 * tasks (window rules, firing, expiry, cancelling), the primary-zone move, failover rules,
 * renewal and manual backups — with the documented codes for the unhappy paths.
 */
import { createBackend } from "../../emulator/backend";
import type { DispatchRequest } from "../../emulator/backend-api";
import { manualClock } from "../../emulator/clock";
import { fireScheduleTask, holdScheduleTasks } from "../../emulator/polardb/schedule-tasks";
import { DEFAULT_INSTANCES } from "../../emulator/rds/index";

const MIN = 60_000;
const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function world() {
  const clock = manualClock(Date.UTC(2026, 0, 1), 1);
  const backend = createBackend({ clock, seed: 11 });
  const call = (action: string, params: Record<string, string> = {}): any =>
    backend.dispatch({ product: "polardb", action, version: "2017-08-01", params, accessKeyId: "k", requestId: "r" } as DispatchRequest);
  const code = (action: string, params: Record<string, string>) => { try { call(action, params); return "OK"; } catch (e: any) { return e.code; } };
  const status = (id: string) => call("DescribeDBClusterAttribute", { DBClusterId: id }).DBClusterStatus;
  const create = (extra: Record<string, string> = {}) => {
    const { DBClusterId } = call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", ZoneId: "cn-hangzhou-h", ...extra });
    clock.advance(20 * MIN); // created (~5 min) and its first automated backup done (~5 min more)
    return DBClusterId as string;
  };
  return { clock, backend, call, code, status, create };
}

describe("CreateDBCluster options", () => {
  test("engine restrictions: can-only-be rules refuse, takes-effect-only rules are ignored", () => {
    const w = world();
    const pg = { DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium" };
    const base = { RegionId: "cn-hangzhou", PayType: "Postpaid" };
    expect(w.code("CreateDBCluster", { ...base, ...pg, CreationOption: "CloneFromRDS", SourceResourceId: DEFAULT_INSTANCES.mysql57 })).toBe("InvalidCreationOption.ValueNotSupported");
    expect(w.code("CreateDBCluster", { ...base, DBType: "MySQL", DBVersion: "5.7", DBNodeClass: "polar.mysql.x4.medium", CreationOption: "CreateGdnStandby", GDNId: "gdn-abc" })).toBe("InvalidCreationOption.ValueNotSupported");
    expect(w.code("CreateDBCluster", { ...base, DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", CreationOption: "CreateGdnStandby" })).toBe("MissingParameter");
    expect(w.code("CreateDBCluster", { ...base, DBType: "MySQL", DBVersion: "5.7", DBNodeClass: "polar.mysql.x4.medium", CreationCategory: "ArchiveNormal" })).toBe("InvalidParameter");
    expect(w.code("CreateDBCluster", { ...base, DBType: "MySQL", DBVersion: "5.7", DBNodeClass: "polar.mysql.x4.medium", DBMinorVersion: "8.0.1" })).toBe("InvalidDBMinorVersion.ValueNotSupported");
    expect(w.code("CreateDBCluster", { ...base, ...pg, DefaultTimeZone: "-13:00" })).toBe("InvalidDefaultTimeZone.Malformed");
    expect(w.code("CreateDBCluster", { ...base, ...pg, LowerCaseTableNames: "2" })).toBe("InvalidLowerCaseTableNames.Malformed");
    expect(w.code("CreateDBCluster", { ...base, ...pg, SecurityIPList: "10.0.0.300" })).toBe("InvalidParameter");
    expect(w.code("CreateDBCluster", { ...base, ...pg, ParameterGroupId: "pcpg-abc" })).toBe("InvalidParameter");
    // LowerCaseTableNames takes effect for MySQL only: accepted and ignored on PostgreSQL
    const { DBClusterId } = w.call("CreateDBCluster", { ...base, ...pg, LowerCaseTableNames: "0", TDEStatus: "true", SecurityIPList: "10.0.0.0/24,10.1.1.1" });
    const c = w.backend.data().clusters[DBClusterId];
    expect(c.options).toMatchObject({ CreationOption: "Normal", TDEStatus: true });
    expect(c.options!.LowerCaseTableNames).toBeUndefined();
    expect(w.call("DescribeDBClusterAccessWhitelist", { DBClusterId }).Items.DBClusterIPArray[0].SecurityIps).toBe("10.0.0.0/24,10.1.1.1");
    // TDEStatus has no effect on MySQL
    const mysql = w.create({ TDEStatus: "true", DBMinorVersion: "8.0.2", LowerCaseTableNames: "0", DefaultTimeZone: "+08:00" });
    expect(w.backend.data().clusters[mysql].options).toMatchObject({ TDEStatus: false, DBMinorVersion: "8.0.2", LowerCaseTableNames: "0", DefaultTimeZone: "+08:00" });
  });

  test("Basic is single-node; Prepaid gets renewal settings; ArchiveNormal reads Archive", () => {
    const w = world();
    const basic = w.create({ CreationCategory: "Basic" });
    expect(w.call("DescribeDBClusterAttribute", { DBClusterId: basic }).DBNodes).toHaveLength(1);
    const archive = w.create({ CreationCategory: "ArchiveNormal", PayType: "Prepaid", Period: "Month", UsedTime: "2", AutoRenew: "true" });
    expect(w.call("DescribeDBClusterAttribute", { DBClusterId: archive })).toMatchObject({ Category: "Archive", PayType: "Prepaid" });
    expect(w.call("DescribeAutoRenewAttribute", { RegionId: "cn-hangzhou", DBClusterIds: archive }).Items.AutoRenewAttribute[0])
      .toMatchObject({ AutoRenewEnabled: true, RenewalStatus: "AutoRenewal", PeriodUnit: "Month", Duration: 1 });
    w.call("ModifyAutoRenewAttribute", { RegionId: "cn-hangzhou", DBClusterIds: archive, RenewalStatus: "NotRenewal", PeriodUnit: "Year", Duration: "2" });
    expect(w.call("DescribeAutoRenewAttribute", { RegionId: "cn-hangzhou", DBClusterIds: archive }).Items.AutoRenewAttribute[0])
      .toMatchObject({ AutoRenewEnabled: false, RenewalStatus: "NotRenewal", PeriodUnit: "Year", Duration: 2 });
    expect(w.code("ModifyAutoRenewAttribute", { RegionId: "cn-hangzhou", DBClusterIds: archive, PeriodUnit: "Month", Duration: "5" })).toBe("InvalidParameter");
    expect(w.code("ModifyAutoRenewAttribute", { RegionId: "cn-hangzhou", DBClusterIds: basic })).toBe("InvalidParameter");
  });

  test("CloneFromPolarDB copies accounts and databases; the source must exist and fit", () => {
    const w = world();
    const src = w.create();
    w.call("CreateAccount", { DBClusterId: src, AccountName: "app", AccountPassword: "Pa55word!x", AccountType: "Normal" });
    w.clock.advance(MIN);
    w.call("CreateDatabase", { DBClusterId: src, DBName: "orders", CharacterSetName: "utf8mb4", AccountName: "app" });
    w.clock.advance(MIN);
    const base = { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid" };
    expect(w.code("CreateDBCluster", { ...base, CreationOption: "CloneFromPolarDB" })).toBe("MissingParameter");
    expect(w.code("CreateDBCluster", { ...base, CreationOption: "CloneFromPolarDB", SourceResourceId: "pc-nope" })).toBe("InvalidDBClusterId.NotFound");
    expect(w.code("CreateDBCluster", { ...base, DBVersion: "5.7", CreationOption: "CloneFromPolarDB", SourceResourceId: src })).toBe("EngineVersionNotSupported");
    expect(w.code("CreateDBCluster", { ...base, DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", CreationOption: "CloneFromPolarDB", SourceResourceId: src })).toBe("EngineNotSupported");
    expect(w.code("CreateDBCluster", { ...base, CreationOption: "CloneFromPolarDB", SourceResourceId: src, CloneDataPoint: "999" })).toBe("InvalidBackupId.NotFound");
    expect(w.code("CreateDBCluster", { ...base, CreationOption: "CloneFromPolarDB", SourceResourceId: src, CloneDataPoint: at(w.clock.now() + 3_600_000) })).toBe("InvalidParameter");
    const backup = w.call("DescribeBackups", { DBClusterId: src, StartTime: "2025-12-31T00:00Z", EndTime: "2026-01-02T00:00Z" }).Items.Backup[0];
    expect(backup).toMatchObject({ BackupMode: "Automated", BackupStatus: "Success", StoreStatus: "Disabled" });
    const { DBClusterId: clone } = w.call("CreateDBCluster", { ...base, CreationOption: "CloneFromPolarDB", SourceResourceId: src, CloneDataPoint: backup.BackupId });
    w.clock.advance(10 * MIN);
    expect(w.call("DescribeAccounts", { DBClusterId: clone }).Accounts.map((a: any) => a.AccountName)).toEqual(["app"]);
    expect(w.call("DescribeDatabases", { DBClusterId: clone }).Databases.Database.map((d: any) => d.DBName)).toEqual(["orders"]);
  });

  test("CloneFromRDS / MigrationFromRDS take an RDS MySQL 5.6/5.7/8.0 local-SSD source; a migration is read-only", () => {
    const w = world();
    const base = { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "5.7", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid" };
    expect(w.code("CreateDBCluster", { ...base, CreationOption: "CloneFromRDS", SourceResourceId: "rm-nope" })).toBe("InvalidParameter");
    expect(w.code("CreateDBCluster", { ...base, CreationOption: "CloneFromRDS", SourceResourceId: DEFAULT_INSTANCES.target })).toBe("EngineNotSupported");
    expect(w.code("CreateDBCluster", { ...base, DBVersion: "5.6", CreationOption: "CloneFromRDS", SourceResourceId: DEFAULT_INSTANCES.mysql57 })).toBe("EngineVersionNotSupported");
    expect(w.code("CreateDBCluster", { ...base, CreationOption: "CloneFromRDS", SourceResourceId: DEFAULT_INSTANCES.mysql57, CloneDataPoint: "2025-12-31T00:00:00Z" })).toBe("InvalidCloneDataPoint.ValueNotSupported");
    const { DBClusterId } = w.call("CreateDBCluster", { ...base, CreationOption: "MigrationFromRDS", SourceResourceId: DEFAULT_INSTANCES.mysql57 });
    expect(w.backend.data().clusters[DBClusterId]).toMatchObject({ readOnly: true, options: { CreationOption: "MigrationFromRDS", SourceResourceId: DEFAULT_INSTANCES.mysql57, CloneDataPoint: "LATEST" } });
    // Today's reference: an RDS MySQL 8.0 source too (Terraform's acceptance tests clone one); the version must match.
    const eight = { ...base, DBVersion: "8.0" };
    expect(w.code("CreateDBCluster", { ...eight, CreationOption: "CloneFromRDS", SourceResourceId: DEFAULT_INSTANCES.mysql57 })).toBe("EngineVersionNotSupported");
    const clone = w.call("CreateDBCluster", { ...eight, CreationOption: "CloneFromRDS", SourceResourceId: DEFAULT_INSTANCES.mysql80 });
    expect(w.backend.data().clusters[clone.DBClusterId]).toMatchObject({ DBVersion: "8.0", options: { CreationOption: "CloneFromRDS", SourceResourceId: DEFAULT_INSTANCES.mysql80 } });
    expect(w.code("CreateDBCluster", { ...base, DBType: "PostgreSQL", DBVersion: "14", DBNodeClass: "polar.pg.x4.medium", CreationOption: "MigrationFromRDS", SourceResourceId: DEFAULT_INSTANCES.mysql80 })).toBe("InvalidCreationOption.ValueNotSupported");
  });
});

describe("scheduled tasks", () => {
  test("window rules, one pending task per cluster, firing on the clock, finish", () => {
    const w = world();
    const id = w.create();
    const now = w.clock.now();
    const cls = { DBClusterId: id, ModifyType: "Upgrade", DBNodeTargetClass: "polar.mysql.x8.large" };
    expect(w.code("ModifyDBNodeClass", { ...cls, PlannedStartTime: at(now + 25 * 3_600_000) })).toBe("InvalidParameter");
    expect(w.code("ModifyDBNodeClass", { ...cls, PlannedStartTime: at(now - 10 * MIN) })).toBe("InvalidParameter");
    expect(w.code("ModifyDBNodeClass", { ...cls, PlannedStartTime: at(now + 60 * MIN), PlannedEndTime: at(now + 70 * MIN) })).toBe("InvalidParameter");
    expect(w.code("ModifyDBNodeClass", { ...cls, PlannedEndTime: at(now + 70 * MIN) })).toBe("MissingParameter");
    const r = w.call("ModifyDBNodeClass", { ...cls, PlannedStartTime: at(now + 60 * MIN) });
    expect(w.status(id)).toBe("Running"); // nothing happens before the window
    expect(w.code("ModifyDBClusterPrimaryZone", { DBClusterId: id, ZoneId: "cn-hangzhou-i", PlannedStartTime: at(now + 90 * MIN) })).toBe("ScheduleTaskExist");
    let t = w.call("DescribeScheduleTasks", { DBClusterId: id }).Data;
    expect(t).toMatchObject({ TotalRecordCount: 1, PageNumber: 1, PageSize: 30 });
    expect(t.TimerInfos[0]).toMatchObject({ Action: "ModifyDBNodeClass", Status: "pending", OrderId: r.OrderId, PlannedStartTime: at(now + 60 * MIN).slice(0, 16) + "Z", PlannedEndTime: at(now + 90 * MIN).slice(0, 16) + "Z", Region: "cn-hangzhou" });
    w.clock.advance(61 * MIN);
    expect(w.status(id)).toBe("ClassChanging");
    expect(w.call("DescribeScheduleTasks", { Status: "executing" }).Data.TimerInfos).toHaveLength(1);
    expect(w.code("CancelScheduleTasks", { DBClusterId: id, TaskId: t.TimerInfos[0].TaskId })).toBe("OperationDenied.IncorrectTaskStatus");
    w.clock.advance(10 * MIN);
    t = w.call("DescribeScheduleTasks", { DBClusterId: id, TaskAction: "ModifyDBNodeClass" }).Data;
    expect(t.TimerInfos[0]).toMatchObject({ Status: "finish", DbClusterStatus: "Running" });
    expect(w.call("DescribeDBClusterAttribute", { DBClusterId: id }).DBNodes.every((n: any) => n.DBNodeClass === "polar.mysql.x8.large")).toBe(true);
    expect(w.code("CancelScheduleTasks", { DBClusterId: id, TaskId: t.TimerInfos[0].TaskId })).toBe("OperationDenied.IncorrectTaskStatus");
    expect(w.code("CancelScheduleTasks", { DBClusterId: id, TaskId: "nope" })).toBe("InvalidTaskId.NotFound");
    expect(w.code("DescribeScheduleTasks", { Status: "done" })).toBe("InvalidParameter");
  });

  test("a window that opened and closed while nobody asked: the task still fired in it (lazy transitions judge at their due time)", () => {
    const w = world();
    const id = w.create();
    const now = w.clock.now();
    w.call("ModifyDBNodeClass", { DBClusterId: id, ModifyType: "Upgrade", DBNodeTargetClass: "polar.mysql.x8.large", PlannedStartTime: at(now + 60 * MIN) });
    w.clock.advance(3 * 60 * MIN); // past the whole window (60–90 min) without a request
    const t = w.call("DescribeScheduleTasks", { DBClusterId: id }).Data.TimerInfos[0];
    expect(t.Status).not.toBe("expired");
    w.clock.advance(10 * MIN);
    expect(w.call("DescribeScheduleTasks", { DBClusterId: id }).Data.TimerInfos[0].Status).toBe("finish");
    expect(w.call("DescribeDBClusterAttribute", { DBClusterId: id }).DBNodes.every((n: any) => n.DBNodeClass === "polar.mysql.x8.large")).toBe(true);
  });

  test("held tasks: neither fire nor expire with the clock; fireScheduleTask opens the window now, for its length", () => {
    const w = world();
    const id = w.create();
    const other = world(); // another backend: not held
    const otherId = other.create();
    holdScheduleTasks(w.clock, true);
    const cls = { ModifyType: "Upgrade", DBNodeTargetClass: "polar.mysql.x8.large", PlannedStartTime: at(w.clock.now() + 60 * MIN) };
    w.call("ModifyDBNodeClass", { DBClusterId: id, ...cls });
    other.call("ModifyDBNodeClass", { DBClusterId: otherId, ...cls, PlannedStartTime: at(other.clock.now() + 60 * MIN) });
    const task = () => w.call("DescribeScheduleTasks", { DBClusterId: id }).Data.TimerInfos[0];
    const { TaskId } = task();
    w.clock.advance(24 * 60 * MIN); // the window (60–90 min) long past
    other.clock.advance(24 * 60 * MIN);
    expect({ task: task().Status, cluster: w.status(id) }).toEqual({ task: "pending", cluster: "Running" });
    expect(other.call("DescribeScheduleTasks", { DBClusterId: otherId }).Data.TimerInfos[0].Status).toBe("executing"); // fired in its window
    // A held task still counts as the cluster's pending one.
    expect(w.code("ModifyDBClusterPrimaryZone", { DBClusterId: id, ZoneId: "cn-hangzhou-i", PlannedStartTime: at(w.clock.now() + 90 * MIN) })).toBe("ScheduleTaskExist");
    expect(() => fireScheduleTask(w.backend.data(), w.clock, "nope")).toThrow("no scheduled task nope");

    fireScheduleTask(w.backend.data(), w.clock, TaskId);
    expect({ task: task().Status, cluster: w.status(id) }).toEqual({ task: "executing", cluster: "ClassChanging" });
    expect(() => fireScheduleTask(w.backend.data(), w.clock, TaskId)).toThrow(`scheduled task ${TaskId} is executing, not pending`);
    w.clock.advance(10 * MIN);
    expect(task().Status).toBe("finish");
    expect(w.call("DescribeDBClusterAttribute", { DBClusterId: id }).DBNodes.every((n: any) => n.DBNodeClass === "polar.mysql.x8.large")).toBe(true);

    // Fired while the cluster is busy: retried within the window's length, then expired.
    w.call("ModifyDBNodeClass", { DBClusterId: id, ModifyType: "Upgrade", DBNodeTargetClass: "polar.mysql.x8.xlarge", PlannedStartTime: at(w.clock.now() + 60 * MIN) });
    const second = w.call("DescribeScheduleTasks", { DBClusterId: id, Status: "pending" }).Data.TimerInfos[0].TaskId;
    w.backend.data().clusters[id].DBClusterStatus = "Rebooting";
    fireScheduleTask(w.backend.data(), w.clock, second);
    w.clock.advance(29 * MIN);
    expect(w.call("DescribeScheduleTasks", { Status: "pending" }).Data.TimerInfos.map((t: any) => t.TaskId)).toEqual([second]);
    w.clock.advance(2 * MIN);
    expect(w.call("DescribeScheduleTasks", { Status: "expired" }).Data.TimerInfos.map((t: any) => t.TaskId)).toEqual([second]);

    // No longer held: a new task fires on the clock again.
    holdScheduleTasks(w.clock, false);
    w.backend.data().clusters[id].DBClusterStatus = "Running";
    w.call("ModifyDBNodeClass", { DBClusterId: id, ModifyType: "Upgrade", DBNodeTargetClass: "polar.mysql.x8.xlarge", PlannedStartTime: at(w.clock.now() + 60 * MIN) });
    w.clock.advance(61 * MIN);
    expect(w.status(id)).toBe("ClassChanging");
  });

  test("cancel a pending task; a task that cannot start in its window expires", () => {
    const w = world();
    const id = w.create();
    const now = w.clock.now();
    w.call("CreateDBNodes", { DBClusterId: id, "DBNode.1.TargetClass": "polar.mysql.x4.medium", PlannedStartTime: at(now + 30 * MIN) });
    const task = w.call("DescribeScheduleTasks", {}).Data.TimerInfos[0];
    expect(w.call("CancelScheduleTasks", { DBClusterId: id, TaskId: task.TaskId })).toEqual({ Success: true });
    w.clock.advance(40 * MIN);
    expect(w.call("DescribeDBClusterAttribute", { DBClusterId: id }).DBNodes).toHaveLength(2);
    expect(w.call("DescribeScheduleTasks", { Status: "cancel" }).Data.TimerInfos).toHaveLength(1);
    // planned again, while the cluster is busy for the whole window (a restart loop): expired
    const t2 = w.clock.now();
    w.call("CreateDBNodes", { DBClusterId: id, "DBNode.1.TargetClass": "polar.mysql.x4.medium", PlannedStartTime: at(t2 + 5 * MIN) });
    w.backend.data().clusters[id].DBClusterStatus = "Rebooting";
    w.clock.advance(40 * MIN);
    expect(w.call("DescribeScheduleTasks", { Status: "expired" }).Data.TimerInfos).toHaveLength(1);
  });

  test("ModifyDBClusterPrimaryZone: now or planned, TRANSING, then Running in the new zone with the nodes", () => {
    const w = world();
    const id = w.create();
    expect(w.code("ModifyDBClusterPrimaryZone", { DBClusterId: "pc-nope", ZoneId: "cn-hangzhou-i" })).toBe("InvalidDBCluster.NotFound");
    expect(w.code("ModifyDBClusterPrimaryZone", { DBClusterId: id, ZoneId: "cn-shanghai-b" })).toBe("Location.FailedGetSubDomain");
    w.call("ModifyDBClusterPrimaryZone", { DBClusterId: id, ZoneId: "cn-hangzhou-i", VSwitchId: "vsw-newzone" });
    expect(w.status(id)).toBe("TRANSING");
    w.clock.advance(5 * MIN);
    const a = w.call("DescribeDBClusterAttribute", { DBClusterId: id });
    expect(a).toMatchObject({ DBClusterStatus: "Running", ZoneIds: "cn-hangzhou-i", VSwitchId: "vsw-newzone" });
    expect(a.DBNodes.map((n: any) => n.ZoneId)).toEqual(["cn-hangzhou-i", "cn-hangzhou-i"]);
    w.call("ModifyDBClusterPrimaryZone", { DBClusterId: id, ZoneId: "cn-hangzhou-j", PlannedStartTime: at(w.clock.now() + 20 * MIN) });
    expect(w.status(id)).toBe("Running");
    w.clock.advance(21 * MIN);
    expect(w.status(id)).toBe("TRANSING");
    w.clock.advance(5 * MIN);
    expect(w.call("DescribeDBClusterAttribute", { DBClusterId: id }).ZoneIds).toBe("cn-hangzhou-j");
    // PostgreSQL needs the vSwitch
    const { DBClusterId: pg } = w.call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid" });
    w.clock.advance(10 * MIN);
    expect(w.code("ModifyDBClusterPrimaryZone", { DBClusterId: pg, ZoneId: "cn-hangzhou-i" })).toBe("MissingParameter");
    expect(w.code("FailoverDBCluster", { DBClusterId: pg })).toBe("MissingParameter");
  });
});

describe("backups", () => {
  test("CreateBackup: one job at a time, three manual backups at most; DeleteBackup only finished manual ones", () => {
    const w = world();
    const id = w.create();
    const list = (extra: Record<string, string> = {}) => w.call("DescribeBackups", { DBClusterId: id, StartTime: "2025-12-31T00:00Z", EndTime: "2026-01-02T00:00Z", ...extra });
    const auto = list().Items.Backup[0];
    const { BackupJobId } = w.call("CreateBackup", { DBClusterId: id, ClientToken: "b1" });
    expect(w.call("CreateBackup", { DBClusterId: id, ClientToken: "b1" }).BackupJobId).toBe(BackupJobId);
    expect(w.code("CreateBackup", { DBClusterId: id })).toBe("OperationDenied.BackupJobExists");
    expect(w.call("DescribeBackupTasks", { DBClusterId: id }).Items.BackupJob[0]).toMatchObject({ BackupJobId, JobMode: "Manual", BackupProgressStatus: "Preparing" });
    expect(list({ BackupMode: "Manual" }).TotalRecordCount).toBe("0");
    w.clock.advance(7 * MIN);
    const manual = list({ BackupMode: "Manual" }).Items.Backup[0];
    expect(manual).toMatchObject({ BackupStatus: "Success", StoreStatus: "Enabled", BackupMethod: "Snapshot", BackupType: "FullBackup" });
    for (let i = 0; i < 2; i++) { w.call("CreateBackup", { DBClusterId: id }); w.clock.advance(7 * MIN); }
    expect(w.code("CreateBackup", { DBClusterId: id })).toBe("OperationDenied");
    expect(w.code("DeleteBackup", { DBClusterId: id, BackupId: auto.BackupId })).toBe("OperationDenied.BackupMethod");
    expect(w.code("DeleteBackup", { DBClusterId: id, BackupId: "123" })).toBe("InvalidBackupId.NotFound");
    expect(w.code("DescribeBackups", { DBClusterId: id, StartTime: "2026-01-02T00:00Z", EndTime: "2026-01-01T00:00Z" })).toBe("InvalidStartTimeAndEndTime.Malformed");
    w.call("DeleteBackup", { DBClusterId: id, BackupId: manual.BackupId });
    expect(list({ BackupMode: "Manual" }).TotalRecordCount).toBe("2");
    w.call("CreateBackup", { DBClusterId: id });
    const running = w.backend.data().backups.find((b) => w.clock.now() < b.endsAt)!;
    expect(w.code("DeleteBackup", { DBClusterId: id, BackupId: running.BackupId })).toBe("OperationDenied.BackupStatus");
  });

  test("deleting the cluster keeps the backups its retention policy says", () => {
    const w = world();
    const keepAll = w.create({ BackupRetentionPolicyOnClusterDeletion: "ALL" });
    const none = w.create();
    w.call("DeleteDBCluster", { DBClusterId: keepAll });
    w.call("DeleteDBCluster", { DBClusterId: none });
    w.clock.advance(5 * MIN);
    const left = w.backend.data().backups.map((b) => b.DBClusterId);
    expect(left).toContain(keepAll);
    expect(left).not.toContain(none);
  });
});

test("save/load keeps scheduled tasks and backups", () => {
  const w = world();
  const id = w.create();
  w.call("ModifyDBNodeClass", { DBClusterId: id, ModifyType: "Upgrade", DBNodeTargetClass: "polar.mysql.x8.large", PlannedStartTime: at(w.clock.now() + 30 * MIN) });
  const saved = JSON.parse(JSON.stringify(w.backend.save()));
  const other = createBackend({ clock: w.clock, seed: 11 });
  other.load(saved);
  w.clock.advance(31 * MIN);
  const r: any = other.dispatch({ product: "polardb", action: "DescribeScheduleTasks", version: "2017-08-01", params: {}, accessKeyId: "k", requestId: "r" });
  expect(r.Data.TimerInfos[0]).toMatchObject({ Status: "executing", DbClusterStatus: "ClassChanging" });
});

describe("billing, resource group, time zone (the SDK's shapes and refusals)", () => {
  test("TransformDBClusterPayType: Postpaid → Prepaid needs Period and UsedTime, then the attribute shows Prepaid with an end; and back", () => {
    const w = world();
    const id = w.create();
    const to = (extra: Record<string, string>) => ({ RegionId: "cn-hangzhou", DBClusterId: id, ...extra });
    expect(w.code("TransformDBClusterPayType", to({ PayType: "Prepaid" }))).toBe("MissingParameter");
    expect(w.code("TransformDBClusterPayType", to({ PayType: "Prepaid", Period: "Month" }))).toBe("MissingParameter");
    expect(w.code("TransformDBClusterPayType", to({ PayType: "Prepaid", Period: "Month", UsedTime: "10" }))).toBe("InvalidParameter");
    expect(w.code("TransformDBClusterPayType", to({ PayType: "Prepaid", Period: "Year", UsedTime: "4" }))).toBe("InvalidParameter");
    expect(w.code("TransformDBClusterPayType", to({ PayType: "Postpaid" }))).toBe("OperationDenied.DBClusterPayType"); // already
    expect(w.code("TransformDBClusterPayType", { DBClusterId: id, PayType: "Prepaid", Period: "Month", UsedTime: "1" })).toBe("MissingParameter"); // RegionId

    const r = w.call("TransformDBClusterPayType", to({ PayType: "Prepaid", Period: "Month", UsedTime: "2" }));
    expect(r).toMatchObject({ DBClusterId: id, ChargeType: "Prepaid", OrderId: expect.any(String), ExpiredTime: expect.stringMatching(/^2026-03-0\dT/) });
    expect(w.code("TransformDBClusterPayType", to({ PayType: "Prepaid", Period: "Month", UsedTime: "2" }))).toBe("OperationDenied.DBClusterPayType"); // the order is still being paid
    w.clock.advance(MIN);
    expect(w.call("DescribeDBClusterAttribute", { DBClusterId: id })).toMatchObject({ PayType: "Prepaid", ExpireTime: r.ExpiredTime });
    expect(w.call("DescribeAutoRenewAttribute", { RegionId: "cn-hangzhou", DBClusterIds: id }).Items.AutoRenewAttribute).toEqual([expect.objectContaining({ RenewalStatus: "Normal", PeriodUnit: "Month" })]);
    expect(w.code("DeleteDBCluster", { DBClusterId: id })).toBe("OperationDenied.DBClusterPayType");

    expect(w.call("TransformDBClusterPayType", to({ PayType: "Postpaid" }))).toMatchObject({ ChargeType: "Postpaid" });
    w.clock.advance(MIN);
    expect(w.call("DescribeDBClusterAttribute", { DBClusterId: id })).toMatchObject({ PayType: "Postpaid", ExpireTime: "" });
    expect(w.code("DeleteDBCluster", { DBClusterId: id })).toBe("OK");
  });

  test("a busy cluster is not converted; a ClientToken's repeat answers the first order", () => {
    const w = world();
    const id = w.create();
    w.call("ModifyDBNodeClass", { DBClusterId: id, DBNodeTargetClass: "polar.mysql.x4.large", ModifyType: "Upgrade" });
    expect(w.code("TransformDBClusterPayType", { RegionId: "cn-hangzhou", DBClusterId: id, PayType: "Prepaid", Period: "Year", UsedTime: "1" })).toBe("OperationDenied.DBClusterStatus");
    w.clock.advance(10 * MIN);
    const once = { RegionId: "cn-hangzhou", DBClusterId: id, PayType: "Prepaid", Period: "Year", UsedTime: "1", ClientToken: "t-1" };
    const first = w.call("TransformDBClusterPayType", once);
    expect(w.call("TransformDBClusterPayType", once)).toEqual(first);
  });

  test("ModifyDBClusterResourceGroup moves the cluster; the original group, when given, must be its group", () => {
    const w = world();
    const id = w.create({ ResourceGroupId: "rg-aaa" });
    expect(w.code("ModifyDBClusterResourceGroup", { DBClusterId: id })).toBe("MissingParameter");
    expect(w.code("ModifyDBClusterResourceGroup", { DBClusterId: id, NewResourceGroupId: "group b" })).toBe("InvalidParameter");
    expect(w.code("ModifyDBClusterResourceGroup", { DBClusterId: id, NewResourceGroupId: "rg-bbb", ResourceGroupId: "rg-zzz" })).toBe("InvalidParameter");
    w.call("ModifyDBClusterResourceGroup", { DBClusterId: id, NewResourceGroupId: "rg-bbb", ResourceGroupId: "rg-aaa" });
    expect(w.call("DescribeDBClusterAttribute", { DBClusterId: id }).ResourceGroupId).toBe("rg-bbb");
  });

  test("MySQL's time zone: CreateDBCluster takes +08:00 and +8:00; the parameter default_time_zone holds +8:00 and changes with a restart", () => {
    const w = world();
    const param = (id: string, name: string) => w.call("DescribeDBClusterParameters", { DBClusterId: id }).RunningParameters.Parameter.find((x: any) => x.ParameterName === name);
    const sdk = w.create({ DefaultTimeZone: "+08:00", LowerCaseTableNames: "0" });
    const tf = w.create({ DefaultTimeZone: "-9:00" });
    expect(param(sdk, "default_time_zone")).toMatchObject({ ParameterValue: "+8:00", DefaultParameterValue: "SYSTEM", ForceRestart: true });
    expect(param(sdk, "lower_case_table_names")).toMatchObject({ ParameterValue: "0", IsModifiable: false });
    expect(param(tf, "default_time_zone").ParameterValue).toBe("-9:00");
    expect(param(w.create(), "default_time_zone").ParameterValue).toBe("SYSTEM");

    expect(w.code("ModifyDBClusterParameters", { DBClusterId: sdk, Parameters: JSON.stringify({ lower_case_table_names: "1" }) })).toBe("InvalidParameter");
    expect(w.code("ModifyDBClusterParameters", { DBClusterId: sdk, Parameters: JSON.stringify({ default_time_zone: "+14:00" }) })).toBe("InvalidParameter");
    w.call("ModifyDBClusterParameters", { DBClusterId: sdk, Parameters: JSON.stringify({ default_time_zone: "+1:00" }) });
    expect(w.status(sdk)).toBe("Rebooting");
    w.clock.advance(5 * MIN);
    expect(w.status(sdk)).toBe("Running");
    expect(param(sdk, "default_time_zone").ParameterValue).toBe("+1:00");
  });
});
