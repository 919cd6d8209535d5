/**
 * Preview plans what `up` does (issue 20, point 4), with the real CLI and the packed package.
 * Every parent → child pair on one MySQL cluster: cluster → node / endpoint / account / database /
 * whitelist / parameters / addresses / SSL, endpoint → address / SSL, node → endpoint, account →
 * database. Each step updates parents only; preview must plan exactly those updates, no
 * replacement and no change on any child; `up` then does the same, and the next preview is empty.
 *
 * Why it could fail before: in a preview the dynamic host reports an updated resource's inputs as
 * its outputs, so `endpoint.dbEndpointId`, `reader.dbNodeId` and `cluster.primaryEndpointId` were
 * unknown there and every child that referenced them planned a replacement.
 */
import { E2eStack, startE2eStack } from "../helpers/e2e-stack";
import type { Project } from "../helpers/pulumi-cli";

jest.setTimeout(15 * 60_000);

const key = { id: "e2e-plan-key", secret: "e2e-plan-SECRET-51c2" };

const program = `
const pulumi = require("@pulumi/pulumi");
const polardb = require("pulumi-polardb");
const cfg = new pulumi.Config();
const rev = cfg.get("rev") || "1";
const cluster = new polardb.Cluster("shop", { dbType: "MySQL", dbVersion: "8.0", dbNodeClass: "polar.mysql.x4.large",
  zoneId: "cn-hangzhou-h", description: "shop " + rev });
const reader = new polardb.Node("shop-ro", { dbClusterId: cluster.id, dbNodeClass: cfg.get("readerClass") || "polar.mysql.x4.large" });
const reporting = new polardb.Endpoint("reporting", { dbClusterId: cluster.id, readWriteMode: "ReadOnly", nodes: [reader.dbNodeId],
  autoAddNewNodes: "Disable", dbEndpointDescription: "reporting " + rev });
new polardb.ClusterSsl("reporting-ssl", { dbClusterId: cluster.id, dbEndpointId: reporting.dbEndpointId, netType: "Private" });
new polardb.EndpointAddress("reporting-public", { dbClusterId: cluster.id, dbEndpointId: reporting.dbEndpointId, connectionStringPrefix: "plan-reporting" });
new polardb.EndpointAddress("primary-public", { dbClusterId: cluster.id, dbEndpointId: cluster.primaryEndpointId, connectionStringPrefix: "plan-primary" });
new polardb.ClusterSsl("primary-ssl", { dbClusterId: cluster.id, dbEndpointId: cluster.primaryEndpointId, netType: "Private" });
const app = new polardb.Account("app", { dbClusterId: cluster.id, accountName: "app", accountPassword: "Plan-Passw0rd-1",
  accountDescription: "app " + rev });
new polardb.Database("orders", { dbClusterId: cluster.id, dbName: "orders", characterSetName: "utf8mb4", accountName: app.accountName });
new polardb.Whitelist("office", { dbClusterId: cluster.id, dbClusterIpArrayName: "office", securityIps: ["10.1.0.0/16"] });
new polardb.ClusterParameters("params", { dbClusterId: cluster.id, parameters: { wait_timeout: "3600" } });
exports.clusterId = cluster.id;
`;

let stack: E2eStack;
let project: Project;

beforeAll(async () => {
  stack = await startE2eStack("preview-plan", program, { key, timeScale: 0.001 });
  project = stack.project;
});
afterAll(async () => { await stack?.close(); });

/** Steps of `pulumi preview --json` / `up --json` as { resource name → op } (the stack left out). */
function opsOf(stdout: string): Record<string, string> {
  const steps: Array<{ op: string; urn: string }> = JSON.parse(stdout).steps ?? [];
  return Object.fromEntries(steps.filter((s) => !s.urn.includes("pulumi:pulumi:Stack")).map((s) => [s.urn.split("::").pop()!, s.op]));
}

/** The plan for every resource of the program: the JSON lists changes only, so the rest is "same". */
async function plan(): Promise<Record<string, string>> {
  const ops = opsOf((await project.pulumi(["preview", "--json"])).stdout);
  return { ...Object.fromEntries(ALL.map((n) => [n, "same"])), ...ops };
}

const ALL = ["shop", "shop-ro", "reporting", "reporting-ssl", "reporting-public", "primary-public", "primary-ssl", "app", "orders", "office", "params"];
const expectOnly = (ops: Record<string, string>, updated: string[]) => {
  expect(ops).toEqual(Object.fromEntries(ALL.map((n) => [n, updated.includes(n) ? "update" : "same"])));
};

test("the stack comes up and a second preview is empty", async () => {
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  expectOnly(await plan(), []);
});

test("cluster, endpoint and account updated at once: preview plans those three updates and nothing else; up agrees", async () => {
  await project.pulumi(["config", "set", "rev", "2"]);
  expectOnly(await plan(), ["shop", "reporting", "app"]);
  stack.emulator.resetCalls();
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  const [last] = JSON.parse((await project.pulumi(["stack", "history", "--json"])).stdout);
  expect(last.resourceChanges).toEqual({ update: 3, same: ALL.length + 1 - 3 }); // + the stack itself
  const calls = stack.emulator.calls();
  expect(Object.keys(calls).filter((a) => /^(Create|Delete)/.test(a))).toEqual([]);
  expectOnly(await plan(), []);
});

test("a reader's class change (node updated) leaves the endpoint that lists it alone", async () => {
  await project.pulumi(["config", "set", "readerClass", "polar.mysql.x4.xlarge"]);
  expectOnly(await plan(), ["shop-ro"]);
  await project.pulumi(["up", "--yes", "--skip-preview"]);
  expectOnly(await plan(), []);
});

test("a reference to a new object still plans a replacement: children of a recreated endpoint follow it", async () => {
  // A new logical name makes a new endpoint (a new id, unknown in preview): its children must follow.
  project.writeProgram(program.replace('new polardb.Endpoint("reporting"', 'new polardb.Endpoint("reporting-b"'));
  const ops = await plan();
  expect(ops).toMatchObject({ "reporting-b": "create", reporting: "delete", "reporting-ssl": "replace", "reporting-public": "replace", "primary-public": "same", "primary-ssl": "same" });
  project.writeProgram(program);
  expectOnly(await plan(), []);
});

test("destroy leaves nothing", async () => {
  await project.pulumi(["destroy", "--yes", "--skip-preview"]);
  const body: any = await stack.client.request("DescribeDBClusters", { RegionId: "cn-hangzhou" });
  expect(body.Items?.DBCluster ?? []).toEqual([]);
});
