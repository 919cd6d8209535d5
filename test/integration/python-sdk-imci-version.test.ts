/**
 * The emulator's column-store and minor-version APIs judged by the official Python SDK 9.2.1:
 * CreateDBNodes with ImciSwitch (and its refusal on PostgreSQL), the nodes' ImciSwitch /
 * HotReplicaMode in DescribeDBClusterAttribute, DescribeDBClusterVersion (both DescribeTypes),
 * UpgradeDBClusterVersion now and with PlannedStartTime (a schedule task DescribeScheduleTasks
 * lists, which runs when its window opens), and the refusals: an unknown code, a downgrade.
 * The SDK's models keep only the fields they know: every field the emulator sends must survive.
 */
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { okBody, pythonSdk, sdkPython, SETUP_TIMEOUT_MS } from "../helpers/python-sdk";

let emu: TestEmulator;
let sdk: ReturnType<typeof pythonSdk>;
let mysql: string;
let pg: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const body = okBody;
async function running(id: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const a = body(await sdk.call("DescribeDBClusterAttribute", { DBClusterId: id }));
    if (a.DBClusterStatus === "Running") return a;
    await sleep(25);
  }
  throw new Error(`${id} did not become Running`);
}
/** Every field of our own client's answer is one the SDK's model knows (RequestId aside). */
async function sdkKnowsAll(action: string, params: Record<string, unknown>): Promise<any> {
  const ours = await emu.client.request<Record<string, unknown>>(action, params);
  const theirs = body(await sdk.call(action, params));
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => k !== "RequestId").sort();
  expect(keys(theirs)).toEqual(keys(ours));
  return theirs;
}

beforeAll(async () => {
  await sdkPython();
  // 0.01: an upgrade lasts ~6 s, so a batch of calls sees it under way even on a loaded machine.
  emu = await startTestEmulator({ timeScale: 0.01 });
  sdk = pythonSdk(emu);
  const base = { RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", PayType: "Postpaid" };
  const [m, p] = await sdk.calls([
    { action: "CreateDBCluster", params: { ...base, DBType: "MySQL", DBVersion: "8.0", DBNodeClass: "polar.mysql.x4.medium" } },
    { action: "CreateDBCluster", params: { ...base, DBType: "PostgreSQL", DBVersion: "14", DBNodeClass: "polar.pg.x4.medium" } },
  ]);
  mysql = body(m).DBClusterId;
  pg = body(p).DBClusterId;
  await running(mysql);
  await running(pg);
}, SETUP_TIMEOUT_MS);
afterAll(async () => { await emu?.stop(); });

test("CreateDBNodes ImciSwitch ON adds a column-store reader to MySQL 8.0; PostgreSQL refuses it", async () => {
  const [added, refused] = await sdk.calls([
    { action: "CreateDBNodes", params: { DBClusterId: mysql, ImciSwitch: "ON", DBNode: [{ TargetClass: "polar.mysql.x4.medium" }] } },
    { action: "CreateDBNodes", params: { DBClusterId: pg, ImciSwitch: "ON", DBNode: [{ TargetClass: "polar.pg.x4.medium", ZoneId: "cn-hangzhou-h" }] } },
  ]);
  const ids: string[] = body(added).DBNodeIds.DBNodeId;
  expect(ids).toHaveLength(1);
  expect(refused).toMatchObject({ ok: false, code: "InvalidImciSwitch.ValueNotSupported", statusCode: 400 });
  const a = await running(mysql);
  const rows = a.DBNodes.map((n: any) => [n.DBNodeRole, n.ImciSwitch, n.HotReplicaMode]);
  expect(rows).toEqual([["Writer", "OFF", "OFF"], ["Reader", "OFF", "OFF"], ["Reader", "ON", "OFF"]]);
  expect(a.DBNodes.find((n: any) => n.DBNodeId === ids[0]).ImciSwitch).toBe("ON");
  expect((await running(pg)).DBNodes).toHaveLength(2);
});

test("DescribeDBClusterVersion: the running revision and the upgradable ones, in the SDK's shape", async () => {
  const available = await sdkKnowsAll("DescribeDBClusterVersion", { DBClusterId: mysql, DescribeType: "AVAILABLE_VERSION" });
  expect(available).toMatchObject({ DBClusterId: mysql, DBVersion: "8.0", DBMinorVersion: "8.0.1", IsLatestVersion: "false", DBRevisionVersion: expect.stringMatching(/^8\.0\.1\.1\.\d+$/) });
  expect(available.DBRevisionVersionList.length).toBeGreaterThanOrEqual(2);
  // DescribeDBClusterAttribute agrees: not the latest revision.
  expect(await running(mysql)).toMatchObject({ IsLatestVersion: false, DBVersionStatus: "Stable" });
  for (const r of available.DBRevisionVersionList) expect(Object.keys(r).sort()).toEqual(["ReleaseNote", "ReleaseType", "RevisionVersionCode", "RevisionVersionName"]);
  const latest = await sdkKnowsAll("DescribeDBClusterVersion", { DBClusterId: mysql, DescribeType: "LATEST_VERSION" });
  expect(latest.DBRevisionVersionList).toEqual([available.DBRevisionVersionList.at(-1)]);
  expect(latest.DBLatestVersion).toBe(available.DBRevisionVersionList.at(-1).RevisionVersionName);
  const pgVersion = await sdkKnowsAll("DescribeDBClusterVersion", { DBClusterId: pg });
  expect(pgVersion).toMatchObject({ DBVersion: "14", DBLatestStableVersion: expect.any(String), IsLatestStableVersion: expect.stringMatching(/^(true|false)$/) });
  expect(await sdk.call("DescribeDBClusterVersion", { DBClusterId: "pc-nothere0000000000" })).toMatchObject({ ok: false, code: "InvalidDBClusterId.NotFound" });
});

test("UpgradeDBClusterVersion now: MinorVersionUpgrading, then the new revision; unknown codes and downgrades refused", async () => {
  const before = body(await sdk.call("DescribeDBClusterVersion", { DBClusterId: mysql, DescribeType: "AVAILABLE_VERSION" }));
  const [next] = before.DBRevisionVersionList;
  // One Python process: the calls follow each other within milliseconds, inside the (scaled) upgrade.
  const [unknown, proxy, now, during, busy] = await sdk.calls([
    { action: "UpgradeDBClusterVersion", params: { DBClusterId: mysql, TargetDBRevisionVersionCode: "19990101", UpgradeType: "DB" } },
    { action: "UpgradeDBClusterVersion", params: { DBClusterId: mysql, TargetDBRevisionVersionCode: next.RevisionVersionCode, UpgradeType: "PROXY" } },
    { action: "UpgradeDBClusterVersion", params: { DBClusterId: mysql, TargetDBRevisionVersionCode: next.RevisionVersionCode, UpgradeType: "DB", FromTimeService: true } },
    { action: "DescribeDBClusterAttribute", params: { DBClusterId: mysql } },
    { action: "UpgradeDBClusterVersion", params: { DBClusterId: mysql, TargetDBRevisionVersionCode: next.RevisionVersionCode } },
  ]);
  expect(unknown).toMatchObject({ ok: false, code: "InvalidParameter", statusCode: 400 });
  expect(proxy).toMatchObject({ ok: false, code: "InvalidParameter" });
  expect(body(now)).toEqual({ RequestId: expect.any(String) });
  expect(body(during).DBClusterStatus).toBe("MinorVersionUpgrading");
  expect(body(during).DBNodes.map((n: any) => n.DBNodeStatus)).toContain("MinorVersionUpgrading");
  expect(busy).toMatchObject({ ok: false, code: "OperationDenied.DBClusterStatus" });
  await running(mysql);
  const after = body(await sdk.call("DescribeDBClusterVersion", { DBClusterId: mysql, DescribeType: "AVAILABLE_VERSION" }));
  expect(after.DBRevisionVersion).toBe(next.RevisionVersionName);
  expect(after.DBRevisionVersionList.map((r: any) => r.RevisionVersionCode)).not.toContain(next.RevisionVersionCode);
  // No downgrade, not even to the same revision.
  const back = await sdk.call("UpgradeDBClusterVersion", { DBClusterId: mysql, TargetDBRevisionVersionCode: before.DBRevisionVersionList[0].RevisionVersionCode });
  expect(back).toMatchObject({ ok: false, code: "OperationDenied.DBRevisionVersion", statusCode: 403 });
});

test("UpgradeDBClusterVersion with PlannedStartTime: a schedule task, listed, run when its window opens", async () => {
  const [next] = body(await sdk.call("DescribeDBClusterVersion", { DBClusterId: pg, DescribeType: "AVAILABLE_VERSION" })).DBRevisionVersionList;
  const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  emu.emulator.holdScheduleTasks();
  try {
    const planned = await sdk.call("UpgradeDBClusterVersion", {
      DBClusterId: pg, TargetDBRevisionVersionCode: next.RevisionVersionCode, UpgradeType: "DB",
      PlannedStartTime: at(Date.now() + 3_600_000), PlannedEndTime: at(Date.now() + 5_400_000),
    });
    expect(planned.ok).toBe(true);
    expect(body(await sdk.call("DescribeDBClusterAttribute", { DBClusterId: pg })).DBClusterStatus).toBe("Running");
    const tasks = body(await sdk.call("DescribeScheduleTasks", { DBClusterId: pg, TaskAction: "UpgradeDBClusterVersion" })).Data.TimerInfos;
    expect(tasks).toEqual([expect.objectContaining({ Action: "UpgradeDBClusterVersion", Status: "pending", DBClusterId: pg })]);
    // One pending task per cluster.
    expect(await sdk.call("UpgradeDBClusterVersion", { DBClusterId: pg, TargetDBRevisionVersionCode: next.RevisionVersionCode, PlannedStartTime: at(Date.now() + 3_600_000) }))
      .toMatchObject({ ok: false, code: "ScheduleTaskExist" });
    emu.emulator.fireScheduleTask(tasks[0].TaskId);
    await running(pg);
    expect(body(await sdk.call("DescribeDBClusterVersion", { DBClusterId: pg })).DBRevisionVersion).toBe(next.RevisionVersionName);
    const done = body(await sdk.call("DescribeScheduleTasks", { DBClusterId: pg })).Data.TimerInfos;
    expect(done[0]).toMatchObject({ TaskId: tasks[0].TaskId, Status: "finish" });
  } finally {
    emu.emulator.holdScheduleTasks(false);
  }
});
