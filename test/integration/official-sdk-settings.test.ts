/**
 * The issue-7 APIs of the emulator driven by the OFFICIAL typed SDKs, which map responses into
 * their generated models: @alicloud/polardb20170801@1.0.0 for parameters, SSL, backup policy,
 * the SQL collector, endpoint addresses and maintenance events; @alicloud/rds20140815 (its
 * current generated client) for the cloud migration and upgrade-task APIs. A shape the models
 * cannot read shows up as a missing field here.
 */
import OpenApi, { $OpenApiUtil } from "@alicloud/openapi-core";
import * as $dara from "@darabonba/typescript";
import { startEmulator, Emulator } from "../../emulator";
import { DEFAULT_INSTANCES } from "../../emulator/rds/index";
import { PolarDBClient } from "../../provider/client";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const Polardb = require("@alicloud/polardb20170801");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Rds = require("@alicloud/rds20140815");

const KEY = { id: "sdk7-ak", secret: "sdk7-SECRET" };
let emu: Emulator;
let polardb: any;
let rds: any;
let clusterId: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, timeScale: 0.0005, accessKeys: [KEY] });
  const host = emu.url.replace("http://", "");
  polardb = new Polardb.default({ accessKeyId: KEY.id, accessKeySecret: KEY.secret, endpoint: host, protocol: "http", regionId: "cn-hangzhou" });
  rds = new Rds.default(new $OpenApiUtil.Config({ accessKeyId: KEY.id, accessKeySecret: KEY.secret, endpoint: host, protocol: "http", regionId: "cn-hangzhou" }));
  const ours = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emu.url, credentials: { accessKeyId: KEY.id, accessKeySecret: KEY.secret } });
  clusterId = (await ours.request<any>("CreateDBCluster", { DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid" })).DBClusterId;
  await ours.close();
  await until(async () => (await polardb.describeDBClusterAttribute(new Polardb.DescribeDBClusterAttributeRequest({ DBClusterId: clusterId }))).DBClusterStatus === "Running");
});
afterAll(async () => { await emu.close(); });

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("condition not reached");
}

test("parameters: the typed model reads RunningParameters; a restart parameter reboots the cluster, then applies", async () => {
  const before = await polardb.describeDBClusterParameters(new Polardb.DescribeDBClusterParametersRequest({ DBClusterId: clusterId }));
  const p = before.runningParameters.parameter.find((x: any) => x.parameterName === "max_connections");
  expect(p).toMatchObject({ parameterValue: "1000", defaultParameterValue: "1000", forceRestart: true, dataType: "INT", checkingCode: "[10-262143]" });
  const maxConnections = async () => (await polardb.describeDBClusterParameters(new Polardb.DescribeDBClusterParametersRequest({ DBClusterId: clusterId })))
    .runningParameters.parameter.find((x: any) => x.parameterName === "max_connections");
  // The restart is held: the typed model reads Rebooting and the pending value for as long as the test looks.
  const since = Date.now();
  const rebooting = emu.hold({ clusterId, kind: "parametersApplied" });
  await polardb.modifyDBClusterParameters(new Polardb.ModifyDBClusterParametersRequest({ DBClusterId: clusterId, parameters: JSON.stringify({ max_connections: "1500" }) }));
  const during = await polardb.describeDBClusterAttribute(new Polardb.DescribeDBClusterAttributeRequest({ DBClusterId: clusterId }));
  expect(during.DBClusterStatus).toBe("Rebooting");
  expect(await maxConnections()).toMatchObject({ parameterValue: "1000", parameterStatus: "Modifying" });
  rebooting.release();
  expect(await maxConnections()).toMatchObject({ parameterValue: "1500", parameterStatus: "Normal" });
  expect(emu.history({ clusterId, object: "cluster", since }).map((e) => [e.from, e.to, e.cause]))
    .toEqual([["Running", "Rebooting", "ModifyDBClusterParameters"], ["Rebooting", "Running", "parametersApplied"]]);
});

test("SSL, backup policy and the SQL collector read through their typed models", async () => {
  await polardb.modifyDBClusterSSL(new Polardb.ModifyDBClusterSSLRequest({ DBClusterId: clusterId, SSLEnabled: "Enable" }));
  await until(async () => (await polardb.describeDBClusterSSL(new Polardb.DescribeDBClusterSSLRequest({ DBClusterId: clusterId }))).items.every((i: any) => i.SSLEnabled === "Enabled"));
  const ssl = await polardb.describeDBClusterSSL(new Polardb.DescribeDBClusterSSLRequest({ DBClusterId: clusterId }));
  expect(ssl.items[0].SSLExpireTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

  await polardb.modifyBackupPolicy(new Polardb.ModifyBackupPolicyRequest({ DBClusterId: clusterId, preferredBackupPeriod: "Tuesday,Saturday", preferredBackupTime: "03:00Z-04:00Z" }));
  const backup = await polardb.describeBackupPolicy(new Polardb.DescribeBackupPolicyRequest({ DBClusterId: clusterId }));
  expect(backup).toMatchObject({ preferredBackupPeriod: "Tuesday,Saturday", preferredBackupTime: "03:00Z-04:00Z" });
  expect(backup.preferredNextBackupTime).toMatch(/T03:00Z$/);

  await polardb.modifyDBClusterAuditLogCollector(new Polardb.ModifyDBClusterAuditLogCollectorRequest({ DBClusterId: clusterId, collectorStatus: "Enable" }));
  expect((await polardb.describeDBClusterAuditLogCollector(new Polardb.DescribeDBClusterAuditLogCollectorRequest({ DBClusterId: clusterId }))).collectorStatus).toBe("Enable");
});

test("maintenance events through the SDK core (the 1.0.0 typed SDK predates these actions)", async () => {
  const core = new OpenApi(new $OpenApiUtil.Config({ accessKeyId: KEY.id, accessKeySecret: KEY.secret, endpoint: emu.url.replace("http://", ""), protocol: "http", regionId: "cn-hangzhou" }));
  const call = async (action: string, query: Record<string, unknown>) => (await core.callApi(
    new $OpenApiUtil.Params({ action, version: "2017-08-01", protocol: "HTTPS", pathname: "/", method: "POST", authType: "AK", style: "RPC", reqBodyType: "formData", bodyType: "json" }),
    new $OpenApiUtil.OpenApiRequest({ query: $OpenApiUtil.default.query(query) }), new $dara.RuntimeOptions({}))).body as any;
  const counts = await call("DescribePendingMaintenanceActions", { RegionId: "cn-hangzhou" });
  expect(counts.TypeList).toEqual([{ TaskType: "DatabaseProxyUpgrading", Count: 1 }]);
  const events = await call("DescribePendingMaintenanceAction", { Region: "all", TaskType: "all" });
  expect(events).toMatchObject({ TotalRecordCount: 1, PageNumber: 1, PageSize: 30 });
  expect(events.Items[0]).toMatchObject({ DBClusterId: clusterId, TaskType: "DatabaseProxyUpgrading", Status: 3, PrepareInterval: "04:00:00" });
  // Region=all needs TaskType=all (§16.1).
  await expect(call("DescribePendingMaintenanceAction", { Region: "all", TaskType: "DatabaseProxyUpgrading" })).rejects.toMatchObject({ code: "InvalidParameter" });
});

test("RDS: the current generated client creates a migration and reads its result and the upgrade tasks", async () => {
  const created = await rds.createCloudMigrationTask(new Rds.CreateCloudMigrationTaskRequest({
    DBInstanceName: DEFAULT_INSTANCES.target, sourceIpAddress: "172.16.1.2", sourcePort: 5432, sourceAccount: "migratetest",
    sourcePassword: "Pa55-word", sourceCategory: "ecsOnVpc",
  }));
  expect(created.body).toMatchObject({ DBInstanceName: DEFAULT_INSTANCES.target, taskId: expect.any(Number), taskName: expect.any(String) });
  await until(async () => (await rds.describeCloudMigrationResult(new Rds.DescribeCloudMigrationResultRequest({
    DBInstanceName: DEFAULT_INSTANCES.target, taskId: created.body.taskId, pageNumber: 1, pageSize: 10,
  }))).body.items[0].migrateStage === "success");
  const result = await rds.describeCloudMigrationResult(new Rds.DescribeCloudMigrationResultRequest({ DBInstanceName: DEFAULT_INSTANCES.target, taskId: created.body.taskId, pageNumber: 1, pageSize: 10 }));
  expect(result.body.items[0]).toMatchObject({ replicationState: "finish", sourcePort: 5432, taskId: created.body.taskId });
  const upgrades = await rds.describeUpgradeMajorVersionTasks(new Rds.DescribeUpgradeMajorVersionTasksRequest({ DBInstanceId: DEFAULT_INSTANCES.upgraded }));
  expect(upgrades.body.items.length).toBe(2);
  expect(upgrades.body.items.map((t: any) => t.result).sort()).toEqual(["Failed", "Success"]);
});
