/**
 * Column store and minor version upgrades, engine + emulator: a column-store reader added in place
 * (Node imciSwitch, Cluster imciSwitch), refused on PostgreSQL; a revision upgrade now (the
 * cluster MinorVersionUpgrading, then the new revision read back); an upgrade in plannedWindow
 * registered as a schedule task and run when the emulator fires it; preview's check against the
 * cluster's list of upgradable revisions; changes made outside the program read back as drift.
 */
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { clusterSpec } from "../../resources/cluster";
import { nodeSpec } from "../../resources/node";
import { checkedInputs, CLASS, describeCluster, FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let cluster: Provider;
let node: Provider;
const lines: string[] = [];
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16) + "Z";
const windowIn = (minutes: number) => `${iso(Date.now() + minutes * 60_000)}/${iso(Date.now() + (minutes + 30) * 60_000)}`;
const mysql = { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: CLASS.MySQL, zoneId: "cn-hangzhou-h" };
const versionOf = (id: string) => emu.client.request<any>("DescribeDBClusterVersion", { DBClusterId: id, DescribeType: "AVAILABLE_VERSION" });

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  const deps = runtimeDeps({ tuning: FAST, progress: (l) => lines.push(l), convergeGraceMs: 300 });
  cluster = makeProvider(clusterSpec, deps);
  node = makeProvider(nodeSpec, deps);
});
afterAll(async () => { await emu?.stop(); });

test("a column-store Node is added in place, read back, and replaced (not switched) when imciSwitch changes", async () => {
  const c = await cluster.create(await checkedInputs(cluster, { ...mysql, description: "imci-node" }));
  expect(c.outs.imciSwitch).toBe("OFF");
  const inputs = await checkedInputs(node, { dbClusterId: c.id, dbNodeClass: CLASS.MySQL, imciSwitch: "ON" });
  emu.emulator.resetCalls();
  const n = await node.create(inputs);
  expect(emu.emulator.calls().CreateDBNodes).toBe(1);
  expect(n.outs).toMatchObject({ imciSwitch: "ON", role: "Reader", status: "Running", hotReplicaMode: "OFF" });
  const row = (await describeCluster(emu, c.id)).DBNodes.find((x: any) => x.DBNodeId === n.outs.dbNodeId);
  expect(row.ImciSwitch).toBe("ON");
  // The cluster reads it back: it has a column-store node now.
  expect((await cluster.read!(c.id, c.outs)).props!.imciSwitch).toBe("ON");
  // A node cannot switch: OFF is a replacement.
  const off = await checkedInputs(node, { dbClusterId: c.id, dbNodeClass: CLASS.MySQL, imciSwitch: "OFF" });
  expect(await node.diff(n.id, n.outs, off)).toMatchObject({ changes: true, replaces: ["imciSwitch"] });
});

test("Cluster imciSwitch ON adds a column-store reader in place; OFF removes it; a console change is drift", async () => {
  const c = await cluster.create(await checkedInputs(cluster, { ...mysql, description: "imci-cluster" }));
  let outs = c.outs;
  const on = await checkedInputs(cluster, { ...mysql, description: "imci-cluster", imciSwitch: "ON" });
  expect(await cluster.diff(c.id, outs, on)).toMatchObject({ changes: true, replaces: [] });
  emu.emulator.resetCalls();
  outs = (await cluster.update!(c.id, outs, on)).outs;
  expect(emu.emulator.calls()).toMatchObject({ CreateDBNodes: 1 });
  expect(outs.imciSwitch).toBe("ON");
  expect(outs.dbNodes.filter((x: any) => x.imciSwitch === "ON")).toHaveLength(1);
  expect(outs.dbNodes).toHaveLength(3);
  expect((await cluster.diff(c.id, outs, on)).changes).toBe(false);

  // Removed in the console: refresh reads OFF, and the next up adds one again.
  const imciNode = outs.dbNodes.find((x: any) => x.imciSwitch === "ON").dbNodeId;
  await emu.client.request("DeleteDBNodes", { DBClusterId: c.id, DBNodeId: [imciNode] });
  for (let i = 0; i < 100 && (await describeCluster(emu, c.id)).DBClusterStatus !== "Running"; i++) await new Promise((r) => setTimeout(r, 20));
  const read = (await cluster.read!(c.id, outs)).props!;
  expect(read.imciSwitch).toBe("OFF");
  expect((await cluster.diff(c.id, read, on)).changes).toBe(true);

  // OFF: the column-store readers go (none now, so nothing is called) …
  outs = (await cluster.update!(c.id, read, on)).outs;
  expect(outs.imciSwitch).toBe("ON");
  const off = await checkedInputs(cluster, { ...mysql, description: "imci-cluster", imciSwitch: "OFF" });
  emu.emulator.resetCalls();
  outs = (await cluster.update!(c.id, outs, off)).outs;
  expect(emu.emulator.calls()).toMatchObject({ DeleteDBNodes: 1 });
  expect(outs.imciSwitch).toBe("OFF");
  expect(outs.dbNodes).toHaveLength(2);
});

test("imciSwitch ON is refused in preview on PostgreSQL (the issue's PG 14) and by the cloud for a node", async () => {
  const r = await cluster.check({}, { dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: CLASS.PostgreSQL, imciSwitch: "ON" });
  expect(r.failures).toEqual([{ property: "imciSwitch", reason: expect.stringMatching(/PolarDB for MySQL 8.0 feature; a PostgreSQL 14 cluster does not take them/) }]);
  const basic = await cluster.check({}, { ...mysql, creationCategory: "Basic", imciSwitch: "ON" });
  expect(basic.failures).toEqual([{ property: "imciSwitch", reason: expect.stringMatching(/single-node \(Basic\) edition/) }]);
  const pg = await cluster.create(await checkedInputs(cluster, { dbType: "PostgreSQL", dbVersion: "14", dbNodeClass: CLASS.PostgreSQL, zoneId: "cn-hangzhou-h" }));
  const nodeInputs = await checkedInputs(node, { dbClusterId: pg.id, dbNodeClass: CLASS.PostgreSQL, imciSwitch: "ON" });
  await expect(node.create(nodeInputs)).rejects.toThrow(/InvalidImciSwitch.ValueNotSupported/);
});

test("a revision upgrade now: preview checks the code, the cluster upgrades in place, the new revision is read back", async () => {
  const c = await cluster.create(await checkedInputs(cluster, { ...mysql, description: "upgrade-now" }));
  const before = await versionOf(c.id);
  expect(c.outs.dbRevisionVersion).toBe(before.DBRevisionVersion);
  expect(c.outs.dbRevisionVersionList.map((x: any) => x.revisionVersionCode)).toEqual(before.DBRevisionVersionList.map((x: any) => x.RevisionVersionCode));
  const [next, newest] = before.DBRevisionVersionList;
  expect(newest).toBeDefined();

  // Preview: a code the cluster does not offer fails, naming the field and the choices.
  const bogus = await checkedInputs(cluster, { ...mysql, description: "upgrade-now", targetDbRevisionVersionCode: "19990101" });
  await expect(cluster.diff(c.id, c.outs, bogus)).rejects.toThrow(new RegExp(`targetDbRevisionVersionCode: "19990101" is not a revision this cluster can be upgraded to: it runs ${before.DBRevisionVersion.replace(/\./g, "\\.")}.*offers "${next.RevisionVersionCode}"`));
  // Form and rules without the cloud.
  expect((await cluster.check({}, { ...mysql, targetDbRevisionVersionCode: "not a code" })).failures).toEqual([{ property: "targetDbRevisionVersionCode", reason: expect.stringMatching(/revision version code/) }]);
  expect((await cluster.check({}, { ...mysql, upgradeType: "ALL" })).failures).toEqual([{ property: "upgradeType", reason: expect.stringMatching(/applies with targetDbRevisionVersionCode only/) }]);

  const news = await checkedInputs(cluster, { ...mysql, description: "upgrade-now", targetDbRevisionVersionCode: next.RevisionVersionCode, upgradeType: "DB", fromTimeService: "true" });
  expect(news.fromTimeService).toBe(true);
  expect(await cluster.diff(c.id, c.outs, news)).toMatchObject({ changes: true, replaces: [] });
  emu.emulator.resetCalls();
  const t0 = Date.now();
  const outs = (await cluster.update!(c.id, c.outs, news)).outs;
  expect(emu.emulator.calls().UpgradeDBClusterVersion).toBe(1);
  // The engine waited through the upgrade (MinorVersionUpgrading, then Running), not a sleep.
  const statuses = JSON.stringify(emu.emulator.history({ clusterId: c.id, since: t0 }));
  expect(statuses).toMatch(/MinorVersionUpgrading/);
  expect(outs.targetDbRevisionVersionCode).toBe(next.RevisionVersionCode);
  expect(outs.dbRevisionVersion).toBe(next.RevisionVersionName);
  expect(outs.dbRevisionVersionList.map((x: any) => x.revisionVersionCode)).not.toContain(next.RevisionVersionCode);
  expect((await cluster.diff(c.id, outs, news)).changes).toBe(false);
  // Refresh keeps it (the code is no longer offered: reached).
  const read = (await cluster.read!(c.id, outs)).props!;
  expect(read.targetDbRevisionVersionCode).toBe(next.RevisionVersionCode);
  expect((await cluster.diff(c.id, read, news)).changes).toBe(false);

  // Upgraded again in the console: refresh shows the newer code as drift; the old code is refused (no downgrade).
  await emu.client.request("UpgradeDBClusterVersion", { DBClusterId: c.id, TargetDBRevisionVersionCode: newest.RevisionVersionCode, UpgradeType: "DB" });
  for (let i = 0; i < 200 && (await describeCluster(emu, c.id)).DBClusterStatus !== "Running"; i++) await new Promise((r) => setTimeout(r, 20));
  const drifted = (await cluster.read!(c.id, read)).props!;
  expect(drifted.dbRevisionVersion).toBe(newest.RevisionVersionName);
  expect(drifted.targetDbRevisionVersionCode).toBe(newest.RevisionVersionCode);
  // Drift, not a preview failure (diff serves refresh too): a warning says what to set; up is refused by the cloud.
  lines.length = 0;
  expect(await cluster.diff(c.id, drifted, news)).toMatchObject({ changes: true, replaces: [] });
  expect(lines.join("\n")).toMatch(new RegExp(`targetDbRevisionVersionCode: .*a revision is never downgraded.*upgraded to ${newest.RevisionVersionCode} outside this program: set targetDbRevisionVersionCode to "${newest.RevisionVersionCode}"`));
  await expect(cluster.update!(c.id, drifted, news)).rejects.toThrow(/UpgradeDBClusterVersion.*OperationDenied.DBRevisionVersion/);
  const follows = await checkedInputs(cluster, { ...mysql, description: "upgrade-now", targetDbRevisionVersionCode: newest.RevisionVersionCode, upgradeType: "DB", fromTimeService: true });
  expect((await cluster.diff(c.id, drifted, follows)).changes).toBe(false);
  // The cloud refuses a downgrade too.
  await expect(emu.client.request("UpgradeDBClusterVersion", { DBClusterId: c.id, TargetDBRevisionVersionCode: next.RevisionVersionCode }))
    .rejects.toThrow(/OperationDenied.DBRevisionVersion/);
});

test("an upgrade in plannedWindow is registered, shown pending, and run when its window opens", async () => {
  const c = await cluster.create(await checkedInputs(cluster, { ...mysql, description: "upgrade-window" }));
  const [next] = (await versionOf(c.id)).DBRevisionVersionList;
  emu.emulator.holdScheduleTasks();
  try {
    const news = await checkedInputs(cluster, { ...mysql, description: "upgrade-window", targetDbRevisionVersionCode: next.RevisionVersionCode, plannedWindow: windowIn(60) });
    lines.length = 0;
    const t0 = Date.now();
    let outs = (await cluster.update!(c.id, c.outs, news)).outs;
    expect(emu.emulator.history({ clusterId: c.id, since: t0 })).toEqual([]);
    const tasks = (await emu.client.request<any>("DescribeScheduleTasks", { DBClusterId: c.id })).Data.TimerInfos;
    expect(tasks).toEqual([expect.objectContaining({ Action: "UpgradeDBClusterVersion", Status: "pending" })]);
    expect(outs.scheduledChanges).toEqual([expect.objectContaining({ action: "UpgradeDBClusterVersion", targets: { targetDbRevisionVersionCode: next.RevisionVersionCode }, status: "pending" })]);
    expect(lines.join("\n")).toMatch(/targetDbRevisionVersionCode will change in the window .*UpgradeDBClusterVersion/);
    expect((await cluster.diff(c.id, outs, news)).changes).toBe(false);

    emu.emulator.fireScheduleTask(tasks[0].TaskId);
    for (let i = 0; i < 200 && (outs.dbRevisionVersion !== next.RevisionVersionName || outs.scheduledChanges); i++) {
      await new Promise((r) => setTimeout(r, 20));
      outs = (await cluster.read!(c.id, outs)).props!;
    }
    expect(outs.dbRevisionVersion).toBe(next.RevisionVersionName);
    expect(outs.targetDbRevisionVersionCode).toBe(next.RevisionVersionCode);
    expect(outs.scheduledChanges).toBeUndefined();
    expect((await cluster.diff(c.id, outs, news)).changes).toBe(false);
    const after = (await emu.client.request<any>("DescribeScheduleTasks", { DBClusterId: c.id })).Data.TimerInfos;
    expect(after[0].Status).toBe("finish");

    // fromTimeService true: the upgrade cannot wait, it runs now.
    const [newer] = (await versionOf(c.id)).DBRevisionVersionList;
    lines.length = 0;
    const now = await checkedInputs(cluster, { ...mysql, description: "upgrade-window", targetDbRevisionVersionCode: newer.RevisionVersionCode, fromTimeService: true, plannedWindow: windowIn(60) });
    outs = (await cluster.update!(c.id, outs, now)).outs;
    expect(outs.dbRevisionVersion).toBe(newer.RevisionVersionName);
    expect(lines.join("\n")).toMatch(/targetDbRevisionVersionCode cannot wait for a window/);
  } finally {
    emu.emulator.holdScheduleTasks(false);
  }
});

test("a revision asked for at creation: the new cluster is upgraded to it at once", async () => {
  const probe = await cluster.create(await checkedInputs(cluster, { ...mysql, description: "probe" }));
  const [next] = (await versionOf(probe.id)).DBRevisionVersionList;
  const c = await cluster.create(await checkedInputs(cluster, { ...mysql, description: "born-upgraded", targetDbRevisionVersionCode: next.RevisionVersionCode, imciSwitch: "ON" }));
  expect(c.outs).toMatchObject({ targetDbRevisionVersionCode: next.RevisionVersionCode, dbRevisionVersion: next.RevisionVersionName, imciSwitch: "ON" });
});

test("lost answers: the upgrade's and the column-store node's first answers lost after the cloud applied them; each converges once", async () => {
  const c = await cluster.create(await checkedInputs(cluster, { ...mysql, description: "lost-answers" }));
  const [next] = (await versionOf(c.id)).DBRevisionVersionList;
  emu.emulator.setFaults("UpgradeDBClusterVersion:drop=#1;CreateDBNodes:drop=#1");
  emu.emulator.resetFaultsServed();
  try {
    const news = await checkedInputs(cluster, { ...mysql, description: "lost-answers", targetDbRevisionVersionCode: next.RevisionVersionCode, imciSwitch: "ON" });
    const outs = (await cluster.update!(c.id, c.outs, news)).outs;
    expect(emu.emulator.faultsServed()).toEqual({ UpgradeDBClusterVersion: { drop: 1 }, CreateDBNodes: { drop: 1 } });
    expect(outs).toMatchObject({ imciSwitch: "ON", dbRevisionVersion: next.RevisionVersionName, targetDbRevisionVersionCode: next.RevisionVersionCode });
    // One column-store node (the ClientToken answered the repeat), one upgrade.
    expect((await describeCluster(emu, c.id)).DBNodes.filter((n: any) => n.ImciSwitch === "ON")).toHaveLength(1);
    expect(emu.emulator.history({ clusterId: c.id }).filter((h: any) => h.object === "cluster" && h.to === "MinorVersionUpgrading")).toHaveLength(1);
  } finally {
    emu.emulator.setFaults(undefined);
  }
});

test("preview cannot ask the cloud for the revision list: it says so and checks the form only", async () => {
  const c = await cluster.create(await checkedInputs(cluster, { ...mysql, description: "no-list" }));
  const news = await checkedInputs(cluster, { ...mysql, description: "no-list", targetDbRevisionVersionCode: "19990101" });
  emu.emulator.setFaults("DescribeDBClusterVersion:5xx=1");
  lines.length = 0;
  try {
    expect(await cluster.diff(c.id, c.outs, news)).toMatchObject({ changes: true, replaces: [] });
    expect(lines.join("\n")).toMatch(/could not ask the cloud to check targetDbRevisionVersionCode .*; checked the form only/);
  } finally {
    emu.emulator.setFaults(undefined);
  }
});
