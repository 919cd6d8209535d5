/**
 * Issue 12's fault suite with the real CLI and the packed package: one `pulumi up` survives what
 * the cloud really does. Bounded: seeded faults, a small time scale, a deadline per CLI run.
 *   1. 22 resources on 2 clusters under 20 % throttling + 5 % 5xx + 3 % resets on every action:
 *      ONE up converges, the next preview shows no changes, ONE destroy leaves nothing.
 *   2. The first answer of every create and delete call lost after the cloud applied it (each
 *      distinct request once: `drop=#1/request`): one up, 0 duplicates, 0 orphans; one destroy,
 *      nothing left.
 * Each asserts what the emulator really served: per action, the throttles, 5xx answers, resets
 * and lost answers (a fault that never fired fails the test), and the recovery lines a user sees.
 *   3. SIGKILL of the whole `pulumi up` (CLI, language host, provider) during a cluster create
 *      and during a node create, then what the README tells a user: the CLI says the stack is
 *      locked, `pulumi cancel`, `up` warns of the pending create and records the object (0
 *      orphans), `pulumi refresh --clear-pending-creates` drops the pending create.
 *   4. SIGINT during an update (a class change): consistent state, the next up converges.
 */
import type { PolarDBClient } from "../../provider/client";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import {
  createAnswersLost, CREATE_CALLS_22, cycle as runCycle, DELETE_CALLS_22, dropsOf, EMPTY, EXPECTED_22, fatesOf, firstAnswersLost, Inventory, inventory as inventoryOf, served,
  upAfterKill as resumeAfterKill, upKilledWhen as killedWhen,
} from "../helpers/fault-suite";
import type { CliResult, Project } from "../helpers/pulumi-cli";

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
  new polardb.BackupPolicy(c + "-backups", { dbClusterId: cluster.id, preferredBackupPeriod: ["Tuesday", "Friday"] }); // not the default: a call
}
`;

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

const inventory = async (): Promise<Inventory> => inventoryOf(stack);

/** Cycles run on the first emulator (each ends with a destroy). */
let cyclesRun = 0;

/** One up (then a preview that must show no changes) and one destroy under `faults` (fault-suite.ts). */
async function cycle(label: string, faults?: string) {
  const r = await runCycle(stack, { faults, created: 22, expected: EXPECTED_22, secret: password });
  cyclesRun++;
  figures[label] = r.figures;
  return r;
}

test("fault-free baseline: one up, no changes after, one destroy (the API calls to compare with)", async () => {
  const { up, destroy } = await cycle("no faults");
  expect({ up: up.served, destroy: destroy.served }).toEqual({ up: {}, destroy: {} });
});

test("20 % throttling + 5 % 5xx + 3 % resets on every action: ONE up converges, no changes after, ONE destroy leaves nothing", async () => {
  const spec = "*:throttle=0.2,5xx=0.05,reset=0.03;seed=7";
  const { up, destroy } = await cycle("throttle 20 % + 5xx 5 % + reset 3 %", spec);
  for (const p of [up, destroy]) {
    // Exactly the seeded fates of the calls made, per action and kind; and every kind served.
    expect(p.served).toEqual(fatesOf(spec, p.calls));
    expect({ throttle: served(p.served, "throttle") > 0, "5xx": served(p.served, "5xx") > 0, reset: served(p.served, "reset") > 0, drop: served(p.served, "drop") })
      .toEqual({ throttle: true, "5xx": true, reset: true, drop: 0 });
  }
  // Not only the polls: seed 7 throttles the first three CreateAccount calls and the first
  // CreateDBClusterEndpoint, the second DeleteDBNodes (then answers its repeat with a 503) and the first DeleteDatabase.
  expect(up.served.CreateAccount?.throttle).toBeGreaterThanOrEqual(3);
  expect(up.served.CreateDBClusterEndpoint?.throttle).toBeGreaterThanOrEqual(1);
  expect(destroy.served.DeleteDBNodes).toMatchObject({ throttle: expect.any(Number), "5xx": expect.any(Number) });
  expect(destroy.served.DeleteDatabase?.throttle).toBeGreaterThanOrEqual(1);
});

test("the first answer of every create and delete call lost after it was applied: one up, 0 duplicates; one destroy, 0 orphans", async () => {
  const earlierCycles = cyclesRun;
  const { up, destroy } = await cycle("drop the first answer of each create/delete call", firstAnswersLost(CREATE_CALLS_22, DELETE_CALLS_22));
  // Each of the 22 create calls and of the 18 delete calls had its answer lost exactly once (fault-suite.ts: ClientTokens).
  expect(up.served).toEqual(createAnswersLost(CREATE_CALLS_22, earlierCycles));
  expect(destroy.served).toEqual(dropsOf(DELETE_CALLS_22));
  // What a user sees: the named resources whose create is not repeated look the object up and say
  // so; the others repeat the call (a ClientToken, a setter, a delete) and get their answer then.
  const said = new Set([...up.stdout.matchAll(/(\w+ [\w-]+) \([^)]*\): (the answer to \w+ was lost) \((.*?)\), (but the call was carried out; continuing with it)/g)]
    .map((m) => `${m[1]}: ${m[2]} (${m[3].startsWith(`${m[2].split(" ")[3]} failed: Client.ConnectionReset: the connection was reset.`) ? "reset" : m[3]}), ${m[4]}`));
  figures.lostAnswerLines = [...said].sort();
  expect([...said].sort()).toEqual(["Database east-orders", "Database west-orders", "EndpointAddress east-public", "EndpointAddress west-public"]
    .map((r) => `${r}: the answer to ${r.startsWith("Database") ? "CreateDatabase" : "CreateDBEndpointAddress"} was lost (reset), but the call was carried out; continuing with it`));
});

describe("killed and interrupted runs (time scale 0.05: a cluster takes ≈ 15 s)", () => {
  let slow: E2eStack;
  beforeAll(async () => {
    slow = await startE2eStack("killed-e2e", "", { key, timeScale: 0.05 });
    stack = slow; // inventory() and the helpers below look at this emulator now
    ({ project, client } = slow);
  });
  afterAll(async () => { await slow?.close(); });

const upKilledWhen = (when: () => boolean, signal: NodeJS.Signals = "SIGKILL", group = true): Promise<CliResult> => killedWhen(project, when, signal, group);
  /** `urn`: "Kind::name" of the create the kill interrupted. */
  const upAfterKill = (urn?: string): Promise<CliResult> => {
    const [kind, name] = urn?.split("::") ?? [];
    return resumeAfterKill(project, "killed-e2e", urn ? { kind, name } : undefined);
  };

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
    const up = await upAfterKill("Cluster::killed");
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
    await upAfterKill("Node::killed-ro");
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
