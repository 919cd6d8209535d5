/** The read-only functions against the emulator: typed results from the documented shapes. */
import { manualClock, startEmulator, Emulator } from "../../emulator";
import {
  generateUpgradeReportForSyncClone, getAvailableResources, getCloudMigrationTasks, getClusters, getPendingMaintenanceCounts, getPendingMaintenanceEvents,
  getRegions, getTasks, getUpgradeMajorVersionTasks, reschedulePendingMaintenance,
} from "../../provider/functions";
import { DEFAULT_INSTANCES } from "../../emulator/rds/index";
import * as pulumi from "@pulumi/pulumi";
import { PolarDBClient, RdsClient } from "../../provider/client";
import { getRegionsOutput, getUpgradeMajorVersionTasksOutput } from "../../provider/function-outputs";

const KEY = { accessKeyId: "fn-ak", accessKeySecret: "fn-secret" };
let emu: Emulator;
let opts: { regionId: string; endpoint: string; credentials: typeof KEY };

beforeAll(async () => {
  emu = await startEmulator({ port: 0, timeScale: 0.001, accessKeys: [{ id: KEY.accessKeyId, secret: KEY.accessKeySecret }] });
  opts = { regionId: "cn-hangzhou", endpoint: emu.url, credentials: KEY };
});
afterAll(async () => { await emu.close(); });

test("getRegions lists regions with their zones", async () => {
  const regions = await getRegions(opts);
  expect(regions.find((r) => r.regionId === "cn-hangzhou")?.zones).toContain("cn-hangzhou-h");
});

test("getClusters pages through DescribeDBClusters and filters; getTasks follows the create task", async () => {
  // An emulator of its own on a hand-moved clock: the create task runs until the test moves the clock.
  const clock = manualClock(Date.now(), 1);
  const own = await startEmulator({ port: 0, clock, accessKeys: [{ id: KEY.accessKeyId, secret: KEY.accessKeySecret }] });
  const mine = { ...opts, endpoint: own.url };
  try {
    const client = new PolarDBClient(mine);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r: any = await client.request("CreateDBCluster", { DBType: i ? "PostgreSQL" : "MySQL", DBVersion: i ? "11" : "8.0", DBNodeClass: i ? "polar.pg.x4.medium" : "polar.mysql.x4.medium", PayType: "Postpaid", DBClusterDescription: `fn-${i}`, ClientToken: `fn-${i}` });
      ids.push(r.DBClusterId);
    }
    await client.request("TagResources", { ResourceType: "cluster", ResourceId: [ids[2]], Tag: [{ Key: "team", Value: "pay" }] });
    await client.close();
    const all = await getClusters({}, mine);
    expect(all.map((c) => c.dbClusterId).sort()).toEqual([...ids].sort());
    expect((await getClusters({ dbType: "PostgreSQL" }, mine)).map((c) => c.dbClusterId).sort()).toEqual(ids.slice(1).sort());
    const tagged = await getClusters({ tags: { team: "pay" } }, mine);
    expect(tagged).toEqual([expect.objectContaining({ dbClusterId: ids[2], tags: { team: "pay" }, deletionLock: false, dbVersion: "11" })]);
    const running = await getTasks(ids[0], {}, mine);
    expect(running).toEqual([expect.objectContaining({ action: "CreateDBInstance", status: "Running", progress: 0 })]);
    clock.advance(10 * 60_000); // a create takes 5 minutes ±20 %
    expect(await getTasks(ids[0], {}, mine)).toEqual([]); // finished tasks are not listed without a Status filter (documented)
    expect((await getTasks(ids[0], { status: "Finished" }, mine))[0]).toMatchObject({ status: "Finished", progress: 100 });
    expect(own.history({ clusterId: ids[0], object: "cluster" }).map((e) => e.to)).toEqual(["Creating", "Running"]);
  } finally {
    await own.close();
  }
});

test("getUpgradeMajorVersionTasks (seed 002) returns typed tasks with dates from epoch milliseconds", async () => {
  const tasks = await getUpgradeMajorVersionTasks(DEFAULT_INSTANCES.upgraded, {}, { ...opts });
  expect(tasks).toHaveLength(2);
  expect(tasks[0]).toMatchObject({ sourceMajorVersion: 11, targetMajorVersion: 12, result: "Success", cutOver: true });
  expect(tasks[0].startTime).toBeInstanceOf(Date);
  expect(tasks[1]).toMatchObject({ result: "Failed", switchTime: undefined, targetInstanceId: undefined });
  await expect(getUpgradeMajorVersionTasks("pgm-nope", {}, opts)).rejects.toMatchObject({ code: "InvalidDBInstanceId.NotFound", action: "DescribeUpgradeMajorVersionTasks" });
});

test("getAvailableResources: node classes per zone, engine and version; dbType needs dbVersion before any call", async () => {
  const all = await getAvailableResources({ dbType: "PostgreSQL", dbVersion: "11", zoneId: "cn-hangzhou-h" }, opts);
  expect(all.length).toBeGreaterThan(0);
  expect(all.every((r) => r.zoneId === "cn-hangzhou-h" && r.engine === "PostgreSQL" && r.dbVersion === "11")).toBe(true);
  expect(all.map((r) => r.dbNodeClass)).toContain("polar.pg.x4.medium");
  await expect(getAvailableResources({ dbType: "MySQL" }, opts)).rejects.toThrow(/give dbVersion with dbType/);
});

test("pending maintenance: events of the caller's clusters, counts per type, rescheduling within the deadline", async () => {
  const client = new PolarDBClient(opts);
  const c: any = await client.request("CreateDBCluster", { DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid", ClientToken: "maint-1" });
  await client.close();
  const events = await getPendingMaintenanceEvents({ dbClusterId: c.DBClusterId }, opts);
  expect(events).toHaveLength(1);
  const e = events[0];
  expect(e).toMatchObject({ dbClusterId: c.DBClusterId, taskType: "DatabaseProxyUpgrading", status: 3, region: "cn-hangzhou", dbType: "PostgreSQL" });
  expect(e.switchTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  const byRegion = await getPendingMaintenanceEvents({ region: "cn-hangzhou", taskType: "DatabaseProxyUpgrading" }, opts);
  expect(byRegion.map((x) => x.id)).toContain(e.id);
  expect(await getPendingMaintenanceEvents({ region: "cn-hangzhou", taskType: "DatabaseStorageUpgrading" }, opts)).toEqual([]);
  const counts = await getPendingMaintenanceCounts({}, opts);
  expect(counts.DatabaseProxyUpgrading).toBeGreaterThanOrEqual(1);

  const newSwitch = new Date(Date.parse(e.deadline!) - 3_600_000);
  await reschedulePendingMaintenance([e.id], newSwitch, opts);
  const [moved] = await getPendingMaintenanceEvents({ dbClusterId: c.DBClusterId }, opts);
  expect(moved.switchTime).toBe(newSwitch.toISOString().replace(/\.\d{3}Z$/, "Z"));
  // Past the deadline: the cloud refuses.
  await expect(reschedulePendingMaintenance([e.id], new Date(Date.parse(e.deadline!) + 86_400_000), opts)).rejects.toMatchObject({ code: "InvalidParameter", action: "ModifyPendingMaintenanceAction" });
});

test("generateUpgradeReportForSyncClone (seed 000): a task id for a MySQL cluster; errors named", async () => {
  const client = new PolarDBClient(opts);
  const c: any = await client.request("CreateDBCluster", { DBType: "MySQL", DBVersion: "5.7", DBNodeClass: "polar.mysql.x4.medium", PayType: "Postpaid", ClientToken: "report-1" });
  await client.close();
  const r = await generateUpgradeReportForSyncClone({ sourceDbClusterId: c.DBClusterId, dbVersion: "8.0", creationOption: "MigrationFromRDS", creationCategory: "Normal", dbType: "MySQL" }, opts);
  expect(r).toEqual({ taskId: expect.any(Number), sourceDbClusterId: c.DBClusterId });
  await expect(generateUpgradeReportForSyncClone({ sourceDbClusterId: "nope", dbVersion: "8.0", creationOption: "MigrationFromRDS", creationCategory: "Normal" }, opts)).rejects.toThrow(/not a cluster id/);
  await expect(generateUpgradeReportForSyncClone({ sourceDbClusterId: c.DBClusterId, dbVersion: "9.9", creationOption: "MigrationFromRDS", creationCategory: "Normal" }, opts))
    .rejects.toMatchObject({ code: "InvalidDBVersion.ValueNotSupported", action: "GenerateUpgradeReportForSyncClone" });
});

test("getCloudMigrationTasks lists an instance's migrations without the clear-text SourcePassword the API echoes", async () => {
  const rdsClient = new RdsClient(opts);
  const created: any = await rdsClient.request("CreateCloudMigrationTask", { DBInstanceName: DEFAULT_INSTANCES.target2, SourceIpAddress: "10.1.2.3", SourcePort: 5432, SourceAccount: "mig", SourcePassword: "Very-Secret-9", SourceCategory: "ecsOnVpc" });
  await rdsClient.close();
  await new Promise((r) => setTimeout(r, 30)); // 30 s of emulated time: the precheck has logged
  const tasks = await getCloudMigrationTasks(DEFAULT_INSTANCES.target2, { taskId: created.TaskId }, opts);
  expect(tasks).toHaveLength(1);
  expect(tasks[0]).toMatchObject({ taskId: created.TaskId, sourceAccount: "mig", sourcePort: 5432 });
  expect(tasks[0].detail?.split("\n")[0]).toBe("[Check rds empty]");
  expect(JSON.stringify(tasks)).not.toContain("Very-Secret-9");
});

test("Output forms take Inputs (another resource's outputs) and resolve to the same typed results", async () => {
  const id = pulumi.output(Promise.resolve(DEFAULT_INSTANCES.upgraded));
  const out = getUpgradeMajorVersionTasksOutput(id, {}, opts);
  const tasks = await new Promise<any[]>((resolve) => out.apply((t) => { resolve(t as any[]); return t; }));
  expect(tasks.map((t) => t.result).sort()).toEqual(["Failed", "Success"]);
  expect(tasks[0].startTime).toBeInstanceOf(Date);
  const regions = await new Promise<any[]>((resolve) => getRegionsOutput(opts).apply((r) => { resolve(r as any[]); return r; }));
  expect(regions.map((r) => r.regionId)).toContain("cn-hangzhou");
});
