/**
 * Issue 12's fault suite with the real CLI and the packed package: one `pulumi up` survives what
 * the cloud really does. Bounded: seeded faults, a small time scale, a deadline per CLI run.
 *   1. 22 resources on 2 clusters under 20 % throttling + 5 % 5xx + 3 % resets on every action:
 *      ONE up converges, the next preview shows no changes, ONE destroy leaves nothing.
 *   2. The first answer of every create and delete action lost after the cloud applied it:
 *      one up, 0 duplicates, 0 orphans; one destroy, nothing left.
 *   3. SIGKILL of the whole `pulumi up` (CLI, language host, provider) during a cluster create
 *      and during a node create, then `pulumi cancel` where the CLI asks and `up`: 0 orphans.
 *   4. SIGINT during an update (a class change): consistent state, the next up converges.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PolarDBClient } from "../../provider/client";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { CliResult, Project } from "../helpers/pulumi-cli";
import { toolchainDir } from "../helpers/pulumi-cli";

jest.setTimeout(20 * 60_000);

const key = { id: "e2e-faults-key", secret: "e2e-faults-SECRET-77aa" };
const password = "Fault-Passw0rd-secret-5";

/** Two clusters, eleven resources each (22). */
const program22 = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const password = new pulumi.Config().requireSecret("dbPassword");
for (const c of ["east", "west"]) {
  const cluster = new polardb.Cluster(c, { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium",
    zoneId: "cn-hangzhou-h", description: "faults " + c, maintainTime: "16:00Z-17:00Z" });
  const reader = new polardb.Node(c + "-ro", { dbClusterId: cluster.id, dbNodeClass: "polar.pg.x4.medium" });
  new polardb.Whitelist(c + "-app", { dbClusterId: cluster.id, dbClusterIpArrayName: "app", securityIps: ["10.0.0.0/24"] });
  new polardb.Whitelist(c + "-ops", { dbClusterId: cluster.id, dbClusterIpArrayName: "ops", securityIps: ["10.9.0.1"] });
  const app = new polardb.Account(c + "-app", { dbClusterId: cluster.id, accountName: "app", accountPassword: password });
  new polardb.Database(c + "-orders", { dbClusterId: cluster.id, dbName: "orders", characterSetName: "UTF8", collate: "C", accountName: app.accountName });
  new polardb.Endpoint(c + "-reporting", { dbClusterId: cluster.id, readWriteMode: "ReadOnly", nodes: [reader.dbNodeId],
    autoAddNewNodes: "Disable", dbEndpointDescription: "reporting" });
  new polardb.ClusterParameters(c + "-params", { dbClusterId: cluster.id, parameters: { work_mem: "8192" } });
  new polardb.SqlCollector(c + "-audit", { dbClusterId: cluster.id });
  new polardb.EndpointAddress(c + "-public", { dbClusterId: cluster.id, dbEndpointId: cluster.primaryEndpointId, connectionStringPrefix: c + "-faults-pub" });
  new polardb.BackupPolicy(c + "-backups", { dbClusterId: cluster.id, preferredBackupPeriod: ["Monday", "Thursday"] });
}
`;

/** Process groups of processes whose command line names `dir` (the provider plugin of that project). */
function pluginGroupsOf(dir: string): number[] {
  const groups = new Set<number>();
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const pgid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgid > 1 && pgid !== process.pid) groups.add(pgid);
    } catch { /* gone meanwhile */ }
  }
  return [...groups];
}

const CREATE_AND_DELETE_ACTIONS = [
  "CreateDBCluster", "CreateDBNodes", "CreateAccount", "CreateDatabase", "CreateDBClusterEndpoint", "CreateDBEndpointAddress",
  "ModifyDBClusterAccessWhitelist", "ModifyDBClusterParameters", "ModifyDBClusterAuditLogCollector", "ModifyBackupPolicy",
  "DeleteDBCluster", "DeleteDBNodes", "DeleteAccount", "DeleteDatabase", "DeleteDBClusterEndpoint", "DeleteDBEndpointAddress",
];

let stack: E2eStack;
let project: Project;
let client: PolarDBClient;

beforeAll(async () => {
  stack = await startE2eStack("faults-e2e", program22, { key, timeScale: 0.002, env: { POLARDB_OUTAGE_MS: "120000" } });
  first = stack;
  ({ project, client } = stack);
  await project.pulumi(["config", "set", "--secret", "dbPassword", password]);
});
let first: E2eStack;
afterAll(async () => { await first?.close(); });

const figures: Record<string, unknown> = {};
afterAll(() => { console.log(`fault suite figures: ${JSON.stringify(figures)}`); });

/** What the emulator holds: clusters (not being released) and, per cluster, its resources. */
async function inventory(): Promise<{ clusters: number; readers: number; accounts: number; databases: number; groups: number; endpoints: number; publics: number }> {
  const state: any = stack.emulator.backend.save();
  const clusters = Object.values<any>(state.clusters).filter((c) => c.DBClusterStatus !== "Deleting");
  const sum = (f: (c: any) => number) => clusters.reduce((n, c) => n + f(c), 0);
  return {
    clusters: clusters.length,
    readers: sum((c) => c.nodes.filter((n: any) => n.DBNodeRole === "Reader").length),
    accounts: sum((c) => c.accounts.length),
    databases: sum((c) => c.databases.length),
    groups: sum((c) => c.ipGroups.filter((g: any) => g.DBClusterIPArrayName !== "default" && g.SecurityIps !== "").length),
    endpoints: sum((c) => c.endpoints.filter((e: any) => e.EndpointType === "Custom").length),
    publics: sum((c) => c.endpoints.reduce((n: number, e: any) => n + e.AddressItems.filter((a: any) => a.NetType === "Public").length, 0)),
  };
}

/** Per cluster: its own reader (a new cluster has one) and the program's one; one of everything else. */
const EXPECTED_22 = { clusters: 2, readers: 4, accounts: 2, databases: 2, groups: 4, endpoints: 2, publics: 2 };
const EMPTY = { clusters: 0, readers: 0, accounts: 0, databases: 0, groups: 0, endpoints: 0, publics: 0 };
const totalCalls = () => Object.values(stack.emulator.calls()).reduce((a, b) => a + b, 0);

async function cycle(label: string): Promise<void> {
  stack.emulator.resetCalls();
  const up = await project.pulumi(["up", "--yes", "--skip-preview", "--parallel", "16"]);
  expect(up.stdout).toMatch(/\+ 23 created/); // 22 + the stack
  expect(await inventory()).toEqual(EXPECTED_22);
  const upCalls = totalCalls();
  const preview = await project.pulumi(["preview", "--expect-no-changes"]);
  expect(preview.code).toBe(0);
  stack.emulator.resetCalls();
  await project.pulumi(["destroy", "--yes", "--skip-preview", "--parallel", "16"]);
  const destroyCalls = totalCalls();
  expect(await inventory()).toEqual(EMPTY);
  expect(JSON.stringify(await project.exportStack())).not.toContain(password);
  figures[label] = { upRuns: 1, destroyRuns: 1, upCalls, destroyCalls };
}

test("fault-free baseline: one up, no changes after, one destroy (the API calls to compare with)", async () => {
  stack.emulator.setFaults(undefined);
  await cycle("no faults");
});

test("20 % throttling + 5 % 5xx + 3 % resets on every action: ONE up converges, no changes after, ONE destroy leaves nothing", async () => {
  stack.emulator.setFaults("*:throttle=0.2,5xx=0.05,reset=0.03;seed=7");
  try { await cycle("throttle 20 % + 5xx 5 % + reset 3 %"); } finally { stack.emulator.setFaults(undefined); }
});

test("the first answer of every create and delete action lost after it was applied: one up, 0 duplicates; one destroy, 0 orphans", async () => {
  stack.emulator.setFaults(CREATE_AND_DELETE_ACTIONS.map((a) => `${a}:drop=#1`).join(";"));
  try { await cycle("drop first answer of each create/delete action"); } finally { stack.emulator.setFaults(undefined); }
});

describe("killed and interrupted runs (time scale 0.05: a cluster takes ≈ 15 s)", () => {
  let slow: E2eStack;
  beforeAll(async () => {
    slow = await startE2eStack("killed-e2e", "", { key, timeScale: 0.05 });
    stack = slow; // inventory() and the helpers below look at this emulator now
    ({ project, client } = slow);
  });
  afterAll(async () => { await slow?.close(); });

/** `pulumi up` as its own process group, killed with SIGKILL (the whole group) once `when` holds. */
  async function upKilledWhen(when: () => boolean, signal: NodeJS.Signals = "SIGKILL", group = true): Promise<CliResult> {
    const child = spawn(path.join(toolchainDir(), "pulumi"), ["up", "--yes", "--skip-preview", "--non-interactive"], { cwd: project.dir, env: project.env, detached: true });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    const closed = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
    const deadline = Date.now() + 120_000;
    while (!when() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(when()).toBe(true);
    if (group) process.kill(-child.pid!, signal); else child.kill(signal);
    const code = await closed;
    // The CLI starts each plugin in a process group of its own, so a group kill leaves the
    // provider process running (as a user's kill -9 would); end the ones this run started.
    if (signal === "SIGKILL") for (const pgid of pluginGroupsOf(project.dir)) process.kill(-pgid, "SIGKILL");
    return { code, stdout, stderr };
  }

  /** `pulumi up` after a killed run: `pulumi cancel` first if the CLI says the stack is locked. */
  async function upAfterKill(): Promise<CliResult> {
    let up = await project.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true });
    if (up.code !== 0 && /locked/i.test(up.stdout + up.stderr)) {
      figures.cancelNeeded = true;
      await project.pulumi(["cancel", "--yes"]);
      up = await project.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true });
    }
    if (up.code !== 0) throw new Error(`up after the kill failed:\n${up.stdout}\n${up.stderr}`);
    return up;
  }

  /** A slow cluster, and with `node` a reader on it, of the given class. */
  const killedProgram = (cls: string, node: boolean) => `
const polardb = require("pulumi-polardb");
const slow = new polardb.Cluster("killed", { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "${cls}", zoneId: "cn-hangzhou-h", description: "killed run" });
exports.clusterId = slow.id;
${node ? `exports.nodeId = new polardb.Node("killed-ro", { dbClusterId: slow.id, dbNodeClass: "${cls}" }).dbNodeId;` : ""}
`;

  test("SIGKILL of the whole pulumi up during a cluster create, then up: one cluster, recorded; during a node create, then up: one node", async () => {
    project.writeProgram(killedProgram("polar.pg.x4.medium", false));
    stack.emulator.resetCalls();
    const killed = await upKilledWhen(() => (stack.emulator.calls().CreateDBCluster ?? 0) >= 1);
    expect(killed.code).not.toBe(0);
    expect((await inventory()).clusters).toBe(1); // made, not recorded
    const up = await upAfterKill();
    figures.afterClusterKill = up.stdout.split("\n").filter((l) => /pending|interrupted|continuing with it|earlier attempt/i.test(l)).slice(0, 6);
    expect((await inventory()).clusters).toBe(1); // 0 orphans: the earlier attempt's cluster was recognised
    const { clusterId } = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
    expect(Object.keys((stack.emulator.backend.save() as any).clusters).filter((id) => (stack.emulator.backend.save() as any).clusters[id].DBClusterStatus !== "Deleting")).toEqual([clusterId]);
    expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);

    // Now a node: killed after CreateDBNodes was answered.
    project.writeProgram(killedProgram("polar.pg.x4.medium", true));
    const readersBefore = (await inventory()).readers;
    stack.emulator.resetCalls();
    const killedNode = await upKilledWhen(() => (stack.emulator.calls().CreateDBNodes ?? 0) >= 1);
    expect(killedNode.code).not.toBe(0);
    expect((await inventory()).readers).toBe(readersBefore + 1);
    await upAfterKill();
    expect((await inventory()).readers).toBe(readersBefore + 1); // 0 orphans
    const outs = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
    const attr: any = await client.request("DescribeDBClusterAttribute", { DBClusterId: outs.clusterId });
    expect(attr.DBNodes.map((n: any) => n.DBNodeId)).toContain(outs.nodeId);
    expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
  });

  test("SIGINT during an update (a class change): the stack stays consistent and the next up converges", async () => {
    project.writeProgram(killedProgram("polar.pg.x4.large", true));
    stack.emulator.resetCalls();
    const interrupted = await upKilledWhen(() => (stack.emulator.calls().ModifyDBNodeClass ?? 0) >= 1, "SIGINT", false);
    expect(interrupted.code).not.toBe(0);
    await upAfterKill();
    const { clusterId } = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
    const attr: any = await client.request("DescribeDBClusterAttribute", { DBClusterId: clusterId });
    expect(attr.DBNodes.every((n: any) => n.DBNodeClass === "polar.pg.x4.large")).toBe(true);
    expect((await project.pulumi(["preview", "--expect-no-changes"])).code).toBe(0);
    await project.pulumi(["destroy", "--yes", "--skip-preview"]);
    expect(await inventory()).toEqual(EMPTY);
  });

  test("deletionLock protects the data: destroy of a locked cluster deletes nothing and says why; with the opt-in, one destroy removes all", async () => {
    const locked = (lift: boolean) => `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cluster = new polardb.Cluster("locked", { dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium",
  zoneId: "cn-hangzhou-h", description: "locked", deletionLock: true${lift ? ", liftDeletionLockOnDestroy: true" : ""} });
const app = new polardb.Account("locked-app", { dbClusterId: cluster.id, accountName: "app", accountPassword: "${password}" });
new polardb.Database("locked-db", { dbClusterId: cluster.id, dbName: "orders", characterSetName: "UTF8", collate: "C", accountName: app.accountName });
new polardb.Whitelist("locked-wl", { dbClusterId: cluster.id, dbClusterIpArrayName: "app", securityIps: ["10.0.0.1"] });
`;
    project.writeProgram(locked(false));
    await project.pulumi(["up", "--yes", "--skip-preview"]);
    const before = await inventory();
    expect(before).toMatchObject({ clusters: 1, accounts: 1, databases: 1, groups: 1 });
    stack.emulator.resetCalls();
    const refused = await project.pulumi(["destroy", "--yes"], { allowFailure: true });
    expect(refused.code).not.toBe(0);
    const said = refused.stdout + refused.stderr;
    figures.lockedDestroyMessage = said.split("\n").filter((l) => /protect/i.test(l)).slice(0, 3);
    expect(said).toMatch(/protect/i);
    expect(await inventory()).toEqual(before); // nothing deleted: not the account, not the database, not the group
    expect(Object.keys(stack.emulator.calls()).filter((a) => a.startsWith("Delete") || a === "ModifyDBClusterAccessWhitelist")).toEqual([]);
    // The opt-in: up records it (and lifts Pulumi's protection), then one destroy removes everything.
    project.writeProgram(locked(true));
    await project.pulumi(["up", "--yes", "--skip-preview"]);
    await project.pulumi(["destroy", "--yes", "--skip-preview"]);
    expect(await inventory()).toEqual(EMPTY);
  });
});
