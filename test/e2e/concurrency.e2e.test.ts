/**
 * Issue 6's concurrency promise with the real CLI: 10 accounts, 5 databases, 3 whitelist groups,
 * 2 nodes and 2 endpoints on one cluster, created in parallel by one `pulumi up` even though the
 * emulator (like the cloud) refuses mutations while the cluster is busy; then one destroy.
 */
import type { PolarDBClient } from "../../provider/client";
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { Project } from "../helpers/pulumi-cli";

jest.setTimeout(20 * 60_000);

const accessKeyId = "e2e-conc-key";
const accessKeySecret = "e2e-conc-SECRET-4b1d";
const password = "Conc-Passw0rd-secret-91";

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const password = cfg.requireSecret("dbPassword");
const cluster = new polardb.Cluster("main", {
  dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", payType: "Postpaid",
  zoneId: "cn-hangzhou-h", vpcId: "vpc-conc000000000000001", vswitchId: "vsw-conc000000000000001",
  description: "concurrency",
});
const accounts = [];
for (let i = 0; i < 10; i++) {
  accounts.push(new polardb.Account("acct" + i, { dbClusterId: cluster.id, accountName: "app" + i,
    accountPassword: password, accountType: "Normal", accountDescription: "account " + i }));
}
for (let i = 0; i < 5; i++) {
  new polardb.Database("db" + i, { dbClusterId: cluster.id, dbName: "orders" + i, characterSetName: "UTF8", collate: "C",
    accountName: accounts[i].accountName, dbDescription: "database " + i });
}
for (const team of ["alpha", "beta", "gamma"]) {
  new polardb.Whitelist(team, { dbClusterId: cluster.id, dbClusterIpArrayName: team,
    securityIps: team === "alpha" ? ["10.0.0.0/24", "10.0.1.5"] : ["192.168.0.0/16"] });
}
const nodes = [0, 1].map((i) => new polardb.Node("reader" + i, { dbClusterId: cluster.id, dbNodeClass: "polar.pg.x4.medium" }));
new polardb.Endpoint("reporting", { dbClusterId: cluster.id, endpointType: "Custom", readWriteMode: "ReadOnly",
  nodes: nodes.map((n) => n.dbNodeId), autoAddNewNodes: "Disable" });
new polardb.Endpoint("adhoc", { dbClusterId: cluster.id, endpointType: "Custom", readWriteMode: "ReadWrite",
  autoAddNewNodes: "Enable" });
exports.clusterId = cluster.id;
`;

let stack: E2eStack;
let emulator: E2eStack["emulator"];
let client: PolarDBClient;
let project: Project;

beforeAll(async () => {
  stack = await startE2eStack("concurrency-e2e", program, { key: { id: accessKeyId, secret: accessKeySecret }, timeScale: 0.002 });
  ({ emulator, client, project } = stack);
  await project.pulumi(["config", "set", "--secret", "dbPassword", password]);
});

afterAll(async () => { await stack?.close(); });

test("one pulumi up converges 22 resources on one busy cluster, one destroy removes them", async () => {
  emulator.resetCalls();
  const started = Date.now();
  const up = await project.pulumi(["up", "--yes", "--skip-preview", "--parallel", "32"]);
  const upMs = Date.now() - started;
  expect(up.stdout).toMatch(/\+ 24 created/); // 22 + cluster + stack
  const calls = emulator.calls();
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  console.log(`concurrency e2e: pulumi up ${upMs} ms, ${total} API calls`, JSON.stringify(calls));

  const { clusterId } = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
  // One cluster, no orphan (a lost or repeated create would leave a second one).
  const clusters: any = await client.request("DescribeDBClusters", { RegionId: "cn-hangzhou" });
  expect(clusters.Items.DBCluster.map((c: any) => c.DBClusterId)).toEqual([clusterId]);
  const accounts: any = await client.request("DescribeAccounts", { DBClusterId: clusterId });
  expect(accounts.Accounts.map((a: any) => a.AccountName).sort()).toEqual(
    Array.from({ length: 10 }, (_, i) => `app${i}`).sort());
  const dbs: any = await client.request("DescribeDatabases", { DBClusterId: clusterId });
  expect(dbs.Databases.Database.map((d: any) => d.DBName).sort()).toEqual(["orders0", "orders1", "orders2", "orders3", "orders4"]);
  const wl: any = await client.request("DescribeDBClusterAccessWhitelist", { DBClusterId: clusterId });
  // Exactly the cluster's own default group and the program's three, each with its addresses.
  const groups = Object.fromEntries(wl.Items.DBClusterIPArray.filter((g: any) => g.DBClusterIPArrayName !== "default")
    .map((g: any) => [g.DBClusterIPArrayName, g.SecurityIps.split(",").sort()]));
  expect(wl.Items.DBClusterIPArray.map((g: any) => g.DBClusterIPArrayName).sort()).toEqual(["alpha", "beta", "default", "gamma"]);
  expect(groups).toEqual({ alpha: ["10.0.0.0/24", "10.0.1.5"], beta: ["192.168.0.0/16"], gamma: ["192.168.0.0/16"] });
  const attr: any = await client.request("DescribeDBClusterAttribute", { DBClusterId: clusterId });
  // a new cluster has one writer and one reader of its own; the program added two readers
  expect(attr.DBNodes.filter((n: any) => n.DBNodeRole === "Reader")).toHaveLength(3);
  const eps: any = await client.request("DescribeDBClusterEndpoints", { DBClusterId: clusterId });
  expect(eps.Items.filter((e: any) => e.EndpointType === "Custom").map((e: any) => e.ReadWriteMode).sort()).toEqual(["ReadOnly", "ReadWrite"]);

  // Nothing secret reached the state in plaintext.
  const state = JSON.stringify(await project.exportStack());
  expect(state).not.toContain(password);
  expect(state).not.toContain(accessKeySecret);

  const preview = await project.pulumi(["preview", "--expect-no-changes"]);
  expect(preview.code).toBe(0);

  const destroyStarted = Date.now();
  await project.pulumi(["destroy", "--yes", "--skip-preview", "--parallel", "32"]);
  console.log(`concurrency e2e: pulumi destroy ${Date.now() - destroyStarted} ms`);
  const left: any = await client.request("DescribeDBClusters", { RegionId: "cn-hangzhou" });
  expect(left.Items.DBCluster).toEqual([]); // not this cluster, nor any other
});
