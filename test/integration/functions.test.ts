/** The read-only functions against the emulator: typed results from the documented shapes. */
import { startEmulator, Emulator } from "../../emulator";
import { getClusters, getRegions, getTasks, getUpgradeMajorVersionTasks } from "../../provider/functions";
import { DEFAULT_INSTANCES } from "../../emulator/rds/index";
import { PolarDBClient } from "../../provider/client";

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
  const client = new PolarDBClient(opts);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r: any = await client.request("CreateDBCluster", { DBType: i ? "PostgreSQL" : "MySQL", DBVersion: i ? "11" : "8.0", DBNodeClass: i ? "polar.pg.x4.medium" : "polar.mysql.x4.medium", PayType: "Postpaid", DBClusterDescription: `fn-${i}`, ClientToken: `fn-${i}` });
    ids.push(r.DBClusterId);
  }
  await client.request("TagResources", { ResourceType: "cluster", ResourceId: [ids[2]], Tag: [{ Key: "team", Value: "pay" }] });
  await client.close();
  const all = await getClusters({}, opts);
  expect(all.map((c) => c.dbClusterId).sort()).toEqual([...ids].sort());
  expect((await getClusters({ dbType: "PostgreSQL" }, opts)).map((c) => c.dbClusterId).sort()).toEqual(ids.slice(1).sort());
  const tagged = await getClusters({ tags: { team: "pay" } }, opts);
  expect(tagged).toEqual([expect.objectContaining({ dbClusterId: ids[2], tags: { team: "pay" }, deletionLock: false, dbVersion: "11" })]);
  const running = await getTasks(ids[0], {}, opts);
  expect(running[0]).toMatchObject({ action: "CreateDBInstance", status: "Running" });
  await new Promise((r) => setTimeout(r, 400));
  expect(await getTasks(ids[0], {}, opts)).toEqual([]); // finished tasks are not listed without a Status filter (documented)
  expect((await getTasks(ids[0], { status: "Finished" }, opts))[0]).toMatchObject({ status: "Finished", progress: 100 });
});

test("getUpgradeMajorVersionTasks (seed 002) returns typed tasks with dates from epoch milliseconds", async () => {
  const tasks = await getUpgradeMajorVersionTasks(DEFAULT_INSTANCES.upgraded, {}, { ...opts });
  expect(tasks).toHaveLength(2);
  expect(tasks[0]).toMatchObject({ sourceMajorVersion: 11, targetMajorVersion: 12, result: "Success", cutOver: true });
  expect(tasks[0].startTime).toBeInstanceOf(Date);
  expect(tasks[1]).toMatchObject({ result: "Failed", switchTime: undefined, targetInstanceId: undefined });
  await expect(getUpgradeMajorVersionTasks("pgm-nope", {}, opts)).rejects.toMatchObject({ code: "InvalidDBInstanceId.NotFound", action: "DescribeUpgradeMajorVersionTasks" });
});
