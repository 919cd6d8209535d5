/**
 * The seed's RDS migration/upgrade APIs (seeds 004, 001, 002) and PolarDB's
 * GenerateUpgradeReportForSyncClone (seed 000), through the official SDK core (ACS3).
 */
import OpenApi, { $OpenApiUtil } from "@alicloud/openapi-core";
import * as $dara from "@darabonba/typescript";
import { Emulator, startEmulator } from "../../emulator";
import { DEFAULT_INSTANCES } from "../../emulator/rds/index";

const { target, target2, upgraded } = DEFAULT_INSTANCES;
/** The seed prints Detail and ReplicationInfo with one extra level of escaping (`\\n`, `\\"`). */
const lines = (detail: string) => detail.split("\\n").filter(Boolean);
const info = (text: string) => JSON.parse(text.replace(/\\"/g, '"'));

const KEY = { id: "rds-ak", secret: "rds-secret" };
let emu: Emulator;
let sdk: OpenApi;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, timeScale: 0.0002, accessKeys: [KEY] });
  sdk = new OpenApi(new $OpenApiUtil.Config({ accessKeyId: KEY.id, accessKeySecret: KEY.secret, endpoint: emu.url.replace("http://", ""), protocol: "http", regionId: "cn-hangzhou" }));
});
afterAll(async () => { await emu.close(); });

async function call(version: string, action: string, query: Record<string, unknown>): Promise<any> {
  const params = new $OpenApiUtil.Params({ action, version, protocol: "HTTPS", pathname: "/", method: "POST", authType: "AK", style: "RPC", reqBodyType: "formData", bodyType: "json" });
  return (await sdk.callApi(params, new $OpenApiUtil.OpenApiRequest({ query: $OpenApiUtil.default.query(query) }), new $dara.RuntimeOptions({}))).body;
}
const rds = (a: string, q: Record<string, unknown>) => call("2014-08-15", a, q);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("RDS instances are listed (Items.DBInstance[])", async () => {
  const r = await rds("DescribeDBInstances", { RegionId: "cn-hangzhou" });
  expect(r.Items.DBInstance.map((i: any) => i.DBInstanceId)).toEqual(expect.arrayContaining([target, target2, upgraded]));
});

test("a cloud migration walks the documented stages to success; the describe returns SourcePassword as the seed says", async () => {
  const created = await rds("CreateCloudMigrationTask", { DBInstanceName: target, SourceIpAddress: "172.16.0.10", SourcePort: 5432, SourceAccount: "migrate", SourcePassword: "Src-Passw0rd", SourceCategory: "ecsOnVpc" });
  expect(created).toMatchObject({ DBInstanceName: target, TaskId: expect.any(Number), TaskName: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  const stages = new Set<string>();
  let item: any;
  for (let i = 0; i < 100; i++) {
    const r = await rds("DescribeCloudMigrationResult", { DBInstanceName: target, TaskId: created.TaskId, PageNumber: 1, PageSize: 10 });
    item = r.Items[0];
    stages.add(item.MigrateStage);
    if (item.MigrateStage === "success") break;
    await sleep(10);
  }
  expect(item).toMatchObject({ MigrateStage: "success", ReplicationState: "finish", SourcePassword: "Src-Passw0rd", TargetInstanceName: target });
  expect(info(item.ReplicationInfo)).toHaveProperty("Status", "finish");
  expect(lines(item.Detail)).toContain("[Synchronize data]");
  expect(stages.size).toBeGreaterThan(1);
});

test("a source in 192.0.2.0/24 is unreachable: the migration fails at precheck with a reason", async () => {
  const created = await rds("CreateCloudMigrationTask", { DBInstanceName: target2, SourceIpAddress: "192.0.2.7", SourcePort: 5432, SourceAccount: "migrate", SourcePassword: "Src-Passw0rd", SourceCategory: "internet" });
  await sleep(50);
  const r = await rds("DescribeCloudMigrationResult", { DBInstanceName: target2, TaskId: created.TaskId, PageNumber: 1, PageSize: 10 });
  expect(r.Items[0]).toMatchObject({ MigrateStage: "precheck", ReplicationState: "unstarted" });
  expect(lines(r.Items[0].Detail).at(-1)).toMatch(/^Check ip connectable: failed\(error:.+\)$/);
});

test("migration errors: missing parameters, unknown instance, bad category", async () => {
  await expect(rds("CreateCloudMigrationTask", { DBInstanceName: target })).rejects.toMatchObject({ code: "RequiredParam.NotFound" });
  await expect(rds("CreateCloudMigrationTask", { DBInstanceName: "pgm-nope", SourceIpAddress: "10.0.0.1", SourcePort: 5432, SourceAccount: "a", SourcePassword: "b", SourceCategory: "ecsOnVpc" }))
    .rejects.toMatchObject({ code: "InvalidDBInstanceName.NotFound", statusCode: 404 });
  await expect(rds("CreateCloudMigrationTask", { DBInstanceName: target, SourceIpAddress: "10.0.0.1", SourcePort: 5432, SourceAccount: "a", SourcePassword: "b", SourceCategory: "moon" }))
    .rejects.toMatchObject({ code: "Parameters.Invalid" });
});

test("major-version upgrade tasks (seed 002) with the seed's field names, camelCase ones included", async () => {
  const r = await rds("DescribeUpgradeMajorVersionTasks", { DBInstanceId: upgraded });
  expect(r.TotalRecordCount).toBe(2);
  expect(r.Items[0]).toMatchObject({ SourceMajorVersion: 11, TargetMajorVersion: 12, Result: "Success", cutOver: true, zeroDownTimePort: 5432 });
  expect(r.Items.map((i: any) => i.Result)).toEqual(["Success", "Failed"]);
  const filtered = await rds("DescribeUpgradeMajorVersionTasks", { DBInstanceId: upgraded, TargetMajorVersion: "13.0" });
  expect(filtered.Items).toHaveLength(1);
});

test("GenerateUpgradeReportForSyncClone (seed 000) on a PolarDB cluster", async () => {
  const c = await call("2017-08-01", "CreateDBCluster", { RegionId: "cn-hangzhou", DBType: "MySQL", DBVersion: "5.7", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid" });
  const r = await call("2017-08-01", "GenerateUpgradeReportForSyncClone", { SourceDBClusterId: c.DBClusterId, DBVersion: "8.0", CreationOption: "MigrationFromRDS", CreationCategory: "Normal", DBType: "MySQL" });
  expect(r).toMatchObject({ SourceDBClusterId: c.DBClusterId, TaskId: expect.any(Number) });
  await expect(call("2017-08-01", "GenerateUpgradeReportForSyncClone", { SourceDBClusterId: "pc-nope", DBVersion: "8.0", CreationOption: "MigrationFromRDS", CreationCategory: "Normal" }))
    .rejects.toMatchObject({ code: "InvalidDBCluster.NotFound", statusCode: 404 });
  await expect(call("2017-08-01", "GenerateUpgradeReportForSyncClone", { SourceDBClusterId: c.DBClusterId, DBVersion: "9.9", CreationOption: "MigrationFromRDS", CreationCategory: "Normal" }))
    .rejects.toMatchObject({ code: "InvalidDBVersion.ValueNotSupported" });
});
