/**
 * Issue 15's cluster reference end to end, with the real CLI and the packed package: a manual
 * Backup, a clone born from that backup set, and a zone move that preview shows as an in-place
 * update (never a replacement) and `up` carries out with ModifyDBClusterPrimaryZone; destroy
 * leaves nothing. Then the same under faults: throttling, 5xx and resets on every action, and the
 * first answer of each of issue 15's calls lost after the cloud applied it.
 * Scheduled tasks are held: a window opens when the test fires its task, never while the CLI
 * runs that must come first (on the scaled clock "ten hours ahead" would be 36 seconds).
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import type { PolarDBClient } from "../../provider/client";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { Project } from "../helpers/pulumi-cli";

jest.setTimeout(15 * 60_000);

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const common = { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", vpcId: "vpc-opts000000000000001" };
const source = new polardb.Cluster("source", {
  ...common, dbNodeClass: cfg.get("class") || common.dbNodeClass, plannedWindow: cfg.get("window"),
  zoneId: cfg.get("zone") || "cn-hangzhou-h", vswitchId: cfg.get("vswitch") || "vsw-zoneh0000000000001", description: "source",
});
const owner = new polardb.Account("owner", { dbClusterId: source.id, accountName: "owner", accountPassword: cfg.requireSecret("password") });
const db = new polardb.Database("orders", { dbClusterId: source.id, dbName: "orders", characterSetName: "utf8", collate: "C", accountName: owner.accountName });
const backup = new polardb.Backup("nightly", { dbClusterId: source.id }, { dependsOn: [db] });
const clone = new polardb.Cluster("clone", {
  ...common, zoneId: "cn-hangzhou-h", vswitchId: "vsw-zoneh0000000000001", description: "clone",
  creationOption: "CloneFromPolarDB", sourceResourceId: source.id, cloneDataPoint: backup.backupId,
});
exports.sourceId = source.id;
exports.cloneId = clone.id;
exports.backupId = backup.backupId;
exports.sourceZone = source.zoneId;
exports.sourceClass = source.dbNodeClass;
`;

let stack: E2eStack;
let client: PolarDBClient;
let project: Project;
const outputs = async () => JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);

beforeAll(async () => {
  stack = await startE2eStack("options-e2e", program, {
    key: { id: "opts-key", secret: "opts-SECRET-8c1e" }, timeScale: 0.001,
    env: { POLARDB_WAIT_FIRST_MS: "5", POLARDB_WAIT_MIN_MS: "5", POLARDB_WAIT_MAX_MS: "50" },
  });
  ({ client, project } = stack);
  stack.emulator.holdScheduleTasks();
  await project.pulumi(["config", "set", "--secret", "password", "Owner-Passw0rd-e2e"]);
});
afterAll(async () => { await stack?.close(); });

test("up: a backup of the source, and a clone born from that backup set, carrying its database", async () => {
  const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 6 created/);
  const out = await outputs();
  expect(out.backupId).toMatch(/^\d+$/);
  const dbs = (await client.request<any>("DescribeDatabases", { DBClusterId: out.cloneId })).Databases.Database.map((d: any) => d.DBName);
  expect(dbs).toContain("orders");
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

test("a zone move: preview shows an update, not a replacement; up moves the cluster in place", async () => {
  const { sourceId } = await outputs();
  await project.pulumi(["config", "set", "zone", "cn-hangzhou-i"]);
  await project.pulumi(["config", "set", "vswitch", "vsw-zonei0000000000001"]);
  const preview = await project.pulumi(["preview", "--diff"]);
  expect(preview.stdout).toMatch(/~ 1 to update/);
  expect(preview.stdout).not.toMatch(/to replace|replacing deletes/);

  stack.emulator.resetCalls();
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  const calls = stack.emulator.calls();
  expect(calls.ModifyDBClusterPrimaryZone).toBe(1);
  expect(calls.DeleteDBCluster ?? 0).toBe(0);
  expect(calls.CreateDBCluster ?? 0).toBe(0);
  const attr = await client.request<any>("DescribeDBClusterAttribute", { DBClusterId: sourceId });
  expect({ zone: attr.ZoneIds, status: attr.DBClusterStatus, id: attr.DBClusterId }).toEqual({ zone: "cn-hangzhou-i", status: "Running", id: sourceId });
  expect((await outputs()).sourceZone).toBe("cn-hangzhou-i");
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
});

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16) + "Z";
const windowIn = (minutes: number) => `${iso(Date.now() + minutes * 60_000)}/${iso(Date.now() + (minutes + 30) * 60_000)}`;
function drift(): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, "..", "..", "dist", "drift", "cli.js"), "--format", "text"], { cwd: project.dir, env: project.env });
    let stdout = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout }));
  });
}

test("a class upgrade in a window: registered (up returns), shown, re-registered, run by the cloud, converged", async () => {
  const { sourceId } = await outputs();
  await project.pulumi(["config", "set", "class", "polar.pg.x4.large"]);
  await project.pulumi(["config", "set", "window", windowIn(600)]); // 10 hours ahead; held: it opens when the test says
  const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/polardb:Cluster\s+source\s+updat.*dbNodeClass will change in the window .*\(ModifyDBNodeClass, task [\w-]+\)/);
  expect((await outputs()).sourceClass).toBe("polar.pg.x4.medium");
  const tasks = async () => (await client.request<any>("DescribeScheduleTasks", { DBClusterId: sourceId })).Data.TimerInfos as Array<{ TaskId: string; Status: string }>;
  const first = (await tasks()).find((t) => t.Status === "pending")!.TaskId;
  // Nothing to do while it waits; polardb-drift shows it.
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
  const report = await drift();
  expect({ code: report.code, out: report.stdout }).toEqual({
    code: 0, out: expect.stringMatching(new RegExp(`scheduled: dbNodeClass → "polar.pg.x4.large" \\(ModifyDBNodeClass\\) in .*: pending, task ${first}`)),
  });

  // Another window: cancelled and registered again.
  await project.pulumi(["config", "set", "window", windowIn(20)]);
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  expect((await tasks()).find((t) => t.TaskId === first)?.Status).toBe("cancel");
  const pending = (await tasks()).filter((t) => t.Status === "pending");
  expect(pending).toHaveLength(1);

  // The window opens: the cloud runs the class change (about a second on the scaled clock).
  stack.emulator.fireScheduleTask(pending[0].TaskId);
  const changed = async () => {
    const attr = await client.request<any>("DescribeDBClusterAttribute", { DBClusterId: sourceId });
    const nodes = attr.DBNodes.DBNode ?? attr.DBNodes;
    return attr.DBClusterStatus === "Running" && nodes.every((n: any) => n.DBNodeClass === "polar.pg.x4.large");
  };
  for (let i = 0; i < 240 && !(await changed()); i++) await new Promise((r) => setTimeout(r, 250));
  expect(await changed()).toBe(true);
  expect((await tasks()).find((t) => t.TaskId === pending[0].TaskId)?.Status).toBe("finish");
  await project.pulumi(["refresh", "--yes", "--skip-preview"]);
  expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
  const up2 = await project.pulumi(["up", "--yes", "--skip-preview"]); // nothing to change: the stack outputs follow the state
  expect(up2.stdout).not.toMatch(/ModifyDBNodeClass|will change in the window/);
  expect((await outputs()).sourceClass).toBe("polar.pg.x4.large");
});

test("destroy removes the clone, the backup and the source", async () => {
  await project.pulumi(["destroy", "--yes", "--skip-preview"]);
  const left = ((await client.request<any>("DescribeDBClusters", {})).Items.DBCluster as any[]).filter((c) => c.DBClusterStatus !== "Deleted");
  expect(left).toEqual([]);
});

/** Issue 15's actions: the first answer of each of their calls is lost after the cloud applied it. */
const NEW_ACTIONS = ["CreateBackup", "DeleteBackup", "ModifyDBClusterPrimaryZone", "ModifyDBNodeClass", "CancelScheduleTasks"];

test("under faults: one up, one zone move, one registration and one re-registration, one destroy; no duplicate, nothing left", async () => {
  // The lost answers first: a throttled call is not applied, so its repeat is the one to lose.
  stack.emulator.setFaults(`${NEW_ACTIONS.map((a) => `${a}:drop=#1/request`).join(";")};*:throttle=0.2,5xx=0.05,reset=0.03;seed=11`);
  stack.emulator.resetFaultsServed();
  try {
    await project.pulumi(["config", "rm", "window"]); // the previous test left the large class in zone i
    expect((await project.pulumi(["up", "--yes", "--skip-preview"])).stdout).toMatch(/\+ 6 created/);
    const { sourceId, cloneId, backupId } = await outputs();
    const state = () => stack.emulator.backend.save() as any;
    const manual = () => state().backups.filter((b: any) => b.DBClusterId === sourceId && b.BackupMode === "Manual");
    expect(manual().map((b: any) => b.BackupId)).toEqual([backupId]); // the lost answer made no second backup
    expect((await client.request<any>("DescribeDatabases", { DBClusterId: cloneId })).Databases.Database.map((d: any) => d.DBName)).toContain("orders");

    // The zone move's lost answer: its repeat is refused (the zone is the new one already); the live zone decides.
    await project.pulumi(["config", "set", "zone", "cn-hangzhou-h"]);
    await project.pulumi(["config", "set", "vswitch", "vsw-zoneh0000000000001"]);
    stack.emulator.resetCalls();
    const move = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(move.stdout).toMatch(/Cluster source \(pc-\w+\): ModifyDBClusterPrimaryZone got no answer, and its repeat was refused \(\w+\); the cloud shows the change made/);
    expect((stack.emulator.calls().CreateDBCluster ?? 0) + (stack.emulator.calls().DeleteDBCluster ?? 0)).toBe(0);
    expect((await client.request<any>("DescribeDBClusterAttribute", { DBClusterId: sourceId })).ZoneIds).toBe("cn-hangzhou-h");
    expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);

    // A registration (ModifyDBNodeClass's answer lost: its ClientToken answers the repeat) and a
    // re-registration (CancelScheduleTasks's answer lost: the task's status decides): one task waits.
    const tasks = async () => (await client.request<any>("DescribeScheduleTasks", { DBClusterId: sourceId })).Data.TimerInfos as Array<{ TaskId: string; Status: string }>;
    await project.pulumi(["config", "set", "class", "polar.pg.x4.xlarge"]);
    await project.pulumi(["config", "set", "window", windowIn(600)]);
    await project.pulumi(["up", "--yes", "--skip-preview"]);
    const registered = (await tasks()).filter((t) => t.Status === "pending");
    expect(registered).toHaveLength(1);
    await project.pulumi(["config", "set", "window", windowIn(900)]);
    await project.pulumi(["up", "--yes", "--skip-preview"]);
    const after = await tasks();
    expect(after.find((t) => t.TaskId === registered[0].TaskId)?.Status).toBe("cancel");
    expect(after.filter((t) => t.Status === "pending")).toHaveLength(1);
    expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);

    await project.pulumi(["destroy", "--yes", "--skip-preview"]);
    const left = ((await client.request<any>("DescribeDBClusters", {})).Items.DBCluster as any[]).filter((c) => c.DBClusterStatus !== "Deleted");
    expect(left).toEqual([]);
    expect(state().backups.filter((b: any) => b.BackupId === backupId)).toEqual([]);

    // What was served: every kind of fault, and a lost answer for each of the actions (the
    // registration and the re-registration are two ModifyDBNodeClass calls). Seed 11 resets the
    // 2nd, throttles the 3rd and answers the 13th DescribeDBClusterAttribute with a 503.
    const served = stack.emulator.faultsServed();
    const total = (kind: string) => Object.values(served).reduce((n, k: any) => n + (k[kind] ?? 0), 0);
    console.log(`cluster-options faults served: ${JSON.stringify(served)}`);
    expect(Object.fromEntries(NEW_ACTIONS.map((a) => [a, served[a]?.drop]))).toEqual({
      CreateBackup: 1, DeleteBackup: 1, ModifyDBClusterPrimaryZone: 1, ModifyDBNodeClass: 2, CancelScheduleTasks: 1,
    });
    expect({ throttle: total("throttle") > 0, "5xx": total("5xx") > 0, reset: total("reset") > 0 }).toEqual({ throttle: true, "5xx": true, reset: true });
  } finally {
    stack.emulator.setFaults(undefined);
  }
});
