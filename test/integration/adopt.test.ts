/**
 * `adopt: "<id>"` takes what already exists under management (Pulumi's import cannot work for
 * dynamic providers): create reads the object, refuses when what cannot change in place differs
 * (adopting never replaces or deletes), converges the rest in place and records it.
 */
import { createHash } from "node:crypto";
import { makeProvider, Provider } from "../../provider/engine";
import { runtimeDeps } from "../../provider/runtime";
import { specs } from "../../resources";
import { CLASS, checkedInputs, cloud, describeCluster, FAST } from "../helpers/cluster-fixture";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";

let emu: TestEmulator;
let clusterId: string;
const lines: string[] = [];
const providers: Record<string, Provider> = {};
const provider = (kind: keyof typeof specs) =>
  (providers[kind] ??= makeProvider(specs[kind] as never, runtimeDeps({ tuning: FAST, progress: (l) => lines.push(l), convergeGraceMs: 300 })));
const call = (action: string, params: Record<string, unknown>) => emu.client.request<any>(action, params);

beforeAll(async () => {
  emu = await startTestEmulator({ timeScale: 0.001 });
  // Made outside this provider (as in the console): a raw call, not a resource of this process.
  clusterId = (await call("CreateDBCluster", { DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: CLASS.PostgreSQL, ZoneId: "cn-hangzhou-h", PayType: "Postpaid", DBClusterDescription: "made in the console" })).DBClusterId;
  await waitRunning();
});

async function waitRunning(): Promise<void> {
  let status = "";
  for (let i = 0; i < 500 && (status = (await describeCluster(emu, clusterId)).DBClusterStatus) !== "Running"; i++) await new Promise((r) => setTimeout(r, 10));
  expect(status).toBe("Running");
}
const nodesOf = async () => { const d = await describeCluster(emu, clusterId); return (d.DBNodes.DBNode ?? d.DBNodes) as any[]; };
afterAll(async () => { await emu?.stop(); });

test("a cluster whose create-only settings differ is not adopted, and nothing changes", async () => {
  const p = provider("Cluster");
  emu.emulator.resetCalls();
  const inputs = await checkedInputs(p, { adopt: clusterId, dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: CLASS.PostgreSQL, vpcId: "vpc-elsewhere01", vswitchId: "vsw-elsewhere01", description: "xx" });
  await expect(p.create(inputs)).rejects.toThrow(/not adopted, because vpcId is "vpc-[a-z0-9]+" in the cloud but "vpc-elsewhere01" in the program; vswitchId is "vsw-[a-z0-9]+" in the cloud but "vsw-elsewhere01" in the program\. These cannot change in place/);
  const calls = emu.emulator.calls();
  expect(Object.keys(calls).filter((a) => !a.startsWith("Describe"))).toEqual([]);
});

test("a cluster: adopted in place — description and tags converge, nothing is created or deleted", async () => {
  const p = provider("Cluster");
  const before = Object.keys(cloud(emu).clusters).length;
  emu.emulator.resetCalls();
  const inputs = await checkedInputs(p, {
    adopt: clusterId, dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: CLASS.PostgreSQL, zoneId: "cn-hangzhou-h",
    description: "orders (now in Pulumi)", tags: { team: "data" },
  });
  const r = await p.create(inputs);
  expect(r.id).toBe(clusterId);
  expect(r.outs).toMatchObject({ description: "orders (now in Pulumi)", tags: { team: "data" }, status: "Running" });
  expect(r.outs.adopt).toBeUndefined(); // read by the first create only
  expect(emu.emulator.calls().CreateDBCluster ?? 0).toBe(0);
  expect(Object.keys(cloud(emu).clusters)).toHaveLength(before);
  expect((await describeCluster(emu, clusterId)).DBClusterDescription).toBe("orders (now in Pulumi)");
  expect(lines.join("\n")).toMatch(new RegExp(`adopted ${clusterId} \\(adopt\\)`));
  // Later runs: adopt is not compared (removing or changing it is no change).
  const { adopt: _ignored, ...withoutAdopt } = inputs;
  expect((await p.diff(r.id, r.outs, withoutAdopt)).changes).toBe(false);
});

test("an id that does not exist, or of the wrong form, or disagreeing with the inputs", async () => {
  const p = provider("Cluster");
  const inputs = await checkedInputs(p, { adopt: "pc-doesnotexist", dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: CLASS.PostgreSQL });
  await expect(p.create(inputs)).rejects.toThrow(/adopt names pc-doesnotexist, which does not exist in region cn-hangzhou/);
  expect((await p.check({}, { adopt: "garbage-id", dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: CLASS.PostgreSQL })).failures)
    .toEqual([{ property: "adopt", reason: expect.stringMatching(/"garbage-id" is not a valid id here/) }]);
  expect((await provider("Database").check({}, { adopt: "pc-aaa:orders", dbClusterId: "pc-bbb", dbName: "orders", characterSetName: "utf8" })).failures)
    .toEqual([{ property: "adopt", reason: 'names dbClusterId "pc-aaa", but dbClusterId is "pc-bbb"' }]);
});

test("a reader node, an account (its password set to the declared one), a database, a whitelist group, an endpoint", async () => {
  await call("CreateDBNodes", { DBClusterId: clusterId, "DBNode.1.TargetClass": CLASS.PostgreSQL, ClientToken: "console-node" });
  await waitRunning();
  const reader = (await nodesOf()).find((n: any) => n.DBNodeRole === "Reader").DBNodeId;
  await call("CreateAccount", { DBClusterId: clusterId, AccountName: "app", AccountPassword: "Console-Passw0rd", AccountType: "Normal" });
  let accountStatus = "";
  for (let i = 0; i < 500 && (accountStatus = (await call("DescribeAccounts", { DBClusterId: clusterId, AccountName: "app" })).Accounts[0]?.AccountStatus) !== "Available"; i++) await new Promise((r) => setTimeout(r, 10));
  expect(accountStatus).toBe("Available");
  await call("CreateDatabase", { DBClusterId: clusterId, DBName: "orders", CharacterSetName: "utf8", AccountName: "app", DBDescription: "orders", Collate: "C", Ctype: "C" });
  await call("ModifyDBClusterAccessWhitelist", { DBClusterId: clusterId, DBClusterIPArrayName: "office", SecurityIps: "10.0.0.1" });
  await call("CreateDBClusterEndpoint", { DBClusterId: clusterId, EndpointType: "Custom", Nodes: reader, DBEndpointDescription: "reports" });
  await waitRunning();
  const endpointId = (await call("DescribeDBClusterEndpoints", { DBClusterId: clusterId })).Items.find((e: any) => e.EndpointType === "Custom").DBEndpointId;
  emu.emulator.resetCalls();

  const node = await provider("Node").create(await checkedInputs(provider("Node"), { adopt: `${clusterId}:${reader}`, dbClusterId: clusterId, dbNodeClass: CLASS.PostgreSQL }));
  expect(node.id).toBe(`${clusterId}:${reader}`);

  const password = "Declared-Passw0rd";
  const account = await provider("Account").create(await checkedInputs(provider("Account"), { adopt: `${clusterId}:app`, dbClusterId: clusterId, accountName: "app", accountPassword: password, accountType: "Normal", accountDescription: "the app" }));
  expect(account.id).toBe(`${clusterId}:app`);
  const stored = cloud(emu).clusters[clusterId].accounts.find((a: any) => a.AccountName === "app");
  expect(stored.passwordDigest).toBe(createHash("sha256").update(password).digest("hex")); // the emulator's digest: the declared password is set
  expect(emu.emulator.calls().ModifyAccountPassword).toBe(1);

  const db = await provider("Database").create(await checkedInputs(provider("Database"), { adopt: `${clusterId}:orders`, dbClusterId: clusterId, dbName: "orders", characterSetName: "utf8", accountName: "app" }));
  expect(db.id).toBe(`${clusterId}:orders`);

  const group = await provider("Whitelist").create(await checkedInputs(provider("Whitelist"), { adopt: `${clusterId}:office`, dbClusterId: clusterId, dbClusterIpArrayName: "office", securityIps: ["10.0.0.1", "10.0.0.2"] }));
  expect(group.outs.securityIps).toEqual(["10.0.0.1", "10.0.0.2"]); // converged in place

  const endpoint = await provider("Endpoint").create(await checkedInputs(provider("Endpoint"), { adopt: `${clusterId}:${endpointId}`, dbClusterId: clusterId, endpointType: "Custom", nodes: [reader], dbEndpointDescription: "reports" }));
  expect(endpoint.id).toBe(`${clusterId}:${endpointId}`);

  const calls = emu.emulator.calls();
  for (const create of ["CreateDBNodes", "CreateAccount", "CreateDatabase", "CreateDBClusterEndpoint"]) expect(calls[create] ?? 0).toBe(0);
  for (const del of ["DeleteDBNodes", "DeleteAccount", "DeleteDatabase", "DeleteDBClusterEndpoint"]) expect(calls[del] ?? 0).toBe(0);
});
