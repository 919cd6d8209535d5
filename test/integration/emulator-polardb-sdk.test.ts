/**
 * The new PolarDB actions through the official SDKs: the current generated SDK's core
 * (@alicloud/openapi-core, ACS3) for every action, and the typed @alicloud/polardb20170801 for the
 * backup actions it models — request and response shapes as the SDKs send and parse them.
 */
import OpenApi, { $OpenApiUtil } from "@alicloud/openapi-core";
import * as $dara from "@darabonba/typescript";
import { startEmulator, Emulator } from "../../emulator";
import { DEFAULT_INSTANCES } from "../../emulator/rds/index";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const Polardb = require("@alicloud/polardb20170801");

const KEY = { id: "sdk-ak", secret: "sdk-secret-new" };
let emu: Emulator;
let call: (action: string, query?: Record<string, unknown>) => Promise<any>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) { const v = await probe(); if (ok(v)) return v; await sleep(25); }
  throw new Error("timed out");
}
const minute = (ms: number) => new Date(ms).toISOString().slice(0, 19) + "Z";

beforeAll(async () => {
  emu = await startEmulator({ port: 0, timeScale: 0.0005, accessKeys: [KEY] });
  const client = new OpenApi(new $OpenApiUtil.Config({ accessKeyId: KEY.id, accessKeySecret: KEY.secret, endpoint: emu.url.replace("http://", ""), protocol: "http", regionId: "cn-hangzhou" }));
  call = async (action, query = {}) => {
    const params = new $OpenApiUtil.Params({ action, version: "2017-08-01", protocol: "HTTPS", pathname: "/", method: "POST", authType: "AK", style: "RPC", reqBodyType: "formData", bodyType: "json" });
    return (await client.callApi(params, new $OpenApiUtil.OpenApiRequest({ query: $OpenApiUtil.default.query(query) }), new $dara.RuntimeOptions({}))).body;
  };
});
afterAll(async () => { await emu.close(); });

const running = (id: string) => until(() => call("DescribeDBClusterAttribute", { DBClusterId: id }), (a) => a.DBClusterStatus === "Running");

test("CreateDBCluster options, clone, renewal, scheduled task and zone move through the SDK core", async () => {
  const src = await call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Prepaid", Period: "Month", UsedTime: 1, AutoRenew: true,
    ResourceGroupId: "rg-acfmtest0001", SecurityIPList: "10.0.0.0/24", DBMinorVersion: "8.0.1", DefaultTimeZone: "+08:00", LowerCaseTableNames: "0", ZoneId: "cn-hangzhou-h" });
  expect(src).toMatchObject({ DBClusterId: expect.stringMatching(/^pc-/), ResourceGroupId: "rg-acfmtest0001", OrderId: expect.any(String) });
  await running(src.DBClusterId);
  await expect(call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid", CreationOption: "CloneFromPolarDB", SourceResourceId: src.DBClusterId }))
    .rejects.toMatchObject({ code: "EngineNotSupported", statusCode: 400 });
  const clone = await call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", CreationOption: "CloneFromPolarDB", SourceResourceId: src.DBClusterId, CloneDataPoint: "LATEST" });
  await running(clone.DBClusterId);
  const mig = await call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "5.7", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", CreationOption: "MigrationFromRDS", SourceResourceId: DEFAULT_INSTANCES.mysql57 });
  expect(mig.DBClusterId).toMatch(/^pc-/);

  await call("ModifyAutoRenewAttribute", { RegionId: "cn-hangzhou", DBClusterIds: src.DBClusterId, RenewalStatus: "Normal", PeriodUnit: "Month", Duration: "6" });
  const renew = await call("DescribeAutoRenewAttribute", { RegionId: "cn-hangzhou", DBClusterIds: src.DBClusterId });
  expect(renew.Items.AutoRenewAttribute[0]).toEqual({ DBClusterId: src.DBClusterId, RegionId: "cn-hangzhou", AutoRenewEnabled: false, RenewalStatus: "Normal", PeriodUnit: "Month", Duration: 6 });

  // planned an hour ahead: at time scale 0.0005 it fires 1.8 s later
  await call("ModifyDBClusterPrimaryZone", { DBClusterId: clone.DBClusterId, ZoneId: "cn-hangzhou-i", PlannedStartTime: minute(Date.now() + 3_600_000) });
  await expect(call("ModifyDBNodeClass", { DBClusterId: clone.DBClusterId, ModifyType: "Upgrade", DBNodeTargetClass: "polar.mysql.x8.large", PlannedStartTime: minute(Date.now() + 1_800_000) }))
    .rejects.toMatchObject({ code: "ScheduleTaskExist", statusCode: 400 });
  const listed = await call("DescribeScheduleTasks", { DBClusterId: clone.DBClusterId, RegionId: "cn-hangzhou" });
  expect(listed).toMatchObject({ Success: true, Message: "Successful", Code: "200", Data: { TotalRecordCount: 1, PageNumber: 1, PageSize: 30 } });
  expect(listed.Data.TimerInfos[0]).toMatchObject({ Action: "ModifyDBClusterPrimaryZone", Status: "pending", DBClusterId: clone.DBClusterId, DbClusterStatus: "Running", Region: "cn-hangzhou" });
  await until(() => call("DescribeDBClusterAttribute", { DBClusterId: clone.DBClusterId }), (a) => a.ZoneIds === "cn-hangzhou-i" && a.DBClusterStatus === "Running");
  const done = await call("DescribeScheduleTasks", { DBClusterId: clone.DBClusterId, Status: "finish" });
  await expect(call("CancelScheduleTasks", { DBClusterId: clone.DBClusterId, TaskId: done.Data.TimerInfos[0].TaskId }))
    .rejects.toMatchObject({ code: "OperationDenied.IncorrectTaskStatus", statusCode: 403 });

  await call("CreateDBNodes", { DBClusterId: src.DBClusterId, DBNode: [{ TargetClass: "polar.mysql.x4.medium" }], PlannedStartTime: minute(Date.now() + 3_600_000) });
  const pending = await call("DescribeScheduleTasks", { Status: "pending", TaskAction: "CreateDBNodes" });
  expect(await call("CancelScheduleTasks", { DBClusterId: src.DBClusterId, TaskId: pending.Data.TimerInfos[0].TaskId })).toMatchObject({ Success: true });

  // The switch is held, so the SDK reads Switching for as long as the test looks (no window to catch).
  const since = Date.now();
  const switching = emu.hold({ clusterId: src.DBClusterId, kind: "clusterSettled" });
  await call("FailoverDBCluster", { DBClusterId: src.DBClusterId, ClientToken: "fo-1" });
  for (let i = 0; i < 2; i++) expect((await call("DescribeDBClusterAttribute", { DBClusterId: src.DBClusterId })).DBClusterStatus).toBe("Switching");
  switching.release();
  expect((await call("DescribeDBClusterAttribute", { DBClusterId: src.DBClusterId })).DBClusterStatus).toBe("Running");
  expect(emu.history({ clusterId: src.DBClusterId, object: "cluster", since }).map((e) => [e.from, e.to, e.cause]))
    .toEqual([["Running", "Switching", "FailoverDBCluster"], ["Switching", "Running", "clusterSettled"]]);
});

test("backups through the typed SDK", async () => {
  const sdk = new Polardb.default({ accessKeyId: KEY.id, accessKeySecret: KEY.secret, endpoint: emu.url.replace("http://", ""), protocol: "http", regionId: "cn-hangzhou" });
  const c = await call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid" });
  await running(c.DBClusterId);
  // the first automated backup runs right after the create: one job at a time
  await until(() => call("DescribeBackupTasks", { DBClusterId: c.DBClusterId }), (r) => r.Items.BackupJob.length === 0);
  const job = await sdk.createBackup(new Polardb.CreateBackupRequest({ DBClusterId: c.DBClusterId }));
  expect(job.backupJobId).toMatch(/^\d+$/);
  const window = { DBClusterId: c.DBClusterId, startTime: minute(Date.now() - 3_600_000).slice(0, 16) + "Z", endTime: minute(Date.now() + 3_600_000).slice(0, 16) + "Z", backupMode: "Manual" };
  const listed = await until(() => sdk.describeBackups(new Polardb.DescribeBackupsRequest(window)), (r: any) => r.items.backup.length === 1) as any;
  expect(listed.items.backup[0]).toMatchObject({ DBClusterId: c.DBClusterId, backupStatus: "Success", backupMode: "Manual", backupMethod: "Snapshot", storeStatus: "Enabled" });
  await sdk.deleteBackup(new Polardb.DeleteBackupRequest({ DBClusterId: c.DBClusterId, backupId: listed.items.backup[0].backupId }));
  await expect(sdk.deleteBackup(new Polardb.DeleteBackupRequest({ DBClusterId: c.DBClusterId, backupId: listed.items.backup[0].backupId }))).rejects.toMatchObject({ code: "InvalidBackupId.NotFoundError" }); // rpc-client appends "Error"
});

test("billing, resource group, a database's description and owner through the SDK core, in the SDK's shapes", async () => {
  const { DBClusterId: id } = await call("CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid", ZoneId: "cn-hangzhou-h" });
  await running(id);
  // TransformDBClusterPayTypeResponseBody: ChargeType, DBClusterId, ExpiredTime (Prepaid only), OrderId, RequestId.
  const bought = await call("TransformDBClusterPayType", { RegionId: "cn-hangzhou", DBClusterId: id, PayType: "Prepaid", Period: "Year", UsedTime: "1", ClientToken: "sdk-transform-1" });
  expect(bought).toEqual({ ChargeType: "Prepaid", DBClusterId: id, ExpiredTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), OrderId: expect.any(String), RequestId: expect.any(String) });
  const prepaid = await until(() => call("DescribeDBClusterAttribute", { DBClusterId: id }), (a) => a.PayType === "Prepaid");
  expect(prepaid.ExpireTime).toBe(bought.ExpiredTime);
  await expect(call("DeleteDBCluster", { DBClusterId: id })).rejects.toMatchObject({ code: "OperationDenied.DBClusterPayType" });

  await call("ModifyDBClusterResourceGroup", { DBClusterId: id, NewResourceGroupId: "rg-acfmsdk0002", ResourceGroupId: prepaid.ResourceGroupId });
  expect((await call("DescribeDBClusterAttribute", { DBClusterId: id })).ResourceGroupId).toBe("rg-acfmsdk0002");

  for (const name of ["first", "second"]) await call("CreateAccount", { DBClusterId: id, AccountName: name, AccountPassword: "Sdk-Passw0rd", AccountType: "Normal" });
  await until(() => call("DescribeAccounts", { DBClusterId: id }), (r) => r.Accounts.every((a: any) => a.AccountStatus === "Available"));
  await call("CreateDatabase", { DBClusterId: id, DBName: "sales", CharacterSetName: "utf8", DBDescription: "sales", AccountName: "first", Collate: "C", Ctype: "C" });
  await until(() => call("DescribeDatabases", { DBClusterId: id, DBName: "sales" }), (r) => r.Databases.Database[0]?.DBStatus === "Running");
  expect(await call("ModifyDBDescription", { DBClusterId: id, DBName: "sales", DBDescription: "sales, 2026" })).toEqual({ RequestId: expect.any(String) });
  expect(await call("GrantAccountPrivilege", { DBClusterId: id, DBName: "sales", AccountName: "second", AccountPrivilege: "DBOwner" })).toEqual({ RequestId: expect.any(String) });
  const db = (await call("DescribeDatabases", { DBClusterId: id, DBName: "sales" })).Databases.Database[0];
  expect(db).toMatchObject({ DBDescription: "sales, 2026", Accounts: { Account: [{ AccountName: "second", AccountPrivilege: "DBOwner" }] } });

  expect(await call("TransformDBClusterPayType", { RegionId: "cn-hangzhou", DBClusterId: id, PayType: "Postpaid" })).toMatchObject({ ChargeType: "Postpaid", DBClusterId: id });
  await until(() => call("DescribeDBClusterAttribute", { DBClusterId: id }), (a) => a.PayType === "Postpaid" && a.ExpireTime === "");
  await call("DeleteDBCluster", { DBClusterId: id });
});
